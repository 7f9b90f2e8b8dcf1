"""Strangers failing at a citizen's password cannot lock her out (finding 7 of the hardening
probe): failures stop only the client that made them; many failures from many addresses make
an unknown browser pass a security code, and her own browser signs in as always."""
from __future__ import annotations

from core.auth.accounts import ACCOUNT_FAILURES, LOGIN_FAILURES
from core.platform.security_code import SANDBOX_TEST_CODE
from core.sandbox.citizens import AYSEL
from tests.pagecheck import check_page

STRANGERS = [f"203.0.113.{n}" for n in range(1, 13)]


def _attempt(browser, password, address, **extra):
    return browser.submit("/daxil-ol/sifre", {"login": AYSEL.login, "password": password, **extra},
                          environ_base={"REMOTE_ADDR": address})


def _hammer(app, rounds: int) -> None:
    """Strangers at many addresses, each a fresh browser, try wrong passwords."""
    for n in range(rounds):
        _attempt(app.test_client(), "wrong-password", STRANGERS[n % len(STRANGERS)])


def test_her_own_browser_signs_in_while_strangers_hammer_her_login(app):
    own = app.test_client()
    assert _attempt(own, AYSEL.password, "192.0.2.10").status_code == 303  # signed in before
    own.submit("/cixis", {})
    _hammer(app, 3 * ACCOUNT_FAILURES.max_failures)
    response = _attempt(own, AYSEL.password, "192.0.2.10")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_from_a_new_browser_she_passes_a_security_code_and_is_never_locked(app):
    _hammer(app, 3 * ACCOUNT_FAILURES.max_failures)
    browser = app.test_client()
    asked = check_page(_attempt(browser, AYSEL.password, "192.0.2.44"))
    assert "şəkildəki kodu da yazın" in asked.text
    assert "security_code" in asked.ids and "dəqiqə sonra" not in asked.text
    response = _attempt(browser, AYSEL.password, "192.0.2.44", security_code=SANDBOX_TEST_CODE)
    assert response.status_code == 303


def test_a_wrong_security_code_says_so_and_asks_again(app):
    _hammer(app, 2 * ACCOUNT_FAILURES.max_failures)
    browser = app.test_client()
    _attempt(browser, AYSEL.password, "192.0.2.45")
    page = check_page(_attempt(browser, AYSEL.password, "192.0.2.45", security_code="11111"))
    assert "Təhlükəsizlik kodu düzgün deyil" in page.text and "security_code" in page.ids


def test_a_stranger_is_stopped_after_five_failures_from_one_address_the_citizen_is_not(app):
    stranger = app.test_client()
    for _ in range(LOGIN_FAILURES.max_failures):
        _attempt(stranger, "wrong-password", "203.0.113.99")
    stopped = check_page(_attempt(stranger, AYSEL.password, "203.0.113.99"))
    assert "dəqiqə sonra yenidən cəhd edin" in stopped.text
    assert _attempt(app.test_client(), AYSEL.password, "192.0.2.10").status_code == 303
