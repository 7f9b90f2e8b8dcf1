"""The e-imza sandbox token: certificate choice, token PIN, 10-attempt block, expired certificate."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

from core.auth import Method
from core.auth.asan_imza import PukResult
from core.auth.eimza import PIN_ATTEMPTS, TokenRefusal
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.sandbox.accounts import NIGAR, certificate_serial, token_serial
from core.sandbox.eimza import SandboxEimza
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import EimzaCertificate, EimzaToken
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures

token = SandboxEimza()
AYSEL_CERT = certificate_serial(AYSEL.fin)


def sign_in(factory, pin, serial=AYSEL_CERT, now=None):
    with transaction(factory) as session:
        return token.sign_in(session, serial, pin, now=now)


def test_the_demo_token_offers_each_demo_certificate_with_its_dates(factory):
    with transaction(factory) as session:
        listed = {c.serial: c for c in token.certificates(session)}
    assert set(listed) == {certificate_serial(f) for f in (AYSEL.fin, RESHAD.fin, NIGAR.fin)}
    today = utcnow().date()
    assert listed[AYSEL_CERT].problem(today) is None
    assert listed[certificate_serial(NIGAR.fin)].problem(today) is TokenRefusal.CERTIFICATE_EXPIRED


def test_the_right_token_pin_signs_aysel_in(factory):
    result = sign_in(factory, AYSEL.token_pin)
    assert result.ok
    assert result.identity.fin == AYSEL.fin and result.identity.method is Method.EIMZA


def test_each_wrong_pin_says_how_many_attempts_are_left(factory):
    assert sign_in(factory, "000000").attempts_left == 9
    result = sign_in(factory, "111111")
    assert result.refusal is TokenRefusal.WRONG_PIN and result.attempts_left == 8
    assert sign_in(factory, AYSEL.token_pin).ok
    assert sign_in(factory, "000000").attempts_left == 9  # the right PIN resets the count


def test_ten_wrong_pins_block_the_token_even_for_the_right_pin(factory):
    for n in range(1, PIN_ATTEMPTS):
        assert sign_in(factory, "000000").refusal is TokenRefusal.WRONG_PIN, n
    tenth = sign_in(factory, "000000")
    assert tenth.refusal is TokenRefusal.BLOCKED and tenth.attempts_left == 0
    assert sign_in(factory, AYSEL.token_pin).refusal is TokenRefusal.BLOCKED
    with transaction(factory) as session:
        assert session.get(EimzaToken, token_serial(AYSEL.fin)).pin_failures == PIN_ATTEMPTS
        assert token.unblock_with_puk(session, token_serial(AYSEL.fin), AYSEL.token_puk) \
            is PukResult.UNBLOCKED
    assert sign_in(factory, AYSEL.token_pin).ok


def test_the_157_call_centre_unblocks_with_the_puk_and_three_wrong_puks_end_the_token(factory):
    serial = token_serial(AYSEL.fin)
    with transaction(factory) as session:
        assert token.unblock_with_puk(session, serial, AYSEL.token_puk) is PukResult.NOT_NEEDED
    for _ in range(PIN_ATTEMPTS):
        sign_in(factory, "000000")
    with transaction(factory) as session:
        assert token.unblock_with_puk(session, serial, "00000000") is PukResult.WRONG
        assert token.unblock_with_puk(session, serial, "00000001") is PukResult.WRONG
        assert token.unblock_with_puk(session, serial, "00000002") is PukResult.BLOCKED_FOR_GOOD
        assert token.unblock_with_puk(session, serial, AYSEL.token_puk) \
            is PukResult.BLOCKED_FOR_GOOD
        assert token.tokens(session, AYSEL.fin)[0].blocked_for_good
    assert sign_in(factory, AYSEL.token_pin).refusal is TokenRefusal.BLOCKED
    with transaction(factory) as session:
        assert token.issue_new_token(session, serial)
    assert sign_in(factory, AYSEL.token_pin).ok


def test_an_expired_certificate_is_refused_without_using_up_a_pin_attempt(factory):
    serial = certificate_serial(NIGAR.fin)
    result = sign_in(factory, NIGAR.token_pin, serial=serial)
    assert result.refusal is TokenRefusal.CERTIFICATE_EXPIRED
    assert result.certificate.valid_until < utcnow().date()
    with transaction(factory) as session:
        assert session.get(EimzaToken, token_serial(NIGAR.fin)).pin_failures == 0


def test_a_revoked_or_not_yet_valid_certificate_is_refused(factory):
    with transaction(factory) as session:
        session.get(EimzaCertificate, AYSEL_CERT).revoked = True
        later = session.get(EimzaCertificate, certificate_serial(RESHAD.fin))
        later.valid_from = utcnow().date() + timedelta(days=3)
    assert sign_in(factory, AYSEL.token_pin).refusal is TokenRefusal.CERTIFICATE_REVOKED
    assert sign_in(factory, RESHAD.token_pin, serial=certificate_serial(RESHAD.fin)
                   ).refusal is TokenRefusal.CERTIFICATE_NOT_YET_VALID


def test_an_unknown_certificate_is_refused(factory):
    assert sign_in(factory, "123456", serial="AZ-ICA-XXXXXXX").refusal is TokenRefusal.UNKNOWN_CERTIFICATE


def test_the_block_survives_a_restart(auth_db):
    url, factory = auth_db
    for _ in range(PIN_ATTEMPTS):
        sign_in(factory, "000000")
    factory.kw["bind"].dispose()
    restarted = make_session_factory(make_engine(url))
    assert sign_in(restarted, AYSEL.token_pin).refusal is TokenRefusal.BLOCKED


def _wrong_pins_in_another_process(url: str, count: int) -> list[str]:
    factory = make_session_factory(make_engine(url))
    return [sign_in(factory, "000000").refusal.value for _ in range(count)]


def test_processes_guessing_at_once_get_exactly_ten_attempts_between_them(auth_db):
    url, factory = auth_db
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [r for batch in pool.map(_wrong_pins_in_another_process, [url] * 4, [4] * 4)
                   for r in batch]
    assert results.count("wrong_pin") == PIN_ATTEMPTS - 1
    assert results.count("blocked") == 16 - (PIN_ATTEMPTS - 1)
    with transaction(factory) as session:
        assert session.get(EimzaToken, token_serial(AYSEL.fin)).pin_failures == PIN_ATTEMPTS
