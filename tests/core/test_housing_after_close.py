"""What closing a sale does to places already taken (hardening round three, "also seen";
decided here and written in the Güzəştli mənzil guide): closing ends choosing, not the places
citizens took while it was open. A hold keeps the rest of its 15 minutes and may be signed;
a reserve who moves up after the close (the holder gave up or let the time run out) holds the
flat for 15 minutes, is told by SMS, and may sign too. Nothing new can be taken."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.housing import Phase, holds, sale
from core.housing.holds import Outcome
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import flat_ids


@pytest.fixture
def sale_id(session):
    found = demo_sale.demo_sale(session).id
    session.commit()
    return found


def press(session, fin, flat_id, now):
    result = holds.press_confirm(session, fin=fin, flat_id=flat_id, payment_method="ipoteka",
                                 now=now)
    session.commit()
    return result


def sign(session, place, now):
    result = holds.sign(session, fin=place.fin, place_id=place.id, method="e_imza",
                        signature="sig", document_digest="d" * 64, now=now)
    session.commit()
    return result


def close(session, sale_id, now):
    sale.set_phase(session, sale_id, Phase.CLOSED, now)
    session.commit()


def test_a_hold_taken_while_the_sale_was_open_may_be_signed_after_it_closes(
        factory, session, sale_id, clock):
    held = press(session, AYSEL.fin, flat_ids(factory)[0], clock.now).place
    close(session, sale_id, clock.now + timedelta(minutes=5))
    assert sign(session, held, clock.now + timedelta(minutes=14)).outcome is Outcome.SIGNED


def test_after_the_close_a_hold_still_lapses_at_its_time_and_nothing_new_is_taken(
        factory, session, sale_id, clock):
    flats = flat_ids(factory)
    held = press(session, AYSEL.fin, flats[0], clock.now).place
    close(session, sale_id, clock.now)
    assert sign(session, held, clock.now + timedelta(minutes=16)).outcome is Outcome.NOT_HELD
    assert press(session, RESHAD.fin, flats[0], clock.now + timedelta(minutes=17)).outcome \
        is Outcome.NOT_ON_SALE


def test_a_reserve_who_moves_up_after_the_close_holds_the_flat_and_may_sign(
        factory, session, sale_id, clock):
    flat = flat_ids(factory)[0]
    sale.set_phase(session, sale_id, Phase.WAITING_LIST, clock.now)
    session.commit()
    press(session, AYSEL.fin, flat, clock.now)
    press(session, RESHAD.fin, flat, clock.now)
    close(session, sale_id, clock.now + timedelta(minutes=1))
    later = clock.now + timedelta(minutes=2)
    withdrawn = holds.withdraw(session, fin=AYSEL.fin, sale_id=sale_id, now=later)
    session.commit()
    assert withdrawn.outcome is Outcome.WITHDRAWN and len(withdrawn.notices) == 1  # the SMS
    promoted = holds.live_place(session, sale_id, RESHAD.fin)
    session.commit()
    assert promoted.status == "held" and promoted.held_until == later + timedelta(minutes=15)
    assert sign(session, promoted, later + timedelta(minutes=10)).outcome is Outcome.SIGNED
