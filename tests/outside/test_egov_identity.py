"""The portal's e-gov identity adapter over HTTP against the sandbox service: one request per
Idempotency-Key, the app's approval through the sandbox's own endpoints, the app-PIN lock, and
a system that is down, has its circuit open, or loses an answer."""
from __future__ import annotations

import time

import pytest

from core.auth import ProviderUnavailable
from core.auth.egov_identity import PIN_ATTEMPTS, OpenResult, PinResult, Started, Status
from core.auth.http_egov_identity import HttpEgovIdentity
from core.auth.http_sandbox import SandboxHttpEgovIdentity
from core.auth.models import EgovIdentityRequest
from core.platform.outside import CircuitBreaker
from core.sandbox.citizens import AYSEL
from core.sandbox.egov_identity import APP_PINS
from tests.outside.sign_in_support import (SandboxSide, fixed_key, portal_client, rows,
                                           sandbox)  # noqa: F401  fixture


@pytest.fixture
def app(sandbox):
    return SandboxSide(sandbox, "egov_identity")


def adapter(sandbox, **options) -> HttpEgovIdentity:
    key = options.pop("key", None)
    system = portal_client(sandbox, "egov_identity", **options)
    return HttpEgovIdentity(system, key=key) if key else HttpEgovIdentity(system)


def opened(app, started: Started, fin=AYSEL.fin) -> str:
    """The app scans the page's QR code; returns the path of the request in the app."""
    assert app.post(f"/apps/{fin}/opened-requests", {"code": started.qr_payload})["result"] == \
        "opened"
    return f"/apps/{fin}/requests/{started.request_id}"


def test_a_request_started_twice_with_the_same_key_is_one_request(sandbox):
    identity = adapter(sandbox, key=fixed_key())
    first, second = identity.start(None), identity.start(None)
    assert first == second
    assert rows(sandbox, EgovIdentityRequest) == 1


def test_an_approval_in_the_app_is_seen_through_the_adapter_and_used_once(sandbox, app):
    identity = adapter(sandbox)
    started = identity.start(None)
    assert identity.outcome(None, started.request_id).status is Status.WAITING
    in_app = opened(app, started)
    assert app.get(f"/apps/{AYSEL.fin}")["request"]["code"] == started.code

    assert app.post(f"{in_app}/approve", {"pin": APP_PINS[AYSEL.fin]})["result"] == "approved"
    outcome = identity.outcome(None, started.request_id)
    assert outcome.status is Status.APPROVED
    assert (outcome.identity.fin, outcome.identity.full_name) == (AYSEL.fin, AYSEL.full_name)
    assert identity.consume(None, started.request_id) is True
    assert identity.consume(None, started.request_id) is False


def test_a_decline_in_the_app_and_a_cancel_by_the_portal_end_requests(sandbox, app):
    identity = adapter(sandbox)
    declined = identity.start(None)
    assert app.post(f"{opened(app, declined)}/decline")["declined"] is True
    assert identity.outcome(None, declined.request_id).status is Status.DECLINED

    replaced = identity.start(None)
    identity.cancel(None, replaced.request_id)
    assert identity.outcome(None, replaced.request_id).status is Status.CANCELLED
    assert app.post(f"/apps/{AYSEL.fin}/opened-requests",
                    {"code": replaced.code})["result"] == "not_found"


def test_five_wrong_app_pins_lock_the_app(sandbox, app):
    identity = adapter(sandbox)
    started = identity.start(None)
    in_app = opened(app, started)
    answers = [app.post(f"{in_app}/approve", {"pin": "0000"}) for _ in range(PIN_ATTEMPTS)]
    assert [a["result"] for a in answers] == ["wrong"] * 4 + ["locked"]
    assert identity.outcome(None, started.request_id).status is Status.LOCKED
    screen = app.get(f"/apps/{AYSEL.fin}")
    assert screen["locked_until"] is not None and screen["attempts_left"] == 0
    later = identity.start(None)
    assert app.post(f"/apps/{AYSEL.fin}/opened-requests", {"code": later.code})["result"] == \
        "locked"


def test_a_pin_answer_repeated_with_its_key_is_counted_once(sandbox, app):
    started = adapter(sandbox).start(None)
    in_app = opened(app, started)
    first = app.post(f"{in_app}/approve", {"pin": "0000"}, key="pin-once")
    again = app.post(f"{in_app}/approve", {"pin": "0000"}, key="pin-once")
    assert first == again == {"result": "wrong", "attempts_left": PIN_ATTEMPTS - 1}
    assert app.get(f"/apps/{AYSEL.fin}")["attempts_left"] == PIN_ATTEMPTS - 1


def test_a_system_that_is_down_is_unavailable_at_once_and_nothing_is_made(sandbox, app):
    app.fault("down")
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        adapter(sandbox).start(None)
    assert time.perf_counter() - started < 1
    assert rows(sandbox, EgovIdentityRequest) == 0


def test_with_its_circuit_open_the_adapter_answers_in_under_a_second(sandbox, app):
    identity = adapter(sandbox, breaker=CircuitBreaker(failures_to_open=2, open_seconds=60))
    app.fault("down")
    with pytest.raises(ProviderUnavailable):
        identity.start(None)
    app.fault("slow", seconds=5, count=1)
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        identity.outcome(None, "any")
    with pytest.raises(ProviderUnavailable):
        identity.start(None)
    assert time.perf_counter() - started < 1
    assert app.http.get("/faults").json()["egov_identity"]["count"] == 1  # never reached


def test_a_lost_answer_at_start_is_retried_with_its_key_and_makes_one_request(sandbox, app):
    app.fault("lost", count=1)
    started = adapter(sandbox).start(None)
    assert "egov_identity" not in app.http.get("/faults").json()  # the answer was lost once
    assert rows(sandbox, EgovIdentityRequest) == 1
    assert adapter(sandbox).outcome(None, started.request_id).code == started.code


def test_a_lost_answer_at_consume_still_opens_one_session(sandbox, app):
    identity = adapter(sandbox)
    started = identity.start(None)
    app.post(f"{opened(app, started)}/approve", {"pin": APP_PINS[AYSEL.fin]})
    app.fault("lost", count=1)
    assert identity.consume(None, started.request_id) is True  # its retry got the first answer
    assert identity.consume(None, started.request_id) is False


def test_the_app_side_client_gives_the_in_process_sandbox_s_answers(sandbox):
    identity = SandboxHttpEgovIdentity(portal_client(sandbox, "egov_identity"))
    started = identity.start(None)
    assert identity.app(None, AYSEL.fin).request is None
    assert identity.open_request(None, AYSEL.fin, "no code") is OpenResult.NOT_FOUND
    assert identity.open_request(None, AYSEL.fin, started.code) is OpenResult.OPENED
    assert identity.app(None, AYSEL.fin).request.id == started.request_id
    assert identity.approve(None, AYSEL.fin, started.request_id, "0000") == (PinResult.WRONG, 4)
    assert identity.decline(None, AYSEL.fin, started.request_id) is True
    assert identity.approve(None, AYSEL.fin, started.request_id, APP_PINS[AYSEL.fin]) == (
        PinResult.NOT_WAITING, 0)
    assert identity.app(None, "0000000") is None
