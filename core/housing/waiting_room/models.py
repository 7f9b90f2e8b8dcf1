"""The database adapter's tables: one row per sale (the draw, the last place given, the
sandbox's capacity) and one queue entry per citizen per sale (unique: one place per FİN)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base


class WaitingRoomRow(Base):
    __tablename__ = "housing_waiting_room"

    sale_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_place: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)


class QueueEntry(Base):
    __tablename__ = "housing_queue_entry"
    __table_args__ = (
        UniqueConstraint("sale_id", "fin", name="uq_housing_queue_entry_sale_fin"),
        Index("ix_housing_queue_entry_line", "sale_id", "status", "place"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(Integer, nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False)  # port.State values
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    admitted_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    token_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
