"""The portal's Asan İmza adapter over HTTP against the sandbox service: one request per
Idempotency-Key, the phone's answers through the sandbox's own endpoints, the PIN lockout,
and a system that is down, has its circuit open, or loses an answer."""
from __future__ import annotations

import hashlib
import time

import pytest

from core.auth import Document, ProviderUnavailable
from core.auth.asan_imza import PinResult, PukResult, Purpose, Refusal, Refused, Started, Status
from core.auth.http_asan_imza import HttpAsanImza
from core.auth.http_eimza import HttpEimza
from core.auth.http_sandbox import SandboxHttpAsanImza
from core.auth.http_signing import HttpSigning
from core.auth.models import AsanRequest
from core.auth.signing import SigningState
from core.platform.outside import CircuitBreaker
from core.sandbox.accounts import NIGAR
from core.sandbox.citizens import AYSEL, RESHAD
from tests.outside.sign_in_support import (SandboxSide, fixed_key, portal_client, rows,
                                           sandbox)  # noqa: F401  fixture

CONTRACT = Document("Alğı-satqı müqaviləsi", hashlib.sha256(b"flat 12, block B").hexdigest())


@pytest.fixture
def phone(sandbox):
    return SandboxSide(sandbox, "asan_imza")


def adapter(sandbox, **options) -> HttpAsanImza:
    key = options.pop("key", None)
    system = portal_client(sandbox, "asan_imza", **options)
    return HttpAsanImza(system, key=key) if key else HttpAsanImza(system)


def sign_in(asan: HttpAsanImza, citizen=AYSEL, user_id=None):
    return asan.start(None, mobile=citizen.mobile, user_id=user_id or citizen.asan_user_id,
                      purpose=Purpose.SIGN_IN)


def test_a_sign_in_started_twice_with_the_same_key_is_one_request(sandbox):
    asan = adapter(sandbox, key=fixed_key())
    first, second = sign_in(asan), sign_in(asan)
    assert isinstance(first, Started) and first == second
    assert rows(sandbox, AsanRequest) == 1


def test_a_confirmation_on_the_phone_is_seen_through_the_adapter_and_used_once(sandbox, phone):
    asan = adapter(sandbox)
    started = sign_in(asan)
    screen = phone.get(f"/phones/{AYSEL.mobile}")
    assert screen["request"]["verification_code"] == started.verification_code
    assert asan.outcome(None, started.request_id).status is Status.WAITING

    answer = phone.post(f"/requests/{started.request_id}/pin", {"pin": AYSEL.asan_pin1})
    outcome = asan.outcome(None, started.request_id)
    assert answer["result"] == "confirmed"
    assert outcome.status is Status.CONFIRMED
    assert (outcome.identity.fin, outcome.identity.full_name) == (AYSEL.fin, AYSEL.full_name)
    assert asan.consume(None, started.request_id) is True
    assert asan.consume(None, started.request_id) is False  # a second tab, a double click


def test_a_decline_on_the_phone_ends_the_request(sandbox, phone):
    asan = adapter(sandbox)
    started = sign_in(asan)
    assert phone.post(f"/requests/{started.request_id}/decline")["declined"] is True
    assert asan.outcome(None, started.request_id).status is Status.DECLINED


def test_three_wrong_pin1s_block_it_until_the_puk(sandbox, phone):
    asan = adapter(sandbox)
    started = sign_in(asan)
    answers = [phone.post(f"/requests/{started.request_id}/pin", {"pin": "0000"})
               for _ in range(3)]
    assert [(a["result"], a["attempts_left"]) for a in answers] == [
        ("wrong", 2), ("wrong", 1), ("blocked", 0)]
    assert asan.outcome(None, started.request_id).status is Status.PIN_BLOCKED
    assert sign_in(asan) == Refused(Refusal.PIN1_BLOCKED)

    assert phone.post(f"/phones/{AYSEL.mobile}/puk", {"puk": AYSEL.asan_puk})["result"] == \
        "unblocked"
    assert isinstance(sign_in(asan), Started)


def test_the_systems_refusals_come_back_as_the_ports(sandbox):
    asan = adapter(sandbox)
    assert sign_in(asan, user_id="000000") == Refused(Refusal.UNKNOWN)
    assert sign_in(asan, NIGAR, user_id=NIGAR.asan_user_id) == Refused(Refusal.SUSPENDED)
    assert asan.outcome(None, "no-such-request") is None


def test_a_system_that_is_down_is_unavailable_at_once_and_nothing_is_sent(sandbox, phone):
    asan = adapter(sandbox)
    phone.fault("down")
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        sign_in(asan)
    assert time.perf_counter() - started < 1
    assert rows(sandbox, AsanRequest) == 0


def test_with_its_circuit_open_the_adapter_answers_in_under_a_second_without_calling(
        sandbox, phone):
    asan = adapter(sandbox, breaker=CircuitBreaker(failures_to_open=2, open_seconds=60))
    phone.fault("down")
    with pytest.raises(ProviderUnavailable):
        sign_in(asan)
    assert asan.system.breaker.is_open
    phone.fault("slow", seconds=5, count=1)  # a call that got through would wait 5 s
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        sign_in(asan)
    with pytest.raises(ProviderUnavailable):
        asan.outcome(None, "any")
    assert time.perf_counter() - started < 1
    assert phone.http.get("/faults").json()["asan_imza"]["count"] == 1  # never reached


def test_a_lost_answer_at_start_is_retried_with_its_key_and_makes_one_request(sandbox, phone):
    asan = adapter(sandbox)
    phone.fault("lost", count=1)
    started = sign_in(asan)
    assert isinstance(started, Started)
    assert "asan_imza" not in phone.http.get("/faults").json()  # the answer was lost once
    assert rows(sandbox, AsanRequest) == 1
    assert phone.get(f"/phones/{AYSEL.mobile}")["request"]["request_id"] == started.request_id


def test_an_answer_lost_for_good_is_unavailable(sandbox, phone):
    asan = adapter(sandbox, retries=1)
    phone.fault("lost", count=5)
    with pytest.raises(ProviderUnavailable):
        sign_in(asan)
    assert rows(sandbox, AsanRequest) == 1  # it took effect; the phone shows it, and it expires


def test_signing_with_pin2_over_http(sandbox, phone):
    signing = HttpSigning(adapter(sandbox), HttpEimza(portal_client(sandbox, "eimza")))
    step = signing.begin_asan_imza(None, signer_fin=AYSEL.fin, mobile=AYSEL.mobile,
                                   user_id=AYSEL.asan_user_id, document=CONTRACT)
    assert step.state is SigningState.WAITING
    assert phone.get(f"/phones/{AYSEL.mobile}")["request"]["purpose"] == "sign"
    phone.post(f"/requests/{step.handle}/pin", {"pin": AYSEL.asan_pin2})

    signed = signing.poll(None, signer_fin=AYSEL.fin, handle=step.handle, document=CONTRACT)
    assert signed.state is SigningState.SIGNED
    assert signing.verify(signed.signature, CONTRACT)
    other = Document("Başqa sənəd", hashlib.sha256(b"something else").hexdigest())
    assert not signing.verify(signed.signature, other)


def test_only_the_signer_s_own_subscription_is_asked_to_sign(sandbox):
    signing = HttpSigning(adapter(sandbox), HttpEimza(portal_client(sandbox, "eimza")))
    step = signing.begin_asan_imza(None, signer_fin=AYSEL.fin, mobile=RESHAD.mobile,
                                   user_id=RESHAD.asan_user_id, document=CONTRACT)
    assert (step.state, step.reason) == (SigningState.REFUSED, Refusal.UNKNOWN.value)
    assert rows(sandbox, AsanRequest) == 0


def test_the_phone_side_client_gives_the_in_process_sandbox_s_answers(sandbox):
    asan = SandboxHttpAsanImza(portal_client(sandbox, "asan_imza"))
    started = sign_in(asan, RESHAD)
    screen = asan.phone(None, RESHAD.mobile)
    assert (screen.request.id, screen.request.verification_code) == (
        started.request_id, started.verification_code)
    assert asan.enter_pin(None, started.request_id, "0000") == (PinResult.WRONG, 2)
    assert asan.decline(None, started.request_id) is True
    assert asan.decline(None, started.request_id) is False
    assert asan.phone(None, RESHAD.mobile).request is None
    assert asan.phone(None, "0999999999") is None

    blocked = sign_in(asan, RESHAD)
    for _ in range(2):
        asan.enter_pin(None, blocked.request_id, "0000")
    assert asan.phone(None, RESHAD.mobile).pin1_blocked
    assert asan.enter_puk(None, RESHAD.mobile, "00000000") == (PukResult.WRONG, 2)
    assert asan.issue_duplicate_sim(None, RESHAD.mobile) is True
    screen = asan.phone(None, RESHAD.mobile)
    assert not screen.pin1_blocked and screen.puk_attempts_left == 3
