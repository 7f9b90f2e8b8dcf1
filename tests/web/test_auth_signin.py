"""Signing in: the methods a service accepts, each with its help; login and password; e-imza;
signing out; the cookie holds nothing but the server-side session id."""
from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from core.auth.accounts import LOGIN_FAILURES
from core.sandbox.accounts import NIGAR
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import CitizenSession
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.auth_support import (
    age_sessions, plug_in_token, sign_in_with_password, sign_in_with_token,
)

CALLS = "/seherlerarasi-danisiqlar/"


def cookie_contents(app, client) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(cookie.value) if cookie else {}


def test_the_sign_in_page_offers_the_four_methods_of_call_records_each_with_help(client):
    page = check_page(client.get("/daxil-ol/?xidmet=seherlerarasi-danisiqlar&next=" + CALLS))
    for method in ("Elektron imza ilə daxil ol", "e-gov identity ilə daxil ol",
                   "Asan İmza ilə daxil ol", "İstifadəçi adı və şifrə ilə daxil ol"):
        assert method in page.text
    assert page.text.count("Necə əldə etməli?") == 4
    assert "157 Çağrı Mərkəzinə" in page.text and "PIN1" in page.text


def test_housing_offers_only_the_enhanced_signatures(client):
    page = check_page(client.get("/daxil-ol/?xidmet=guzestli-menzil"))
    assert "Asan İmza ilə daxil ol" in page.text and "Elektron imza ilə daxil ol" in page.text
    assert "İstifadəçi adı və şifrə ilə daxil ol" not in page.text
    assert client.get("/daxil-ol/sifre?xidmet=guzestli-menzil").status_code == 303


def test_aysel_signs_in_with_login_and_password_and_arrives_where_she_was_going(app, client):
    check_page(client.get("/daxil-ol/sifre?next=" + CALLS))
    response = sign_in_with_password(client, AYSEL, next_url=CALLS)
    assert response.status_code == 303 and response.headers["Location"] == CALLS
    page = check_page(client.get(CALLS))
    assert "Məmmədova Aysel Rauf qızı" in page.text and "Çıxış" in page.text
    assert "Daxil ol" not in page.text
    assert set(cookie_contents(app, client)) <= {"sid", "csrf_token"}


def test_the_header_offers_sign_in_to_a_visitor(client):
    page = check_page(client.get("/"))
    assert "Daxil ol" in page.text and "Çıxış" not in page.text


def test_a_wrong_password_says_so_without_saying_which_part_is_wrong(client):
    response = client.submit("/daxil-ol/sifre", {"login": "aysel", "password": "wrong-one"})
    page = check_page(response, LATER_STEP_BUDGET_KB)
    assert page.title.startswith("Xəta:")
    assert page.text.count("İstifadəçi adı və ya şifrə yanlışdır") == 2  # summary and field
    assert 'value="aysel"' in response.get_data(as_text=True)
    unknown = client.submit("/daxil-ol/sifre", {"login": "nobody", "password": "wrong-one"})
    assert "İstifadəçi adı və ya şifrə yanlışdır" in unknown.get_data(as_text=True)


def test_empty_fields_are_asked_for_by_name(client):
    page = check_page(client.submit("/daxil-ol/sifre", {"login": "", "password": ""}))
    assert "İstifadəçi adınızı yazın" in page.text and "Şifrənizi yazın" in page.text


def test_after_five_failures_even_the_right_password_must_wait(client):
    for _ in range(LOGIN_FAILURES.max_failures):
        client.submit("/daxil-ol/sifre", {"login": "reshad", "password": "wrong-one"})
    response = sign_in_with_password(client, RESHAD)
    assert response.status_code == 200
    assert "dəqiqə sonra yenidən cəhd edin" in check_page(response).text


def test_aysel_signs_in_with_her_e_imza_token(client):
    plug_in_token(client, AYSEL.fin)
    page = check_page(client.get("/daxil-ol/e-imza"))
    assert "Məmmədova Aysel Rauf qızı, FİN 5ZX8K2P" in page.text
    response = sign_in_with_token(client, AYSEL, next_url=CALLS)
    assert response.status_code == 303 and response.headers["Location"] == CALLS


def test_an_expired_certificate_on_the_token_is_marked(client):
    plug_in_token(client, NIGAR.fin)
    assert "(qüvvədə deyil)" in check_page(client.get("/daxil-ol/e-imza")).text


def test_a_wrong_token_pin_says_how_many_attempts_are_left(client):
    page = check_page(sign_in_with_token(client, AYSEL, pin="000000"))
    assert "PIN kod yanlışdır. Token bloka düşməzdən əvvəl 9 cəhdiniz qalıb." in page.text


def test_ten_wrong_token_pins_block_the_token_with_the_advice_to_call_157(client):
    def attempt(n, pin="000000"):  # from ten addresses: one client alone is stopped sooner
        return sign_in_with_token(client, RESHAD, pin=pin,
                                  environ_base={"REMOTE_ADDR": f"203.0.113.{n}"})

    for n in range(9):
        attempt(n)
    page = check_page(attempt(9))
    assert "e-imzanız bloka düşüb" in page.text and "157 Çağrı Mərkəzinə" in page.text
    assert "PUK" in page.text
    page = check_page(attempt(10, RESHAD.token_pin))
    assert "e-imzanız bloka düşüb" in page.text


def test_an_expired_certificate_is_refused_with_its_end_date(client):
    plug_in_token(client, NIGAR.fin)
    response = client.submit("/daxil-ol/e-imza", {"certificate": f"AZ-ICA-{NIGAR.fin}",
                                                  "pin": NIGAR.token_pin})
    page = check_page(response)
    assert "Bu sertifikatın etibarlılıq müddəti" in page.text and "tarixində bitib" in page.text


def test_signing_out_ends_the_session_for_a_copy_of_the_cookie_too(app, client):
    sign_in_with_password(client, AYSEL)
    stolen = app.test_client()
    stolen.set_cookie(app.config["SESSION_COOKIE_NAME"],
                      client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    assert stolen.get(CALLS).status_code == 200
    page = check_page(client.get("/cixis"))
    assert "Portaldan çıxış" in page.text
    response = client.submit("/cixis", {})
    assert response.status_code == 303
    assert "Siz portaldan çıxdınız" in check_page(client.get(response.headers["Location"])).text
    assert client.get(CALLS).status_code == 303
    assert stolen.get(CALLS).status_code == 303


def test_an_idle_session_ends_and_the_citizen_is_told_why(app, client, db):
    sign_in_with_password(client, AYSEL)
    age_sessions(db, 31)
    response = client.get(CALLS)
    assert response.status_code == 303 and "bitdi=1" in response.headers["Location"]
    page = check_page(client.get(response.headers["Location"]))
    assert "Sessiyanızın müddəti bitdi" in page.text
    record = db.execute(select(CitizenSession)).scalar_one()
    db.refresh(record)
    assert record.end_reason == "expired"
    assert "sid" not in cookie_contents(app, client)


def test_a_session_in_use_stays_open_past_the_idle_time(client, db):
    sign_in_with_password(client, AYSEL)
    for _ in range(3):
        age_sessions(db, 20)
        assert client.get(CALLS).status_code == 200


def test_a_next_address_on_another_site_is_ignored(client):
    response = sign_in_with_password(client, AYSEL, next_url="//evil.example/x")
    assert response.headers["Location"] == "/"
