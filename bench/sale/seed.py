"""Run as `python -m bench.sale.seed BUYERS.json` with the portal's environment: adds the
benchmark's sale (not open yet) with PROJECTS × BUILDINGS × FLATS_PER_BUILDING flats and
BUYERS citizens, each with an e-cabinet, an e-imza token and a session of Güzəştli mənzil
opened with e-imza as sign-in would (core.auth.sessions), and writes each buyer's session
cookie (signed with the portal's own key, as the portal would have set it) to BUYERS.json."""
from __future__ import annotations

import json
import secrets
import sys
from datetime import date, timedelta

from sqlalchemy.orm import Session

from core.auth import Identity, Method
from core.auth import sessions
from core.auth.models import EimzaCertificate, EimzaToken
from core.auth.passwords import hash_pin
from core.housing import Phase
from core.housing.models import Building, Cabinet, Flat, Project, Sale
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.platform.settings import Settings
from sandbox_service import create_app as create_sandbox
from web import create_app
from web.auth.guard import SESSION_KEY
from web.platform.db import db

SALE_NAME = "Benchmark sale"
SERVICE = "guzestli-menzil"
PROJECTS, BUILDINGS, FLATS_PER_BUILDING = 10, 5, 10  # 500 flats, 50 to a project page
BUYERS = 10_000
PIN = "24680"
FIN_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def fin_of(number: int) -> str:
    """A distinct 7-character FİN per buyer, none like the demo citizens' (they start 5–9)."""
    digits = []
    for _ in range(6):
        number, rest = divmod(number, len(FIN_ALPHABET))
        digits.append(FIN_ALPHABET[rest])
    return "B" + "".join(reversed(digits))


def add_sale(session: Session) -> Sale:
    sale = Sale(name=SALE_NAME, phase=Phase.NOT_OPEN.value, phase_changed_at=utcnow())
    session.add(sale)
    session.flush()
    for p in range(PROJECTS):
        project = Project(sale_id=sale.id, name=f"Layihə {p + 1}", address=f"Bakı ş., {p + 1}")
        session.add(project)
        session.flush()
        for b in range(BUILDINGS):
            building = Building(project_id=project.id, name=f"Bina {b + 1}")
            session.add(building)
            session.flush()
            for f in range(FLATS_PER_BUILDING):
                area = 4800 + 100 * (f % 5)
                session.add(Flat(sale_id=sale.id, building_id=building.id,
                                 number=str(b * FLATS_PER_BUILDING + f + 1), rooms=1 + f % 3,
                                 floor=1 + f, area_dm2=area, price_qepik=area * 1020))
    session.flush()
    return sale


def add_tokens(session: Session, buyers: list[dict], pin_hash: str) -> None:
    """Each buyer's e-imza token and certificate, as the e-imza system keeps them."""
    today = date.today()
    for number, _buyer in enumerate(buyers):
        session.add(EimzaToken(serial=f"BT{number:08d}", pin_hash=pin_hash, pin_failures=0))
    session.flush()  # the tokens before their certificates (no ORM relationship orders them)
    for number, buyer in enumerate(buyers):
        session.add(EimzaCertificate(serial=buyer["certificate"], token_serial=f"BT{number:08d}",
                                     fin=buyer["fin"], full_name=buyer["name"],
                                     valid_from=today - timedelta(days=30),
                                     valid_until=today + timedelta(days=365)))
    session.flush()


def add_to_the_sandbox_service(buyers: list[dict], pin_hash: str) -> None:
    """`make run` (web.serve) runs the e-imza system as the sandbox service, with a database
    of its own: the buyers' tokens go there too."""
    settings = Settings.from_environment()
    create_sandbox(settings)  # its tables and demo records
    engine = make_engine(settings.sandbox_database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            add_tokens(session, buyers, pin_hash)
    finally:
        engine.dispose()


def add_buyers(session: Session, count: int, sandbox_service: bool = False) -> list[dict]:
    pin_hash = hash_pin(PIN)  # one hash for all: argon2 is slow by design, 10,000 would take minutes
    buyers = []
    for number in range(count):
        fin = fin_of(number)
        name = f"Alıcı {number + 1}"
        session.add(Cabinet(fin=fin, full_name=name, mobile=f"070{number:07d}",
                            opened_at=utcnow()))
        buyers.append({"fin": fin, "name": name, "certificate": f"BC{number:08d}"})
    add_tokens(session, buyers, pin_hash)  # the portal's own sandbox (make run's in-process)
    if sandbox_service:
        add_to_the_sandbox_service(buyers, pin_hash)
    for buyer in buyers:
        opened = sessions.open_session(
            session, Identity(buyer["fin"], buyer.pop("name"), Method.EIMZA), service_slug=SERVICE,
            idle=timedelta(hours=8))
        buyer["token"] = opened.token
    session.flush()
    return buyers


def main() -> int:
    out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else BUYERS
    app = create_app()
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        session = db()
        sale = add_sale(session)
        buyers = add_buyers(session, count, sandbox_service=True)
        sale_id = sale.id
        projects = [p.id for p in session.query(Project).filter_by(sale_id=sale_id)]
        session.commit()
    for buyer in buyers:
        buyer["cookie"] = serializer.dumps({SESSION_KEY: buyer.pop("token"),
                                            "csrf_token": secrets.token_hex(20)})
    with open(out, "w") as handle:
        json.dump({"sale_id": sale_id, "projects": projects, "pin": PIN,
                   "cookie_name": app.config["SESSION_COOKIE_NAME"], "buyers": buyers}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
