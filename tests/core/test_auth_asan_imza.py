"""The Asan İmza sandbox behaves like the mobile signature: code, PIN1, lockouts, expiry."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from hypothesis import given, strategies as st

from core.auth import Document, Method
from core.auth.asan_imza import (
    PIN_ATTEMPTS, PinResult, PukResult, Purpose, Refusal, Refused, Started, Status,
    normalise_mobile,
)
from core.sandbox.asan_imza import SandboxAsanImza
from core.kernel.phones import format_mobile
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.sandbox.accounts import NIGAR
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import AsanSubscriber
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures

asan = SandboxAsanImza()


CONTRACT = Document("Alğı-satqı müqaviləsi", hashlib.sha256(b"contract").hexdigest())


def start(factory, citizen=AYSEL, purpose=Purpose.SIGN_IN, now=None, user_id=None):
    with transaction(factory) as session:
        return asan.start(session, mobile=citizen.mobile, user_id=user_id or citizen.asan_user_id,
                          purpose=purpose, now=now,
                          document=CONTRACT if purpose is Purpose.SIGN else None)


def pin(factory, request_id, value, now=None):
    with transaction(factory) as session:
        return asan.enter_pin(session, request_id, value, now=now)


def outcome(factory, request_id, now=None):
    with transaction(factory) as session:
        return asan.outcome(session, request_id, now=now)


def block_pin1(factory, citizen=AYSEL):
    for _ in range(PIN_ATTEMPTS):
        started = start(factory, citizen)
        pin(factory, started.request_id, "0000")


@pytest.mark.parametrize("typed", ["050 123 45 67", "0501234567", "+994 50 123 45 67",
                                   "(050) 123-45-67", "501234567", "994501234567"])
def test_a_mobile_number_is_accepted_as_people_write_it(typed):
    assert normalise_mobile(typed) == "0501234567"
    assert format_mobile("0501234567") == "050 123 45 67"


@pytest.mark.parametrize("typed", ["", "0121234567", "050123456", "05012345678", "abc"])
def test_a_number_that_is_not_an_azerbaijani_mobile_is_refused(typed):
    assert normalise_mobile(typed) is None


@given(st.text(max_size=30))
def test_normalising_any_text_never_fails_and_gives_ten_digits_or_nothing(text):
    result = normalise_mobile(text)
    assert result is None or (len(result) == 10 and result.isdigit())


def test_a_sign_in_request_shows_a_four_digit_code_and_waits_for_the_phone(factory):
    started = start(factory)
    assert isinstance(started, Started)
    assert len(started.verification_code) == 4 and started.verification_code.isdigit()
    waiting = outcome(factory, started.request_id)
    assert waiting.status is Status.WAITING and waiting.identity is None
    with transaction(factory) as session:
        screen = asan.phone(session, AYSEL.mobile)
    assert screen.request.id == started.request_id
    assert screen.request.verification_code == started.verification_code


def test_pin1_on_the_phone_confirms_aysel_and_the_portal_may_use_it_only_once(factory):
    started = start(factory)
    assert pin(factory, started.request_id, AYSEL.asan_pin1) == (PinResult.CONFIRMED, PIN_ATTEMPTS)
    confirmed = outcome(factory, started.request_id)
    assert confirmed.status is Status.CONFIRMED
    assert confirmed.identity.fin == AYSEL.fin
    assert confirmed.identity.method is Method.ASAN_IMZA
    with transaction(factory) as session:
        assert asan.consume(session, started.request_id)
        assert not asan.consume(session, started.request_id)


@pytest.mark.parametrize("user_id", ["654321", "000000", "12345", "١٢٣٤٥٦"])
def test_a_user_id_that_does_not_match_the_mobile_is_refused(factory, user_id):
    assert start(factory, user_id=user_id) == Refused(Refusal.UNKNOWN)


def test_a_suspended_subscription_is_refused_as_service_suspended(factory):
    assert start(factory, NIGAR) == Refused(Refusal.SUSPENDED)


def test_pin2_does_not_confirm_a_sign_in(factory):
    started = start(factory)
    assert pin(factory, started.request_id, AYSEL.asan_pin2)[0] is PinResult.WRONG


def test_a_wrong_pin1_leaves_attempts_and_a_right_one_resets_the_count(factory):
    started = start(factory)
    assert pin(factory, started.request_id, "0000") == (PinResult.WRONG, 2)
    assert pin(factory, started.request_id, "9999") == (PinResult.WRONG, 1)
    assert pin(factory, started.request_id, AYSEL.asan_pin1)[0] is PinResult.CONFIRMED
    again = start(factory)
    assert pin(factory, again.request_id, "0000") == (PinResult.WRONG, 2)


def test_three_wrong_pin1_block_sign_in_until_the_puk(factory):
    started = start(factory)
    pin(factory, started.request_id, "0000")
    pin(factory, started.request_id, "0000")
    assert pin(factory, started.request_id, "0000") == (PinResult.BLOCKED, 0)
    assert outcome(factory, started.request_id).status is Status.PIN_BLOCKED
    assert start(factory) == Refused(Refusal.PIN1_BLOCKED)
    # PIN2 is a separate code: signing still works while PIN1 is blocked.
    assert isinstance(start(factory, purpose=Purpose.SIGN), Started)
    with transaction(factory) as session:
        assert asan.enter_puk(session, AYSEL.mobile, AYSEL.asan_puk) == (PukResult.UNBLOCKED, 3)
    assert isinstance(start(factory), Started)


def test_three_wrong_puks_block_the_sim_for_good(factory):
    block_pin1(factory)
    with transaction(factory) as session:
        assert asan.enter_puk(session, AYSEL.mobile, "00000000") == (PukResult.WRONG, 2)
        assert asan.enter_puk(session, AYSEL.mobile, "00000000") == (PukResult.WRONG, 1)
        assert asan.enter_puk(session, AYSEL.mobile, "00000000") == (PukResult.BLOCKED_FOR_GOOD, 0)
        assert asan.enter_puk(session, AYSEL.mobile, AYSEL.asan_puk)[0] is PukResult.BLOCKED_FOR_GOOD
    assert start(factory) == Refused(Refusal.BLOCKED_FOR_GOOD)
    assert start(factory, purpose=Purpose.SIGN) == Refused(Refusal.BLOCKED_FOR_GOOD)
    with transaction(factory) as session:
        assert asan.issue_duplicate_sim(session, AYSEL.mobile)
    assert isinstance(start(factory), Started)


def test_the_puk_is_not_asked_while_nothing_is_blocked(factory):
    with transaction(factory) as session:
        assert asan.enter_puk(session, RESHAD.mobile, "00000000")[0] is PukResult.NOT_NEEDED
        assert session.get(AsanSubscriber, RESHAD.mobile).puk_failures == 0


def test_a_request_not_confirmed_in_time_expires_and_a_late_pin_is_not_counted(factory):
    now = utcnow()
    started = start(factory, now=now)
    late = now + asan.lifetime
    assert outcome(factory, started.request_id, now=late).status is Status.EXPIRED
    assert pin(factory, started.request_id, "0000", now=late)[0] is PinResult.NOT_WAITING
    with transaction(factory) as session:
        assert session.get(AsanSubscriber, AYSEL.mobile).pin1_failures == 0
        assert asan.phone(session, AYSEL.mobile, now=late).request is None


def test_declining_on_the_phone_ends_the_request(factory):
    started = start(factory)
    with transaction(factory) as session:
        assert asan.decline(session, started.request_id)
    assert outcome(factory, started.request_id).status is Status.DECLINED
    assert pin(factory, started.request_id, AYSEL.asan_pin1)[0] is PinResult.NOT_WAITING


def test_a_new_request_replaces_the_one_still_waiting_on_the_phone(factory):
    first = start(factory)
    second = start(factory)
    assert outcome(factory, first.request_id).status is Status.SUPERSEDED
    assert pin(factory, first.request_id, AYSEL.asan_pin1)[0] is PinResult.NOT_WAITING
    with transaction(factory) as session:
        assert asan.phone(session, AYSEL.mobile).request.id == second.request_id


def test_an_expired_certificate_is_refused_before_the_phone_is_asked(factory):
    with transaction(factory) as session:
        subscriber = session.get(AsanSubscriber, RESHAD.mobile)
        subscriber.certificate_valid_until = utcnow().date() - timedelta(days=1)
    assert start(factory, RESHAD) == Refused(Refusal.CERTIFICATE_EXPIRED)


def test_blocks_survive_a_restart(auth_db):
    url, factory = auth_db
    block_pin1(factory)
    factory.kw["bind"].dispose()
    restarted = make_session_factory(make_engine(url))
    assert start(restarted) == Refused(Refusal.PIN1_BLOCKED)


def test_two_processes_share_one_count(auth_db):
    url, first = auth_db
    second = make_session_factory(make_engine(url))
    started = start(first)
    assert pin(first, started.request_id, "0000") == (PinResult.WRONG, 2)
    assert pin(second, started.request_id, "0000") == (PinResult.WRONG, 1)
    assert pin(first, started.request_id, "0000") == (PinResult.BLOCKED, 0)
    assert start(second) == Refused(Refusal.PIN1_BLOCKED)
