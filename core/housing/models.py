"""Tables of Güzəştli mənzil: e-cabinets, sales with projects, buildings and flats, the places
citizens take on flats (holds, reserves, signed purchases) and the events of those places.

Place carries two keys that are unique while the place is live and NULL once it has ended:
`slot_key` "<flat>:<position>" (position 0 is the holder or buyer, 1 and 2 the reserves) and
`citizen_key` "<sale>:<FİN>". Taking a place is one INSERT that the database refuses when
either is taken, so no flat is held twice and no citizen has two places, whatever the timing
and however many app processes there are."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.housing.allocation_log import new_salt
from core.kernel.db import Base, utcnow


class Cabinet(Base):
    """A citizen's e-cabinet in the Güzəştli mənzil system (the registered mobile gets SMS)."""

    __tablename__ = "housing_cabinet"

    fin: Mapped[str] = mapped_column(String(7), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    mobile: Mapped[str] = mapped_column(String(10), nullable=False)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class Sale(Base):
    __tablename__ = "housing_sale"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    phase: Mapped[str] = mapped_column(String(20), nullable=False)
    phase_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # The secret key of the citizens' pseudonyms in the sale's allocation log: never shown.
    # Nullable only so that migration housing_0002 need not rebuild the table on SQLite.
    log_salt: Mapped[str | None] = mapped_column(String(64), default=new_salt, nullable=True)


class Project(Base):
    __tablename__ = "housing_project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("housing_sale.id"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(200), nullable=False)


class Building(Base):
    __tablename__ = "housing_building"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("housing_project.id"), index=True,
                                            nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)


class Flat(Base):
    __tablename__ = "housing_flat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("housing_sale.id"), index=True, nullable=False)
    building_id: Mapped[int] = mapped_column(ForeignKey("housing_building.id"), index=True,
                                             nullable=False)
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    rooms: Mapped[int] = mapped_column(Integer, nullable=False)
    floor: Mapped[int] = mapped_column(Integer, nullable=False)
    area_dm2: Mapped[int] = mapped_column(Integer, nullable=False)   # 4860 is 48.6 m²
    price_qepik: Mapped[int] = mapped_column(Integer, nullable=False)


class Place(Base):
    """A citizen's place on a flat: the hold (then the signed purchase) or a reserve place."""

    __tablename__ = "housing_place"
    __table_args__ = (Index("ix_housing_place_due", "status", "held_until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("housing_sale.id"), nullable=False)
    flat_id: Mapped[int] = mapped_column(ForeignKey("housing_flat.id"), index=True,
                                         nullable=False)
    fin: Mapped[str] = mapped_column(ForeignKey("housing_cabinet.fin"), index=True,
                                     nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    payment_method: Mapped[str] = mapped_column(String(20), nullable=False)
    slot_key: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    citizen_key: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    held_from: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    held_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signature_method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    signature_value: Mapped[str | None] = mapped_column(String(128), nullable=True)
    document_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


class _Change:
    """What a change of a place is: the columns a queued change and a log entry share."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    sale_id: Mapped[int] = mapped_column(Integer, index=True, nullable=False)
    flat_id: Mapped[int] = mapped_column(Integer, nullable=False)
    place_id: Mapped[int] = mapped_column(Integer, nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    flat_number: Mapped[str] = mapped_column(String(20), nullable=False)


class PlaceEvent(_Change, Base):
    """Append-only: every hold, reserve, signature, lapse, withdrawal, release and reserve move,
    in the order the sequencer found them committed (core.housing.events.sequence writes it).
    It is also the sale's allocation log: seq, flat_number, citizen, prev_hash and entry_hash
    are the published entry (core.housing.allocation_log); fin and place_id stay private."""

    __tablename__ = "housing_event"
    __table_args__ = (UniqueConstraint("sale_id", "seq", name="uq_housing_event_sale_seq"),)

    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    citizen: Mapped[str] = mapped_column(String(16), nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)


class QueuedEvent(_Change, Base):
    """A change of a place committed and not yet in the allocation log: `emit` writes it in the
    change's own transaction, without any lock, and the sequencer (events.sequence) moves it
    into housing_event as the log's next entry."""

    __tablename__ = "housing_event_queue"


# The waiting room's tables (core.housing.waiting_room) and the transparency log's
# (core.housing.checkpoints) belong to this package's schema too.
from core.housing.waiting_room.models import LineEntry, LineRow, LineTurn  # noqa: E402,F401
from core.housing.log_models import (  # noqa: E402,F401
    LogCheckpoint, LogCosignature, LogState, LogTile,
)
