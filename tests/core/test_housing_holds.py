"""Güzəştli mənzil rules (seed 004): Təsdiq et holds a free flat for 15 minutes, signing makes
it the citizen's, an unsigned hold lapses and goes to the 1st reserve (told by SMS), the 2nd
moves up, a citizen has at most one place, and every change is an event."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.housing import HOLD_TIME, Phase, holds, sale
from core.housing.events import history
from core.housing.holds import Outcome
from core.housing.jobs import lapse_and_notify
from core.notifications.models import OutboxMessage
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import add_buyers, flat_ids

MORTGAGE = "ipoteka"


@pytest.fixture
def flats(factory):
    return flat_ids(factory)


@pytest.fixture
def sale_id(session):
    found = demo_sale.demo_sale(session).id
    session.commit()  # SQLite: a read takes the write lock until the transaction ends
    return found


def press(session, fin, flat_id, now, method=MORTGAGE):
    result = holds.press_confirm(session, fin=fin, flat_id=flat_id, payment_method=method, now=now)
    session.commit()
    return result


def waiting_list(session, sale_id, clock):
    sale.set_phase(session, sale_id, Phase.WAITING_LIST, clock.now)
    session.commit()


def sms_to(session, mobile):
    found = list(session.execute(select(OutboxMessage).where(
        OutboxMessage.recipient == mobile, OutboxMessage.channel == "sms")).scalars())
    session.commit()  # SQLite: end the read, which holds the write lock
    return found


def test_the_demo_sale_has_twelve_flats_of_one_two_and_three_rooms(session, sale_id):
    project, = sale.projects(session, sale_id)
    assert project.name == "Yasamal Yaşayış Kompleksi"
    views = sale.flats(session, project.id)
    assert len(views) == 12 and {v.building for v in views} == {"Bina 1", "Bina 2"}
    rooms = [v.flat.rooms for v in views]
    assert (rooms.count(1), rooms.count(2), rooms.count(3)) == (4, 6, 2)
    assert all(v.state.value == "free" for v in views)


def test_the_first_to_press_holds_the_flat_for_fifteen_minutes(session, flats, clock):
    result = press(session, AYSEL.fin, flats[0], clock.now)
    assert result.outcome is Outcome.HELD
    assert result.place.held_until == clock.now + timedelta(minutes=15)
    assert press(session, RESHAD.fin, flats[0], clock.now).outcome is Outcome.FLAT_TAKEN


def test_a_citizen_holds_at_most_one_flat(session, flats, clock):
    assert press(session, AYSEL.fin, flats[0], clock.now).outcome is Outcome.HELD
    assert press(session, AYSEL.fin, flats[1], clock.now).outcome is Outcome.ALREADY_HAS_PLACE
    assert press(session, AYSEL.fin, flats[0], clock.now).outcome is Outcome.ALREADY_HAS_PLACE


def test_a_citizen_without_an_e_cabinet_cannot_hold(session, flats, clock):
    assert press(session, "3HN5T7R", flats[0], clock.now).outcome is Outcome.NO_CABINET


def test_nothing_is_held_before_the_sale_opens_or_after_it_closes(session, flats, sale_id, clock):
    for phase in (Phase.NOT_OPEN, Phase.CLOSED):
        sale.set_phase(session, sale_id, phase)
        session.commit()
        assert press(session, AYSEL.fin, flats[0], clock.now).outcome is Outcome.NOT_ON_SALE


def test_a_signed_flat_is_the_citizens_and_sold_to_everyone_else(session, flats, sale_id, clock):
    held = press(session, AYSEL.fin, flats[0], clock.now).place
    signed = holds.sign(session, fin=AYSEL.fin, place_id=held.id, method="asan_imza",
                        signature="sig", document_digest="d" * 64, now=clock.now)
    session.commit()
    assert signed.outcome is Outcome.SIGNED
    waiting_list(session, sale_id, clock)
    assert press(session, RESHAD.fin, flats[0], clock.now).outcome is Outcome.SOLD
    # and Aysel, who has her flat, cannot take another place
    assert press(session, AYSEL.fin, flats[1], clock.now).outcome is Outcome.ALREADY_HAS_PLACE
    assert holds.withdraw(session, fin=AYSEL.fin, sale_id=sale_id).outcome is Outcome.NOT_HELD


def test_an_unsigned_hold_lapses_after_fifteen_minutes_and_the_flat_is_free(session, flats, clock):
    held = press(session, AYSEL.fin, flats[0], clock.now).place
    clock.now += HOLD_TIME
    late = holds.sign(session, fin=AYSEL.fin, place_id=held.id, method="asan_imza",
                      signature="sig", document_digest="d" * 64, now=clock.now)
    session.commit()
    assert late.outcome is Outcome.NOT_HELD
    assert press(session, RESHAD.fin, flats[0], clock.now).outcome is Outcome.HELD
    kinds = [e.kind for e in history(session, held.sale_id, flat_id=flats[0])]
    assert kinds == ["hold", "lapse", "hold"]


def test_in_the_waiting_list_the_first_two_others_become_1st_and_2nd_reserve(
        factory, session, flats, sale_id, clock):
    third, fourth = add_buyers(factory, 2)
    waiting_list(session, sale_id, clock)
    assert press(session, AYSEL.fin, flats[0], clock.now).outcome is Outcome.HELD
    first = press(session, RESHAD.fin, flats[0], clock.now)
    second = press(session, third, flats[0], clock.now)
    assert (first.outcome, first.place.position) == (Outcome.RESERVED, 1)
    assert (second.outcome, second.place.position) == (Outcome.RESERVED, 2)
    assert press(session, fourth, flats[0], clock.now).outcome is Outcome.WAITING_LIST_FULL
    # one place per citizen: a reserve cannot also hold another flat
    assert press(session, RESHAD.fin, flats[1], clock.now).outcome is Outcome.ALREADY_HAS_PLACE


def test_a_lapsed_hold_passes_to_the_1st_reserve_who_is_told_by_sms_and_the_2nd_moves_up(
        factory, session, flats, sale_id, clock):
    third, = add_buyers(factory, 1)
    waiting_list(session, sale_id, clock)
    press(session, AYSEL.fin, flats[0], clock.now)
    press(session, RESHAD.fin, flats[0], clock.now)
    press(session, third, flats[0], clock.now)
    clock.now += HOLD_TIME + timedelta(seconds=1)
    assert lapse_and_notify(factory, clock.now) == 1  # the job (also run lazily on reads)
    reshad = holds.live_place(session, sale_id, RESHAD.fin)
    assert (reshad.status, reshad.position) == ("held", 0)
    assert reshad.held_until == clock.now + HOLD_TIME
    assert holds.live_place(session, sale_id, third).position == 1
    assert holds.live_place(session, sale_id, AYSEL.fin) is None
    session.commit()
    sms, = sms_to(session, RESHAD.mobile)
    assert "indi Sizin üçün saxlanılır" in sms.body
    # running the job again changes nothing and sends nothing more
    assert lapse_and_notify(factory, clock.now) == 0
    assert len(sms_to(session, RESHAD.mobile)) == 1


def test_a_withdrawn_hold_passes_to_the_reserve_at_once(session, flats, sale_id, clock):
    waiting_list(session, sale_id, clock)
    press(session, AYSEL.fin, flats[0], clock.now)
    press(session, RESHAD.fin, flats[0], clock.now)
    result = holds.withdraw(session, fin=AYSEL.fin, sale_id=sale_id, now=clock.now)
    session.commit()
    assert result.outcome is Outcome.WITHDRAWN and len(result.notices) == 1
    assert holds.live_place(session, sale_id, RESHAD.fin).status == "held"
    # Aysel may now choose another flat
    assert press(session, AYSEL.fin, flats[1], clock.now).outcome is Outcome.HELD


def test_a_reserve_who_withdraws_lets_the_2nd_move_up(factory, session, flats, sale_id, clock):
    third, = add_buyers(factory, 1)
    waiting_list(session, sale_id, clock)
    press(session, AYSEL.fin, flats[0], clock.now)
    press(session, RESHAD.fin, flats[0], clock.now)
    press(session, third, flats[0], clock.now)
    holds.withdraw(session, fin=RESHAD.fin, sale_id=sale_id, now=clock.now)
    session.commit()
    assert holds.live_place(session, sale_id, third).position == 1


def test_when_the_holder_signs_the_reserves_are_released_and_told(
        session, flats, sale_id, clock):
    waiting_list(session, sale_id, clock)
    held = press(session, AYSEL.fin, flats[0], clock.now).place
    press(session, RESHAD.fin, flats[0], clock.now)
    result = holds.sign(session, fin=AYSEL.fin, place_id=held.id, method="e_imza",
                        signature="sig", document_digest="d" * 64, now=clock.now)
    session.commit()
    assert result.outcome is Outcome.SIGNED
    assert holds.live_place(session, sale_id, RESHAD.fin) is None
    assert "ehtiyat yeriniz bağlandı" in sms_to(session, RESHAD.mobile)[0].body
    assert press(session, RESHAD.fin, flats[1], clock.now).outcome is Outcome.HELD


def test_every_change_of_a_place_is_one_event_in_order(factory, session, flats, sale_id, clock):
    waiting_list(session, sale_id, clock)
    press(session, AYSEL.fin, flats[0], clock.now)
    press(session, RESHAD.fin, flats[0], clock.now)
    holds.withdraw(session, fin=AYSEL.fin, sale_id=sale_id, now=clock.now)
    session.commit()
    events = history(session, sale_id)
    assert [(e.kind, e.fin, e.position) for e in events] == [
        ("hold", AYSEL.fin, 0), ("reserve", RESHAD.fin, 1), ("withdraw", AYSEL.fin, 0),
        ("promote", RESHAD.fin, 0)]


def test_reset_puts_the_demo_sale_back_to_twelve_free_flats(session, flats, sale_id, clock):
    press(session, AYSEL.fin, flats[0], clock.now)
    sale.set_phase(session, sale_id, Phase.CLOSED)
    demo_sale.reset(session)
    session.commit()
    project, = sale.projects(session, sale_id)
    assert [v.state.value for v in sale.flats(session, project.id)] == ["free"] * 12
    assert sale.sale(session, sale_id).phase == "open"
