"""An admission a place has used up ends even when the worker died before spending it
(hardening round three, "also seen"): the press commits the hold, then spends the admission; a
worker killed in between left the admission taken for its whole 10 minutes, a place in the
sale the next in line could have had. The minute's sweep (core.housing.jobs) ends it."""
from __future__ import annotations

from datetime import timedelta

from core.housing import Phase, holds, sale
from core.housing.jobs import build_room, end_admissions_used_by_a_place
from core.housing.waiting_room import Redemption
from core.platform.settings import Settings
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import flat_ids
from tests.core.waiting_room_support import make_room
from web import create_app

OPEN = Phase.OPEN.value


def open_sale(session, clock) -> int:
    sale_id = demo_sale.demo_sale(session).id
    sale.set_phase(session, sale_id, Phase.OPEN, clock.now)
    session.commit()
    return sale_id


def hold_without_spending(session, fin, flat_id, now) -> None:
    """The press's hold commits; the worker dies before spend_admission."""
    assert holds.press_confirm(session, fin=fin, flat_id=flat_id, payment_method="ipoteka",
                               now=now).outcome is holds.Outcome.HELD
    session.commit()


def turn(room, sale_id, fin, now) -> Redemption:
    room.tick(sale_id, OPEN, now)
    return room.redeem(room.join(sale_id, fin, OPEN, now), now)[0]


def test_an_admission_whose_citizen_took_a_place_is_ended_and_the_next_goes_in(
        factory, session, store, clock):
    sale_id = open_sale(session, clock)
    room = make_room(store, capacity=1)
    assert turn(room, sale_id, AYSEL.fin, clock.now) is Redemption.ADMITTED
    assert turn(room, sale_id, RESHAD.fin, clock.now) is Redemption.NOT_YET
    hold_without_spending(session, AYSEL.fin, flat_ids(factory)[0],
                          clock.now + timedelta(seconds=30))
    later = clock.now + timedelta(minutes=1)
    assert turn(room, sale_id, RESHAD.fin, later) is Redemption.NOT_YET  # still taken
    assert end_admissions_used_by_a_place(factory, room, later) == 1
    assert room.store.admission(sale_id, room.citizen(AYSEL.fin), later) is None
    assert turn(room, sale_id, RESHAD.fin, later) is Redemption.ADMITTED


def test_an_admission_given_after_the_place_was_taken_stays(factory, session, store, clock):
    sale_id = open_sale(session, clock)
    room = make_room(store, capacity=5)
    hold_without_spending(session, AYSEL.fin, flat_ids(factory)[0], clock.now)
    later = clock.now + timedelta(minutes=1)  # she comes back to look at the sale
    assert turn(room, sale_id, AYSEL.fin, later) is Redemption.ADMITTED
    assert turn(room, sale_id, RESHAD.fin, later) is Redemption.ADMITTED  # no place: stays
    assert end_admissions_used_by_a_place(factory, room, later) == 0
    for fin in (AYSEL.fin, RESHAD.fin):
        assert room.store.admission(sale_id, room.citizen(fin), later) is not None


def test_the_consumer_finds_the_same_waiting_room_as_the_portal(tmp_path):
    """The sweep runs in the job consumer: it must build the very store (Redis prefix) and the
    same citizen names (the secret key generated into the instance folder) as the web app."""
    app = create_app({"INSTANCE_PATH": tmp_path, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                      "REDIS_URL": "redis://127.0.0.1:6379/1", "TESTING": True})
    try:
        room = app.extensions["housing"]["waiting_room"]
    finally:
        app.extensions["egov_db"].engine.dispose()
    consumer_settings = Settings.from_environment({  # what the consumer's environment says
        "EGOV_INSTANCE_PATH": str(tmp_path), "EGOV_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "EGOV_REDIS_URL": "redis://127.0.0.1:6379/1"})
    consumer = build_room(consumer_settings, None)
    assert consumer.store._prefix == room.store._prefix  # noqa: SLF001
    assert consumer.window == room.window
    assert consumer.citizen(AYSEL.fin) == room.citizen(AYSEL.fin)
