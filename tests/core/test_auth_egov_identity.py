"""The e-gov identity sandbox behaves like a mobile identity app: a request with a QR code and
an 8-character code, opened in one citizen's app, approved with the app PIN or declined,
expiring after 3 minutes; 5 wrong PINs lock the app for 15 minutes in every process."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import pytest
from hypothesis import given, strategies as st

from core.auth import Method
from core.auth.egov_identity import (
    CODE_ALPHABET, LOCK_DURATION, PIN_ATTEMPTS, REQUEST_LIFETIME, OpenResult, PinResult,
    Status, normalise_code,
)
from core.auth.models import EgovIdentityRequest, EgovIdentityUser
from core.kernel.db import make_engine, make_session_factory, transaction
from core.sandbox.citizens import AYSEL, RESHAD
from core.sandbox.egov_identity import APP_PINS, SandboxEgovIdentity
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures

WRONG_PIN = "0000"


@pytest.fixture
def app(clock):
    return SandboxEgovIdentity(clock=clock)


def start(factory, app):
    with transaction(factory) as session:
        return app.start(session)


def open_in_app(factory, app, code, citizen=AYSEL):
    with transaction(factory) as session:
        return app.open_request(session, citizen.fin, code)


def approve(factory, app, request_id, pin, citizen=AYSEL):
    with transaction(factory) as session:
        return app.approve(session, citizen.fin, request_id, pin)


def outcome(factory, app, request_id):
    with transaction(factory) as session:
        return app.outcome(session, request_id)


def opened_request(factory, app, citizen=AYSEL):
    started = start(factory, app)
    assert open_in_app(factory, app, started.code, citizen) is OpenResult.OPENED
    return started


def failures(factory, citizen=AYSEL) -> int:
    with transaction(factory) as session:
        return session.get(EgovIdentityUser, citizen.fin).pin_failures


def test_a_request_has_an_eight_character_code_and_a_qr_payload_and_waits(factory, app):
    started = start(factory, app)
    assert len(started.code) == 8 and set(started.code) <= set(CODE_ALPHABET)
    assert started.qr_payload.endswith(started.code)
    assert started.request_id != started.code and len(started.request_id) >= 40
    waiting = outcome(factory, app, started.request_id)
    assert waiting.status is Status.WAITING and waiting.identity is None
    assert waiting.expires_at - app.now() == REQUEST_LIFETIME == timedelta(minutes=3)


def test_two_requests_never_share_a_code(factory, app):
    codes = {start(factory, app).code for _ in range(30)}
    assert len(codes) == 30


@pytest.mark.parametrize("typed", ["abcd2345", "ABCD 2345", " abcd-2345 ", "EGOVID:ABCD2345"])
def test_a_request_code_is_accepted_as_people_type_it(typed):
    assert normalise_code(typed) == "ABCD2345"


@pytest.mark.parametrize("typed", ["", "ABCD234", "ABCD23456", "ABCD0345", "ABCDI345", "ƏBCD2345"])
def test_text_that_cannot_be_a_request_code_is_refused(typed):
    assert normalise_code(typed) is None


@given(st.text(max_size=30))
def test_normalising_any_text_never_fails(text):
    result = normalise_code(text)
    assert result is None or (len(result) == 8 and set(result) <= set(CODE_ALPHABET))


def test_aysel_opens_the_request_approves_it_with_her_pin_and_the_portal_uses_it_once(factory, app):
    started = opened_request(factory, app)
    with transaction(factory) as session:
        screen = app.app(session, AYSEL.fin)
        assert screen.request.id == started.request_id and screen.request.code == started.code
    assert approve(factory, app, started.request_id, APP_PINS[AYSEL.fin]) == (
        PinResult.APPROVED, PIN_ATTEMPTS)
    approved = outcome(factory, app, started.request_id)
    assert approved.status is Status.APPROVED
    assert approved.identity.fin == AYSEL.fin and approved.identity.method is Method.EGOV_IDENTITY
    with transaction(factory) as session:
        assert app.consume(session, started.request_id)
        assert not app.consume(session, started.request_id)


def test_a_request_opened_in_aysels_app_cannot_be_taken_or_answered_by_reshad(factory, app):
    started = opened_request(factory, app)
    assert open_in_app(factory, app, started.code, RESHAD) is OpenResult.NOT_FOUND
    assert approve(factory, app, started.request_id, APP_PINS[RESHAD.fin], RESHAD) == (
        PinResult.NOT_WAITING, 0)
    with transaction(factory) as session:
        assert not app.decline(session, RESHAD.fin, started.request_id)
        assert app.app(session, RESHAD.fin).request is None
    assert outcome(factory, app, started.request_id).status is Status.WAITING


def test_a_request_not_opened_in_any_app_cannot_be_approved(factory, app):
    started = start(factory, app)
    assert approve(factory, app, started.request_id, APP_PINS[AYSEL.fin])[0] is PinResult.NOT_WAITING


def test_a_code_that_waits_nowhere_is_not_found(factory, app):
    start(factory, app)
    assert open_in_app(factory, app, "ABCD2345") is OpenResult.NOT_FOUND
    assert open_in_app(factory, app, "not a code") is OpenResult.NOT_FOUND


def test_each_wrong_pin_says_how_many_are_left_and_a_right_one_resets_the_count(factory, app):
    started = opened_request(factory, app)
    for left in (4, 3, 2):
        assert approve(factory, app, started.request_id, WRONG_PIN) == (PinResult.WRONG, left)
    assert approve(factory, app, started.request_id, APP_PINS[AYSEL.fin])[0] is PinResult.APPROVED
    assert failures(factory) == 0


def test_five_wrong_pins_lock_the_app_for_fifteen_minutes(factory, app, clock):
    started = opened_request(factory, app)
    for _ in range(PIN_ATTEMPTS - 1):
        approve(factory, app, started.request_id, WRONG_PIN)
    assert approve(factory, app, started.request_id, WRONG_PIN) == (PinResult.LOCKED, 0)
    assert outcome(factory, app, started.request_id).status is Status.LOCKED
    assert LOCK_DURATION == timedelta(minutes=15)
    # During the lock the app opens no request, whatever the PIN.
    clock.now += LOCK_DURATION - timedelta(seconds=1)
    again = start(factory, app)
    assert open_in_app(factory, app, again.code) is OpenResult.LOCKED
    with transaction(factory) as session:
        assert app.app(session, AYSEL.fin).locked_until is not None
    # Rəşad's app is his own: not locked.
    assert open_in_app(factory, app, again.code, RESHAD) is OpenResult.OPENED
    clock.now += timedelta(seconds=1)
    after = opened_request(factory, app)
    assert approve(factory, app, after.request_id, APP_PINS[AYSEL.fin])[0] is PinResult.APPROVED


def test_a_request_opened_before_the_lock_cannot_be_approved_during_it(factory, app):
    first = opened_request(factory, app)
    second = opened_request(factory, app)
    for _ in range(PIN_ATTEMPTS):
        approve(factory, app, second.request_id, WRONG_PIN)
    assert approve(factory, app, first.request_id, APP_PINS[AYSEL.fin]) == (PinResult.LOCKED, 0)
    assert outcome(factory, app, first.request_id).status is Status.LOCKED


def test_a_request_expires_three_minutes_after_it_was_made(factory, app, clock):
    started = opened_request(factory, app)
    clock.now += REQUEST_LIFETIME - timedelta(seconds=1)
    assert outcome(factory, app, started.request_id).status is Status.WAITING
    clock.now += timedelta(seconds=1)
    assert outcome(factory, app, started.request_id).status is Status.EXPIRED
    assert approve(factory, app, started.request_id, WRONG_PIN)[0] is PinResult.NOT_WAITING
    assert failures(factory) == 0  # a late PIN is not counted
    with transaction(factory) as session:
        assert app.app(session, AYSEL.fin).request is None
        assert not app.consume(session, started.request_id)


def test_an_expired_code_cannot_be_opened_in_the_app(factory, app, clock):
    started = start(factory, app)
    clock.now += REQUEST_LIFETIME
    assert open_in_app(factory, app, started.code) is OpenResult.NOT_FOUND


def test_declining_in_the_app_ends_the_request_and_signs_nobody_in(factory, app):
    started = opened_request(factory, app)
    with transaction(factory) as session:
        assert app.decline(session, AYSEL.fin, started.request_id)
    declined = outcome(factory, app, started.request_id)
    assert declined.status is Status.DECLINED and declined.identity is None
    assert approve(factory, app, started.request_id, APP_PINS[AYSEL.fin])[0] is PinResult.NOT_WAITING
    with transaction(factory) as session:
        assert not app.consume(session, started.request_id)


def test_a_request_the_portal_replaced_can_no_longer_be_opened_or_approved(factory, app):
    opened = opened_request(factory, app)
    fresh = start(factory, app)
    with transaction(factory) as session:
        app.cancel(session, opened.request_id)
        app.cancel(session, fresh.request_id)
    assert approve(factory, app, opened.request_id, APP_PINS[AYSEL.fin])[0] is PinResult.NOT_WAITING
    assert open_in_app(factory, app, fresh.code) is OpenResult.NOT_FOUND
    assert outcome(factory, app, opened.request_id).status is Status.CANCELLED


def test_the_lock_survives_a_restart(auth_db, clock):
    url, factory = auth_db
    app = SandboxEgovIdentity(clock=clock)
    started = opened_request(factory, app)
    for _ in range(PIN_ATTEMPTS):
        approve(factory, app, started.request_id, WRONG_PIN)
    factory.kw["bind"].dispose()
    restarted = make_session_factory(make_engine(url))
    app_after_restart = SandboxEgovIdentity(clock=clock)
    again = start(restarted, app_after_restart)
    assert open_in_app(restarted, app_after_restart, again.code) is OpenResult.LOCKED
    restarted.kw["bind"].dispose()


def test_two_processes_share_one_count(auth_db, clock):
    url, first = auth_db
    second = make_session_factory(make_engine(url))
    app_one, app_two = SandboxEgovIdentity(clock=clock), SandboxEgovIdentity(clock=clock)
    started = opened_request(first, app_one)
    for n, left in enumerate((4, 3, 2, 1)):
        factory, app = (first, app_one) if n % 2 else (second, app_two)
        assert approve(factory, app, started.request_id, WRONG_PIN) == (PinResult.WRONG, left)
    assert approve(second, app_two, started.request_id, WRONG_PIN) == (PinResult.LOCKED, 0)
    again = start(first, app_one)
    assert open_in_app(first, app_one, again.code) is OpenResult.LOCKED
    second.kw["bind"].dispose()


def _wrong_pins_in_another_process(url: str, count: int) -> list[str]:
    """A portal process of its own: each try opens a fresh request in Aysel's app and enters a
    wrong PIN; once the app is locked, the request is not even opened."""
    factory = make_session_factory(make_engine(url))
    app = SandboxEgovIdentity()
    results = []
    for _ in range(count):
        started = start(factory, app)
        opened = open_in_app(factory, app, started.code)
        if opened is not OpenResult.OPENED:
            results.append("open:" + opened.value)
            continue
        results.append(approve(factory, app, started.request_id, WRONG_PIN)[0].value)
    factory.kw["bind"].dispose()
    return results


def test_processes_guessing_at_once_get_exactly_five_attempts_between_them(auth_db):
    url, factory = auth_db
    with ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [r for batch in pool.map(_wrong_pins_in_another_process, [url] * 3, [4] * 3)
                   for r in batch]
    assert results.count(PinResult.WRONG.value) == PIN_ATTEMPTS - 1
    # The fifth wrong PIN locks; every try after it meets the lock.
    assert results.count(PinResult.LOCKED.value) >= 1
    assert results.count(PinResult.LOCKED.value) + results.count("open:locked") == \
        12 - (PIN_ATTEMPTS - 1)
    with transaction(factory) as session:
        assert session.get(EgovIdentityUser, AYSEL.fin).locked_until is not None
        approved = session.query(EgovIdentityRequest).filter_by(status=Status.APPROVED.value)
        assert approved.count() == 0
