"""The database adapter's tables: one row per sale's line (the draw, the last place given, the
frontier, the pacer's rate and lease, the sandbox's capacity), one entry per citizen per sale
(unique: one place per citizen), and every move of the frontier."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base


class LineRow(Base):
    __tablename__ = "housing_line"

    sale_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    issued: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    frontier: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rate: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    moved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    generation: Mapped[str] = mapped_column(String(16), nullable=False)


class LineEntry(Base):
    """A citizen's place: status pre (before the draw), waiting, inside (admitted until
    admitted_until) or settled (the place was used or left)."""

    __tablename__ = "housing_line_entry"
    __table_args__ = (
        UniqueConstraint("sale_id", "citizen", name="uq_housing_line_entry_sale_citizen"),
        Index("ix_housing_line_entry_place", "sale_id", "place"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(Integer, nullable=False)
    citizen: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    arrived_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    turn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    admitted_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    token_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class LineTurn(Base):
    """The frontier reached `frontier` at `at`: the pacer's record, oldest first."""

    __tablename__ = "housing_line_turn"

    sale_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    frontier: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
