"""The portal's sign-in pages and the sandbox's phone, token and app pages, unchanged, on the
HTTP adapters (core.auth.http_sandbox) to the sandbox service in this process: the requests,
PIN counters and approvals live in the sandbox's database, none in the portal's."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.auth.http_signing import HttpSigning
from core.auth.http_sandbox import SandboxHttpAsanImza, SandboxHttpEgovIdentity, SandboxHttpEimza
from core.auth.models import AsanRequest, CitizenSession, EgovIdentityRequest, EimzaToken
from core.sandbox.citizens import AYSEL, RESHAD
from tests.outside.sign_in_support import portal_client, rows, sandbox  # noqa: F401  fixture
from tests.pagecheck import check_page
from tests.web.auth_support import (continue_asan_imza, phone_enter_pin, sign_in_with_token,
                                    start_asan_imza)
from tests.web.egov_identity_support import (CALLS, app_answer, app_open, press_davam_et,
                                             request_code, sign_in_url)


@pytest.fixture
def portal(app, sandbox):
    """The web app with its sign-in providers over HTTP (what the wiring does in sandbox mode)."""
    asan = SandboxHttpAsanImza(portal_client(sandbox, "asan_imza"))
    token = SandboxHttpEimza(portal_client(sandbox, "eimza"))
    app.extensions["auth"] = replace(app.extensions["auth"], asan_imza=asan, eimza=token,
                                     signing=HttpSigning(asan, token),
                                     egov_identity=SandboxHttpEgovIdentity(
                                         portal_client(sandbox, "egov_identity")))
    return app


def portal_rows(db, model) -> int:
    return db.execute(select(func.count()).select_from(model)).scalar_one()


def test_asan_imza_sign_in_through_the_pages(portal, sandbox, db):
    client = portal.test_client()
    start_asan_imza(client, AYSEL, next_url=CALLS)
    assert continue_asan_imza(client, htmx=True).status_code == 204
    assert phone_enter_pin(portal.test_client(), AYSEL.mobile, AYSEL.asan_pin1).status_code == 303
    assert continue_asan_imza(client, htmx=True).headers["HX-Redirect"] == CALLS
    assert "Məmmədova Aysel" in check_page(client.get(CALLS)).text
    assert rows(sandbox, AsanRequest) == 1
    assert portal_rows(db, AsanRequest) == 0
    assert portal_rows(db, CitizenSession) == 1


def test_the_sandbox_phone_page_counts_wrong_pins_in_the_sandbox(portal, sandbox):
    client = portal.test_client()
    start_asan_imza(client, RESHAD)
    phone = portal.test_client()
    for _ in range(3):
        phone_enter_pin(phone, RESHAD.mobile, "0000")
    page = phone.get(f"/sandbox/asan-imza/{RESHAD.mobile}").get_data(as_text=True)
    assert "PIN1 kodu bloka düşüb" in page
    assert "PIN1" in check_page(client.get("/daxil-ol/asan-imza/gozleyin", follow_redirects=True)).text


def test_eimza_sign_in_through_the_pages(portal, db):
    client = portal.test_client()
    response = sign_in_with_token(client, AYSEL, next_url=CALLS)
    assert response.status_code == 303 and response.headers["Location"] == CALLS
    wrong = check_page(sign_in_with_token(portal.test_client(), RESHAD, pin="000000"))
    assert "9 cəhdiniz qalıb" in wrong.text
    token_page = check_page(portal.test_client().get(f"/sandbox/e-imza/{RESHAD.fin}"))
    assert "PIN kod üçün qalan cəhdlər: 9" in token_page.text
    assert all(t.pin_failures == 0 for t in db.execute(select(EimzaToken)).scalars())


def test_egov_identity_sign_in_through_the_pages(portal, sandbox, db):
    client = portal.test_client()
    page = client.get(sign_in_url())
    phone = portal.test_client()
    assert app_open(phone, AYSEL, request_code(page)).status_code == 303
    assert app_answer(phone, AYSEL).status_code == 303
    done = press_davam_et(client, page)
    assert done.status_code == 303 and done.headers["Location"] == CALLS
    assert rows(sandbox, EgovIdentityRequest) == 1
    assert portal_rows(db, EgovIdentityRequest) == 0
