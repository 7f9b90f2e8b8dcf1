"""What the cabinet and the flats list read: the sales and their phases, the projects and flats
with each flat's state (free / chosen / sold), and the citizen's own place. Reading a sale first
ends holds that have run out (holds.lapse_due), so a page never shows a lapsed hold as held."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from core.housing import FlatState, Phase, PlaceStatus
from core.housing.models import Building, Cabinet, Flat, Place, Project, Sale
from core.kernel.db import utcnow


@dataclass(frozen=True)
class FlatView:
    flat: Flat
    building: str
    state: FlatState
    reserves: int           # reserve places taken (0–2)
    mine: bool              # the citizen's own hold, purchase or reserve place


def cabinet(session: Session, fin: str) -> Cabinet | None:
    return session.get(Cabinet, fin)


def sales(session: Session) -> list[Sale]:
    return list(session.execute(select(Sale).order_by(Sale.id)).scalars())


def sale(session: Session, sale_id: int) -> Sale | None:
    return session.get(Sale, sale_id)


def projects(session: Session, sale_id: int) -> list[Project]:
    return list(session.execute(
        select(Project).where(Project.sale_id == sale_id).order_by(Project.id)).scalars())


def project(session: Session, sale_id: int, project_id: int) -> Project | None:
    found = session.get(Project, project_id)
    return found if found is not None and found.sale_id == sale_id else None


def flats(session: Session, project_id: int, fin: str | None = None) -> list[FlatView]:
    rows = session.execute(
        select(Flat, Building.name).join(Building, Building.id == Flat.building_id)
        .where(Building.project_id == project_id).order_by(Building.id, Flat.id)
    ).all()
    ids = [flat.id for flat, _name in rows]
    live = session.execute(
        select(Place).where(Place.flat_id.in_(ids), Place.slot_key.is_not(None))
        .execution_options(populate_existing=True)
    ).scalars().all() if ids else []
    by_flat: dict[int, list[Place]] = {}
    for place in live:
        by_flat.setdefault(place.flat_id, []).append(place)
    views = []
    for flat, building in rows:
        places = by_flat.get(flat.id, [])
        holder = next((p for p in places if p.position == 0), None)
        if holder is None:
            state = FlatState.FREE
        elif holder.status == PlaceStatus.SIGNED.value:
            state = FlatState.SOLD
        else:
            state = FlatState.CHOSEN
        views.append(FlatView(flat, building, state, sum(p.position > 0 for p in places),
                              any(p.fin == fin for p in places)))
    return views


def flat_details(session: Session, flat_id: int) -> tuple[Flat, Building, Project] | None:
    flat = session.get(Flat, flat_id)
    if flat is None:
        return None
    building = session.get(Building, flat.building_id)
    return flat, building, session.get(Project, building.project_id)


def latest_place(session: Session, sale_id: int, fin: str) -> Place | None:
    """The citizen's live place, or else the last one they had (to say it lapsed, etc.)."""
    return session.execute(
        select(Place).where(Place.sale_id == sale_id, Place.fin == fin)
        .order_by(Place.slot_key.is_(None), Place.id.desc()).limit(1)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def set_phase(session: Session, sale_id: int, phase: Phase, now: datetime | None = None) -> bool:
    found = session.get(Sale, sale_id)
    if found is None:
        return False
    found.phase, found.phase_changed_at = phase.value, now or utcnow()
    session.flush()
    return True


def free_flat_count(session: Session, sale_id: int) -> int:
    """Flats of the sale nobody holds or has signed for."""
    taken = exists().where(and_(Place.flat_id == Flat.id, Place.position == 0,
                                Place.slot_key.is_not(None)))
    return session.execute(
        select(func.count(Flat.id)).where(Flat.sale_id == sale_id, ~taken)).scalar_one()
