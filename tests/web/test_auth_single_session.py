"""Güzəştli mənzil (seed 004): enhanced e-signature only, one session per citizen, sessions
that stay active for 500 minutes."""
from __future__ import annotations

import pytest

from core.sandbox.citizens import AYSEL
from tests.pagecheck import check_page
from tests.web.auth_support import (
    age_sessions, continue_asan_imza, phone_enter_pin, sign_in_with_password, sign_in_with_token,
    start_asan_imza,
)
from web.auth.guard import login_required

HOUSING = "guzestli-menzil"
CABINET = "/sinaq-menzil-kabineti/"


@pytest.fixture
def app(app):
    """A stand-in page of the housing e-cabinet, guarded as the real one will be."""
    app.add_url_rule(CABINET, "test_housing_cabinet",
                     login_required(HOUSING)(lambda: "kabinet"))
    return app


def sign_in_for_housing_with_asan_imza(app, browser):
    start_asan_imza(browser, AYSEL, service=HOUSING, next_url=CABINET)
    phone_enter_pin(app.test_client(), AYSEL.mobile, AYSEL.asan_pin1)
    return continue_asan_imza(browser)


def test_aysel_enters_the_cabinet_with_asan_imza(app, client):
    response = sign_in_for_housing_with_asan_imza(app, client)
    assert response.headers["Location"] == CABINET
    assert client.get(CABINET).get_data(as_text=True) == "kabinet"


def test_a_second_browser_is_refused_with_the_seeds_explanation(app, client):
    sign_in_for_housing_with_asan_imza(app, client)
    second = app.test_client()
    response = sign_in_with_token(second, AYSEL, service=HOUSING, next_url=CABINET)
    assert response.status_code == 409
    page = check_page(response)
    assert "Siz artıq başqa pəncərədən daxil olmusunuz" in page.text
    assert "yalnız bir kompüterdən" in page.text and "çıxış edin" in page.text
    assert second.get(CABINET).status_code == 303
    assert client.get(CABINET).status_code == 200  # the first keeps working


def test_after_the_first_signs_out_the_second_browser_is_admitted(app, client):
    sign_in_for_housing_with_asan_imza(app, client)
    client.submit("/cixis", {})
    second = app.test_client()
    response = sign_in_with_token(second, AYSEL, service=HOUSING, next_url=CABINET)
    assert response.headers["Location"] == CABINET
    assert second.get(CABINET).status_code == 200


def test_a_session_signed_in_elsewhere_cannot_enter_the_cabinet_held_by_another(app, client):
    sign_in_for_housing_with_asan_imza(app, client)
    second = app.test_client()
    sign_in_with_token(second, AYSEL)  # for the portal in general: admitted
    assert second.get("/seherlerarasi-danisiqlar/").status_code == 200
    response = second.get(CABINET)
    assert response.status_code == 409
    assert "Siz artıq başqa pəncərədən daxil olmusunuz" in check_page(response).text


def test_a_password_session_is_asked_for_an_enhanced_signature(client):
    sign_in_with_password(client, AYSEL)
    response = client.get(CABINET)
    assert response.status_code == 303 and "usul=1" in response.headers["Location"]
    page = check_page(client.get(response.headers["Location"]))
    assert "gücləndirilmiş elektron imza tələb olunur" in page.text
    assert "İstifadəçi adı və şifrə ilə daxil ol" not in page.text


def test_the_cabinet_session_stays_active_for_500_minutes_then_ends(app, client, db):
    sign_in_for_housing_with_asan_imza(app, client)
    age_sessions(db, 499)
    assert client.get(CABINET).status_code == 200
    age_sessions(db, 500)
    assert client.get(CABINET).status_code == 303
    # The claim ended with it: another browser may now sign in.
    second = app.test_client()
    assert sign_in_with_token(second, AYSEL, service=HOUSING,
                              next_url=CABINET).headers["Location"] == CABINET


def test_an_ordinary_session_ends_after_thirty_idle_minutes(client, db):
    sign_in_with_password(client, AYSEL)
    age_sessions(db, 31)
    assert client.get("/seherlerarasi-danisiqlar/").status_code == 303
