"""Lockouts are kept by the database, not by a process: two app instances on one database see
one count, separate OS processes guessing at once get no extra attempts, and a restart forgets
nothing (Asan İmza 3 PIN1 / 3 PUK, e-imza token 10 PINs, password 5 failures)."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from core.auth.accounts import LOGIN_FAILURES
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import EimzaToken
from tests.conftest import PortalClient, csrf_token
from tests.pagecheck import check_page
from tests.web.auth_support import (
    phone_enter_pin, sign_in_with_password, sign_in_with_token, start_asan_imza,
)
from web import create_app

BLOCKED_FOR_GOOD = "PUK kod 3 dəfə yanlış daxil edildiyi üçün Asan İmza bloka düşüb"


def another_app(app_config):
    """A second instance of the portal on the same database: another worker, or a restart."""
    second = create_app(app_config)
    second.test_client_class = PortalClient
    return second


def restart(*apps):
    for running in apps:
        running.extensions["egov_db"].engine.dispose()


@pytest.fixture
def second(app_config):
    other = another_app(app_config)
    yield other
    restart(other)


def asan_start_page(app, citizen):
    return app.test_client().submit("/daxil-ol/asan-imza", {
        "mobile": citizen.mobile, "user_id": citizen.asan_user_id})


def enter_puk(app, citizen, puk):
    phone = app.test_client()
    page = phone.get(f"/sandbox/asan-imza/{citizen.mobile}").get_data(as_text=True)
    return phone.post(f"/sandbox/asan-imza/{citizen.mobile}/puk",
                      data={"csrf_token": csrf_token(page), "puk": puk})


def test_three_wrong_pin1_entered_through_two_instances_block_it_in_both(app, second):
    start_asan_imza(app.test_client(), AYSEL)
    for instance in (second, app, second):
        phone_enter_pin(instance.test_client(), AYSEL.mobile, "0000")
    for instance in (app, second):
        page = check_page(asan_start_page(instance, AYSEL))
        assert "PIN kodu 3 dəfə yanlış daxil edildiyi üçün bloka düşüb" in page.text


def test_three_wrong_puks_through_two_instances_block_for_good_across_a_restart(app, app_config, second):
    start_asan_imza(app.test_client(), AYSEL)
    for _ in range(3):
        phone_enter_pin(second.test_client(), AYSEL.mobile, "0000")
    for instance in (app, second, app):
        enter_puk(instance, AYSEL, "00000000")
    restart(app, second)
    restarted = another_app(app_config)
    try:
        assert BLOCKED_FOR_GOOD in check_page(asan_start_page(restarted, AYSEL)).text
        phone = check_page(restarted.test_client().get(f"/sandbox/asan-imza/{AYSEL.mobile}"))
        assert "SIM kart birdəfəlik bloka düşüb." in phone.text
        # The right PUK no longer helps either.
        enter_puk(restarted, AYSEL, AYSEL.asan_puk)
        assert BLOCKED_FOR_GOOD in asan_start_page(restarted, AYSEL).get_data(as_text=True)
    finally:
        restart(restarted)


def test_ten_wrong_token_pins_through_two_instances_block_the_token_across_a_restart(app, app_config, second):
    for n in range(10):  # from ten addresses: one client alone is stopped sooner
        sign_in_with_token((app if n % 2 else second).test_client(), RESHAD, pin="000000",
                           environ_base={"REMOTE_ADDR": f"203.0.113.{n + 1}"})
    for instance in (app, second):
        page = check_page(sign_in_with_token(instance.test_client(), RESHAD))
        assert "e-imzanız bloka düşüb" in page.text
    restart(app, second)
    restarted = another_app(app_config)
    try:
        page = check_page(sign_in_with_token(restarted.test_client(), RESHAD))
        assert "e-imzanız bloka düşüb" in page.text
    finally:
        restart(restarted)


def test_password_failures_through_two_instances_lock_the_login_across_a_restart(app, app_config, second):
    for n in range(LOGIN_FAILURES.max_failures):
        (app if n % 2 else second).test_client().submit(
            "/daxil-ol/sifre", {"login": "aysel", "password": "wrong-password"})
    for instance in (app, second):
        assert "dəqiqə sonra" in sign_in_with_password(instance.test_client(), AYSEL).get_data(as_text=True)
    restart(app, second)
    restarted = another_app(app_config)
    try:
        response = sign_in_with_password(restarted.test_client(), AYSEL)
        assert response.status_code == 200 and "dəqiqə sonra" in response.get_data(as_text=True)
    finally:
        restart(restarted)


def _wrong_token_pins_in_a_process_of_its_own(config: dict, count: int,
                                              first_address: int) -> list[int]:
    portal = create_app(config)
    portal.test_client_class = PortalClient
    statuses = []
    for n in range(count):  # each from an address of its own: one client alone is stopped sooner
        statuses.append(sign_in_with_token(
            portal.test_client(), RESHAD, pin="000000",
            environ_base={"REMOTE_ADDR": f"203.0.113.{first_address + n}"}).status_code)
    portal.extensions["egov_db"].engine.dispose()
    return statuses


def test_portal_processes_guessing_at_once_share_the_ten_attempts(app, app_config, db):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        batches = list(pool.map(_wrong_token_pins_in_a_process_of_its_own,
                                [app_config] * 2, [6, 6], [1, 101]))
    assert [s for batch in batches for s in batch] == [200] * 12
    assert db.get(EimzaToken, f"TKN-{RESHAD.fin}").pin_failures == 10
    db.rollback()
    page = check_page(sign_in_with_token(app.test_client(), RESHAD))
    assert "e-imzanız bloka düşüb" in page.text
