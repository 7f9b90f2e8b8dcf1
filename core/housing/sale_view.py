"""What the sale day's crowd reads, kept per app process and at most a second old: a sale's
phase, its flats (which never change during a sale), and every flat's state. Ten thousand
buyers refreshing a list must not cost ten thousand reads of five hundred flats: each process
reads a sale's states at most once a second, and every page of that second shares them.

A list is stale the moment it is drawn anyway; what decides is the press, which is one
conditional write on the database (core.housing.holds), never this copy. Every process sees a
change within `fresh_seconds`; the citizen's own place is read afresh by the list itself, so
they see their own hold at once. A process forgets a sale's copy when the sale itself changes
there (`forget`: its phase moved, the sandbox reset it).

    views = SaleViews(read_session_factory)
    views.sale(sale_id)                       # SaleSummary | None
    views.projects(sale_id)                   # its projects
    views.flats(sale_id, project_id)          # the project's flats, in the list's order
    views.states(sale_id)                     # every flat's state, one read a second"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.housing import FlatState, PlaceStatus
from core.housing.models import Building, Cabinet, Flat, Place, Project, Sale

FRESH_SECONDS = 1.0
CATALOGUE_SECONDS = 60.0


@dataclass(frozen=True)
class SaleSummary:
    id: int
    name: str
    phase: str


@dataclass(frozen=True)
class ProjectRow:
    id: int
    name: str
    address: str


@dataclass(frozen=True)
class FlatRow:
    id: int
    project_id: int
    building: str
    number: str
    rooms: int
    floor: int
    area_dm2: int
    price_qepik: int


@dataclass(frozen=True)
class FlatStatus:
    state: FlatState
    reserves: int = 0


FREE = FlatStatus(FlatState.FREE)


@dataclass(frozen=True)
class SaleStates:
    by_flat: dict[int, FlatStatus] = field(default_factory=dict)
    earliest_hold_end: datetime | None = None   # a hold due to lapse first

    def of(self, flat_id: int) -> FlatStatus:
        return self.by_flat.get(flat_id, FREE)

    # what was worked out from this copy, by the flats asked about: every request of the
    # crowd asks the same questions of the same second-old copy
    _worked_out: dict = field(default_factory=dict, compare=False, repr=False)

    def free(self, flats: list[FlatRow]) -> int:
        key = ("free", flats[0].id if flats else None, len(flats))
        if key not in self._worked_out:
            self._worked_out[key] = sum(self.of(f.id).state is FlatState.FREE for f in flats)
        return self._worked_out[key]

    def version(self, flats: list[FlatRow], phase: str) -> str:
        """A short digest of these flats' states in the sale's phase (which decides what may
        be pressed): the same while nothing on the list changed."""
        key = ("version", flats[0].id if flats else None, len(flats), phase)
        if key not in self._worked_out:
            text = phase + ";" + ";".join(
                f"{f.id}:{self.of(f.id).state.value}:{self.of(f.id).reserves}" for f in flats)
            self._worked_out[key] = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self._worked_out[key]

    def lapse_due(self, now: datetime) -> bool:
        return self.earliest_hold_end is not None and self.earliest_hold_end <= now


class SaleViews:
    def __init__(self, read_factory: sessionmaker[Session], *, clock=time.monotonic,
                 fresh_seconds: float = FRESH_SECONDS):
        self._read, self._clock, self._fresh = read_factory, clock, fresh_seconds
        self._kept: dict[tuple, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def _cached(self, key: tuple, seconds: float, load):
        found = self._kept.get(key)
        if found is not None and self._clock() - found[0] < seconds:
            return found[1]
        session = self._read()
        try:
            value = load(session)
        finally:
            session.close()
        with self._lock:
            self._kept[key] = (self._clock(), value)
        return value

    def forget(self, sale_id: int | None = None) -> None:
        """This process changed the sale (or, with None, any sale): read its phase and states
        afresh. Its flats stay: they do not change during a sale."""
        with self._lock:
            for key in [k for k in self._kept if k[0] in ("sale", "states")
                        and (sale_id is None or k[1] == sale_id)]:
                del self._kept[key]

    def sale(self, sale_id: int, *, fresh: bool = False) -> SaleSummary | None:
        """The sale and its phase; `fresh` for a page that acts on the phase (a second-old
        copy is for the shared status, which only reports it)."""
        return self._cached(("sale", sale_id), 0.0 if fresh else self._fresh,
                            lambda session: _sale(session, sale_id))

    def projects(self, sale_id: int) -> list[ProjectRow]:
        return self._cached(("projects", sale_id), CATALOGUE_SECONDS, lambda s: [
            ProjectRow(p.id, p.name, p.address) for p in s.execute(
                select(Project).where(Project.sale_id == sale_id).order_by(Project.id)).scalars()])

    def project(self, sale_id: int, project_id: int) -> ProjectRow | None:
        return next((p for p in self.projects(sale_id) if p.id == project_id), None)

    def flats(self, sale_id: int, project_id: int | None = None) -> list[FlatRow]:
        rows = self._cached(("flats", sale_id), CATALOGUE_SECONDS, lambda s: _flats(s, sale_id))
        if project_id is None:
            return rows
        kept = self._kept.get(("project flats", sale_id, project_id))
        if kept is None or kept[0] is not rows:  # filtered once per copy of the sale's flats
            kept = (rows, [r for r in rows if r.project_id == project_id])
            with self._lock:
                self._kept[("project flats", sale_id, project_id)] = kept
        return kept[1]

    def cabinet(self, fin: str) -> Cabinet | None:
        """The citizen's e-cabinet (kept once found: cabinets do not change during a sale)."""
        found = self._kept.get(("cabinet", fin))
        if found is not None:
            return found[1]
        session = self._read()
        try:
            cabinet = session.get(Cabinet, fin)
        finally:
            session.close()
        if cabinet is not None:
            with self._lock:
                self._kept[("cabinet", fin)] = (self._clock(), cabinet)
        return cabinet

    def place_of_flat(self, flat_id: int) -> tuple[int, int] | None:
        """(sale, project) of a flat: what a press needs to know before anything else."""
        def load(session: Session):
            found = session.execute(select(Flat.sale_id, Building.project_id)
                                    .join(Building, Building.id == Flat.building_id)
                                    .where(Flat.id == flat_id)).first()
            return (found[0], found[1]) if found else None
        return self._cached(("flat", flat_id), CATALOGUE_SECONDS, load)

    def states(self, sale_id: int) -> SaleStates:
        return self._cached(("states", sale_id), self._fresh, lambda s: _states(s, sale_id))


def _sale(session: Session, sale_id: int) -> SaleSummary | None:
    found = session.get(Sale, sale_id)
    return SaleSummary(found.id, found.name, found.phase) if found else None


def _flats(session: Session, sale_id: int) -> list[FlatRow]:
    rows = session.execute(
        select(Flat, Building.name, Building.project_id)
        .join(Building, Building.id == Flat.building_id)
        .join(Project, Project.id == Building.project_id)
        .where(Flat.sale_id == sale_id).order_by(Building.id, Flat.id)).all()
    return [FlatRow(flat.id, project_id, building, flat.number, flat.rooms, flat.floor,
                    flat.area_dm2, flat.price_qepik) for flat, building, project_id in rows]


def _states(session: Session, sale_id: int) -> SaleStates:
    live = session.execute(
        select(Place.flat_id, Place.position, Place.status, Place.held_until)
        .where(Place.sale_id == sale_id, Place.slot_key.is_not(None))).all()
    holders: dict[int, str] = {}
    reserves: dict[int, int] = {}
    earliest = None
    for flat_id, position, status, held_until in live:
        if position == 0:
            holders[flat_id] = status
            if status == PlaceStatus.HELD.value and held_until is not None:
                earliest = held_until if earliest is None else min(earliest, held_until)
        else:
            reserves[flat_id] = reserves.get(flat_id, 0) + 1
    by_flat = {}
    for flat_id in set(holders) | set(reserves):
        status = holders.get(flat_id)
        state = FlatState.FREE if status is None else (
            FlatState.SOLD if status == PlaceStatus.SIGNED.value else FlatState.CHOSEN)
        by_flat[flat_id] = FlatStatus(state, reserves.get(flat_id, 0))
    return SaleStates(by_flat, earliest)
