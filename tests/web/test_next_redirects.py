"""`next` (where to go after a sign-in or a language switch) never leaves the portal: a crafted
value falls back to the home page, as a plain redirect and as htmx's HX-Redirect, and never
gives a 500 (finding 1 and 4 of the hardening probe)."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from core.sandbox.citizens import AYSEL
from tests.web.auth_support import continue_asan_imza, phone_enter_pin

CRAFTED = [
    "/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/%0D%0A/evil.example",
    "/\r\nSet-Cookie:x=1", "/\u200b/evil.example", "/%E2%80%8B/evil.example",
    "//evil.example", "/\\evil.example", "/%5Cevil.example", "/%2F/evil.example",
    "/%2509/evil.example", "https://evil.example/", "javascript:alert(1)", "/ /evil.example",
    "\t//evil.example", "/\u2028/evil.example", "/\x00/evil.example",
]
# The sign-in tests (a password hash each) take the most telling ones.
SHORT = ["/\t/evil.example", "/%0D%0A/evil.example", "/\u200b/evil.example", "//evil.example",
         "/\\evil.example", "/%2509/evil.example", "https://evil.example/"]
HTMX = {"HX-Request": "true", "HX-Target": "main"}


def _stays_home(response) -> None:
    assert response.status_code in (200, 302, 303), response.status_code
    target = response.headers.get("HX-Redirect") or response.headers.get("Location")
    assert target is not None
    parts = urlsplit(target)
    assert not parts.netloc and not parts.scheme, target
    assert parts.path == "/", target


def _query(value: str) -> str:
    return quote(value, safe="")


@pytest.mark.parametrize("crafted", CRAFTED)
def test_the_language_switch_goes_home_for_a_crafted_next(client, crafted):
    _stays_home(client.get("/dil/en?next=" + _query(crafted)))


@pytest.mark.parametrize("crafted", SHORT)
def test_a_signed_in_citizen_on_the_sign_in_page_goes_home_for_a_crafted_next(client, crafted):
    client.submit("/daxil-ol/sifre", {"login": AYSEL.login, "password": AYSEL.password})
    _stays_home(client.get("/daxil-ol/?next=" + _query(crafted)))


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("crafted", SHORT)
def test_a_password_sign_in_goes_home_for_a_crafted_next(client, crafted, htmx):
    url = "/daxil-ol/sifre?next=" + _query(crafted)
    response = client.submit(url, {"login": AYSEL.login, "password": AYSEL.password},
                             headers=HTMX if htmx else {})
    _stays_home(response)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("crafted", SHORT[:4])
def test_an_asan_imza_sign_in_goes_home_for_a_crafted_next(app, client, crafted, htmx):
    started = client.submit("/daxil-ol/asan-imza?next=" + _query(crafted),
                            {"mobile": AYSEL.mobile, "user_id": AYSEL.asan_user_id})
    assert started.status_code == 303
    phone_enter_pin(app.test_client(), AYSEL.mobile, AYSEL.asan_pin1)
    _stays_home(continue_asan_imza(client, htmx=htmx))


@pytest.mark.parametrize("fine", ["/xidmet/mobil-cihazlarin-qeydiyyati/",
                                  "/seherlerarasi-danisiqlar/?nomre=1234567",
                                  "/e-xidmetler/"])
def test_a_next_on_this_site_is_followed(client, fine):
    response = client.get("/dil/en?next=" + _query(fine))
    assert response.headers["Location"] == fine
    response = client.submit("/daxil-ol/sifre?next=" + _query(fine),
                             {"login": AYSEL.login, "password": AYSEL.password},
                             headers=HTMX)
    assert response.headers["HX-Redirect"] == fine


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("odd", ["/%E3%80%82/evil.example", "/%C0%AF/evil", "/m%C9%99nzil/"])
def test_a_next_with_letters_beyond_ascii_never_gives_a_500_and_stays_on_the_portal(
        client, odd, htmx):
    """Found by make probe: a non-ASCII next could not go into HX-Redirect (Werkzeug's 500)."""
    response = client.submit("/daxil-ol/sifre?next=" + odd,
                             {"login": AYSEL.login, "password": AYSEL.password},
                             headers=HTMX if htmx else {})
    assert response.status_code < 500
    target = response.headers.get("HX-Redirect") or response.headers["Location"]
    assert target.startswith("/") and not target.startswith("//") and target.isascii()
