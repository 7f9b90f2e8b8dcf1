"""The portal's e-imza adapter over HTTP against the sandbox service: the plugged-in tokens'
certificates, the token PIN and its lockout, the 157 Call Centre's PUK through the sandbox's
own endpoints, and a system that is down, has its circuit open, or loses an answer."""
from __future__ import annotations

import hashlib
import logging
import time

import pytest

from core.auth import Document, ProviderUnavailable
from core.auth.asan_imza import PukResult
from core.auth.eimza import PIN_ATTEMPTS, TokenRefusal
from core.auth.http_asan_imza import HttpAsanImza
from core.auth.http_eimza import HttpEimza
from core.auth.http_sandbox import SandboxHttpEimza
from core.auth.http_signing import HttpSigning
from core.auth.signing import NOT_SIGNER, SigningState
from core.platform.outside import CircuitBreaker
from core.sandbox.accounts import NIGAR, certificate_serial, token_serial
from core.sandbox.citizens import AYSEL, RESHAD
from tests.outside.sign_in_support import SandboxSide, portal_client, sandbox  # noqa: F401

CONTRACT = Document("Alğı-satqı müqaviləsi", hashlib.sha256(b"flat 12, block B").hexdigest())
AYSEL_CERTIFICATE = certificate_serial(AYSEL.fin)


@pytest.fixture
def centre(sandbox):
    return SandboxSide(sandbox, "eimza")


def adapter(sandbox, **options) -> HttpEimza:
    return HttpEimza(portal_client(sandbox, "eimza", **options))


def pin_attempts_left(centre, fin=AYSEL.fin) -> int:
    return centre.get(f"/holders/{fin}/tokens")["tokens"][0]["pin_attempts_left"]


def test_only_the_plugged_in_tokens_certificates_are_listed(sandbox):
    token = adapter(sandbox)
    plugged = token.certificates(None, tokens=[token_serial(AYSEL.fin)])
    assert [(c.serial, c.fin) for c in plugged] == [(AYSEL_CERTIFICATE, AYSEL.fin)]
    assert token.certificates(None, tokens=[]) == []
    assert {c.fin for c in token.certificates(None, RESHAD.fin)} == {RESHAD.fin}
    assert token.certificate(None, AYSEL_CERTIFICATE) == plugged[0]
    assert token.certificate(None, "AZ-ICA-NOBODY") is None


def test_the_right_pin_signs_in_the_certificate_s_holder(sandbox):
    result = adapter(sandbox).sign_in(None, AYSEL_CERTIFICATE, AYSEL.token_pin)
    assert result.ok
    assert (result.identity.fin, result.identity.full_name) == (AYSEL.fin, AYSEL.full_name)
    assert result.certificate.serial == AYSEL_CERTIFICATE


def test_ten_wrong_pins_block_the_token_until_the_157_call_centre_unblocks_it(sandbox, centre):
    token = adapter(sandbox)
    results = [token.sign_in(None, AYSEL_CERTIFICATE, "000000") for _ in range(PIN_ATTEMPTS)]
    assert [r.refusal for r in results] == [TokenRefusal.WRONG_PIN] * 9 + [TokenRefusal.BLOCKED]
    assert results[0].attempts_left == 9 and results[-1].attempts_left == 0
    assert token.sign_in(None, AYSEL_CERTIFICATE, AYSEL.token_pin).refusal is TokenRefusal.BLOCKED

    assert centre.post(f"/tokens/{token_serial(AYSEL.fin)}/puk",
                       {"puk": AYSEL.token_puk})["result"] == "unblocked"
    assert token.sign_in(None, AYSEL_CERTIFICATE, AYSEL.token_pin).ok


def test_an_expired_certificate_is_refused_before_the_pin_is_counted(sandbox, centre):
    result = adapter(sandbox).sign_in(None, certificate_serial(NIGAR.fin), "000000")
    assert result.refusal is TokenRefusal.CERTIFICATE_EXPIRED
    assert result.certificate.fin == NIGAR.fin
    assert pin_attempts_left(centre, NIGAR.fin) == PIN_ATTEMPTS


def test_a_wrong_pin_whose_answer_was_lost_is_counted_once(sandbox, centre):
    centre.fault("lost", count=1)
    result = adapter(sandbox).sign_in(None, AYSEL_CERTIFICATE, "000000")
    assert (result.refusal, result.attempts_left) == (TokenRefusal.WRONG_PIN, PIN_ATTEMPTS - 1)
    assert "eimza" not in centre.http.get("/faults").json()  # the answer was lost once
    assert pin_attempts_left(centre) == PIN_ATTEMPTS - 1


def test_no_pin_in_any_log_line(sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    adapter(sandbox).sign_in(None, AYSEL_CERTIFICATE, "987650")
    logged = " ".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "outside call" in logged and "987650" not in logged


def test_a_system_that_is_down_is_unavailable_at_once(sandbox, centre):
    centre.fault("down")
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        adapter(sandbox).sign_in(None, AYSEL_CERTIFICATE, AYSEL.token_pin)
    assert time.perf_counter() - started < 1
    centre.clear_fault()
    assert pin_attempts_left(centre) == PIN_ATTEMPTS


def test_with_its_circuit_open_the_adapter_answers_in_under_a_second(sandbox, centre):
    token = adapter(sandbox, breaker=CircuitBreaker(failures_to_open=2, open_seconds=60))
    centre.fault("down")
    with pytest.raises(ProviderUnavailable):
        token.certificates(None, AYSEL.fin)
    centre.fault("slow", seconds=5, count=1)
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        token.sign_in(None, AYSEL_CERTIFICATE, AYSEL.token_pin)
    assert time.perf_counter() - started < 1
    assert centre.http.get("/faults").json()["eimza"]["count"] == 1  # never reached


def test_signing_with_the_token_over_http(sandbox):
    signing = HttpSigning(HttpAsanImza(portal_client(sandbox, "asan_imza")), adapter(sandbox))
    step = signing.sign_with_token(None, signer_fin=AYSEL.fin,
                                   certificate_serial=AYSEL_CERTIFICATE, pin=AYSEL.token_pin,
                                   document=CONTRACT)
    assert step.state is SigningState.SIGNED
    assert signing.verify(step.signature, CONTRACT)


def test_someone_else_s_token_is_refused_without_using_its_attempts(sandbox, centre):
    signing = HttpSigning(HttpAsanImza(portal_client(sandbox, "asan_imza")), adapter(sandbox))
    step = signing.sign_with_token(None, signer_fin=AYSEL.fin,
                                   certificate_serial=certificate_serial(RESHAD.fin),
                                   pin="000000", document=CONTRACT)
    assert (step.state, step.reason) == (SigningState.REFUSED, NOT_SIGNER)
    assert pin_attempts_left(centre, RESHAD.fin) == PIN_ATTEMPTS


def test_the_call_centre_side_client_gives_the_in_process_sandbox_s_answers(sandbox):
    token = SandboxHttpEimza(portal_client(sandbox, "eimza"))
    serial = token_serial(RESHAD.fin)
    assert token.unblock_with_puk(None, serial, RESHAD.token_puk) is PukResult.NOT_NEEDED
    for _ in range(PIN_ATTEMPTS):
        token.sign_in(None, certificate_serial(RESHAD.fin), "000000")
    [state] = token.tokens(None, RESHAD.fin)
    assert state.blocked and state.certificates[0].fin == RESHAD.fin
    assert token.unblock_with_puk(None, serial, "00000000") is PukResult.WRONG
    assert token.issue_new_token(None, serial) is True
    [state] = token.tokens(None, RESHAD.fin)
    assert (state.pin_attempts_left, state.puk_attempts_left) == (PIN_ATTEMPTS, 3)
    assert token.issue_new_token(None, "TKN-NOBODY") is False
