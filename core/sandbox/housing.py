"""The demo sale of Güzəştli mənzil (demo-data.md): e-cabinets for Aysel and Rəşad (Nigar has
none), and “Yasamal Yaşayış Kompleksi” with Bina 1 and Bina 2, 12 flats: 4 one-room, 6 two-room,
2 three-room; open whenever the sandbox starts. `reset` puts it back to 12 free flats (the
sandbox sale clock, /sandbox/satis)."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.auth import sessions
from core.housing import Phase, checkpoints
from core.housing.allocation_log import new_salt
from core.housing.models import Building, Cabinet, Flat, Place, PlaceEvent, Project, Sale
from core.kernel.db import utcnow
from core.platform import catalogue
from core.sandbox.citizens import CITIZENS

SALE_NAME = "Güzəştli mənzil satışı: Yasamal Yaşayış Kompleksi"
PROJECT = ("Yasamal Yaşayış Kompleksi", "Bakı ş., Yasamal r., Şərifzadə küç.")
PRICE_PER_M2_QEPIK = 102_000  # 1 020 AZN per m²
# (building, number, rooms, floor, area in dm²)
FLATS = (
    ("Bina 1", "1", 1, 2, 4860), ("Bina 1", "2", 2, 2, 6720), ("Bina 1", "3", 2, 3, 6720),
    ("Bina 1", "4", 3, 4, 9240), ("Bina 1", "5", 1, 5, 4860), ("Bina 1", "6", 2, 6, 6810),
    ("Bina 2", "7", 1, 2, 4930), ("Bina 2", "8", 2, 3, 6680), ("Bina 2", "9", 2, 4, 6680),
    ("Bina 2", "10", 3, 5, 9300), ("Bina 2", "11", 1, 6, 4930), ("Bina 2", "12", 2, 7, 6750),
)


def price(area_dm2: int) -> int:
    return area_dm2 * PRICE_PER_M2_QEPIK // 100


def load(session: Session) -> bool:
    added = False
    for citizen in CITIZENS:
        if session.get(Cabinet, citizen.fin) is None:
            session.add(Cabinet(fin=citizen.fin, full_name=citizen.full_name,
                                mobile=citizen.mobile, opened_at=utcnow()))
            added = True
    if session.execute(select(Sale.id).where(Sale.name == SALE_NAME)).first() is None:
        sale = Sale(name=SALE_NAME, phase=Phase.OPEN.value, phase_changed_at=utcnow())
        session.add(sale)
        session.flush()
        project = Project(sale_id=sale.id, name=PROJECT[0], address=PROJECT[1])
        session.add(project)
        session.flush()
        buildings = {}
        for name in dict.fromkeys(b for b, *_rest in FLATS):
            buildings[name] = Building(project_id=project.id, name=name)
            session.add(buildings[name])
        session.flush()
        for building, number, rooms, floor, area in FLATS:
            session.add(Flat(sale_id=sale.id, building_id=buildings[building].id, number=number,
                             rooms=rooms, floor=floor, area_dm2=area, price_qepik=price(area)))
        added = True
    session.flush()
    return added


def demo_sale(session: Session) -> Sale | None:
    return session.execute(select(Sale).where(Sale.name == SALE_NAME)).scalar_one_or_none()


def reset(session: Session) -> Sale:
    """Every flat free again, no places and no events, the sale open (sandbox only). The
    allocation log starts afresh: no entries (seq from 1 again) and a new salt, so the old
    pseudonyms do not carry over into the new log; as a transparency log it is a new log (a
    new origin, no checkpoint), so no checkpoint of the old one is contradicted. No browser holds the service's one session
    any more, so a run that was stopped half-way does not lock its citizens out."""
    sale = demo_sale(session)
    if sale is None:
        load(session)
        sale = demo_sale(session)
    checkpoints.start_new_log(session, sale.id)  # first: a signer at work finishes before
    session.execute(delete(PlaceEvent).where(PlaceEvent.sale_id == sale.id))
    session.execute(delete(Place).where(Place.sale_id == sale.id))
    sale.phase, sale.phase_changed_at = Phase.OPEN.value, utcnow()
    sale.log_salt = new_salt()
    sessions.release_service(session, catalogue.HOUSING)
    session.flush()
    return sale
