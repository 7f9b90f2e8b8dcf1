"""Tables of the allocation log as a transparency log (core.housing.checkpoints): per sale its
state (which log, how far it is signed), its hash tiles, its signed checkpoints and the
witnesses' cosignatures of them. Part of the housing package's schema (models.py imports it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.housing.allocation_log import GENESIS
from core.kernel.db import Base


class LogState(Base):
    """One row per sale, locked by whoever signs its next checkpoint. `generation` counts
    the logs the sale has had: a sandbox reset starts a new one (a new origin)."""

    __tablename__ = "housing_log_state"

    sale_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    size: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # the chain hash of the last signed entry: the next entries must link to it
    head_hash: Mapped[str] = mapped_column(String(64), nullable=False, default=GENESIS)


class LogTile(Base):
    """A hash tile as served (c2sp.org/tlog-tiles): the rightmost tile of a level grows until
    it holds 256 hashes, then never changes."""

    __tablename__ = "housing_log_tile"

    sale_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hashes: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class LogCheckpoint(Base):
    __tablename__ = "housing_log_checkpoint"
    __table_args__ = (UniqueConstraint("sale_id", "generation", "size",
                                       name="uq_housing_log_checkpoint_size"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(Integer, index=True, nullable=False)
    generation: Mapped[int] = mapped_column(Integer, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)      # signed by the log only
    phase: Mapped[str] = mapped_column(String(20), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class LogCosignature(Base):
    __tablename__ = "housing_log_cosignature"
    __table_args__ = (UniqueConstraint("checkpoint_id", "witness",
                                       name="uq_housing_log_cosignature_witness"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("housing_log_checkpoint.id",
                                                          ondelete="CASCADE"),
                                               index=True, nullable=False)
    witness: Mapped[str] = mapped_column(String(200), nullable=False)  # its key name
    line: Mapped[str] = mapped_column(Text, nullable=False)            # "— name base64\n"
    cosigned_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
