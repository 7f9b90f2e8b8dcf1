"""One round trip per step for htmx: a valid htmx form post answers with the next step and the
address to show; plain posts keep Post/Redirect/Get; refresh and errors behave as before."""
from __future__ import annotations

from flask import Flask, redirect

from tests.web.device_registration_support import AYSEL, BASE
from core.platform.security_code import SANDBOX_TEST_CODE
from web.platform.one_round_trip import OneRoundTrip

HTMX = {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "main"}
STEP_1 = {**AYSEL, "imei": "353325111234567", "security_code": SANDBOX_TEST_CODE}


def test_a_valid_htmx_post_answers_with_the_next_step_and_its_address(client):
    response = client.submit(f"{BASE}/", STEP_1, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == f"{BASE}/melumatlar"
    html = response.get_data(as_text=True)
    assert "<!doctype html>" not in html.lower() and 'name="subscriber"' in html


def test_a_plain_post_still_redirects_to_the_next_step(client):
    response = client.submit(f"{BASE}/", STEP_1)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith(f"{BASE}/melumatlar")


def test_refreshing_the_address_htmx_showed_gives_the_whole_step_page(client):
    pushed = client.submit(f"{BASE}/", STEP_1, headers=HTMX).headers["HX-Push-Url"]
    page = client.get(pushed)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.lower().startswith("<!doctype html>") and 'name="subscriber"' in html


def test_an_htmx_post_with_mistakes_answers_the_same_step_and_pushes_nothing(client):
    response = client.submit(f"{BASE}/", {**STEP_1, "fin": "O"}, headers=HTMX)
    assert response.status_code == 200 and "HX-Push-Url" not in response.headers
    assert 'name="fin"' in response.get_data(as_text=True)


def _app_redirecting_to(location: str) -> Flask:
    app = Flask(__name__)
    app.wsgi_app = OneRoundTrip(app.wsgi_app)

    @app.post("/step")
    def step():
        response = redirect(location, 303)
        response.set_cookie("seen", "yes")
        return response

    @app.get("/next")
    def next_step():
        from flask import request
        return f"next, cookie {request.cookies.get('seen')}"

    return app


def test_the_followed_step_sees_the_cookies_the_post_set_and_the_browser_keeps_them():
    response = _app_redirecting_to("/next").test_client().post("/step", headers=HTMX)
    assert response.status_code == 200 and response.get_data(as_text=True) == "next, cookie yes"
    assert response.headers["HX-Push-Url"] == "/next"
    assert "seen=yes" in response.headers["Set-Cookie"]


def test_a_redirect_to_another_site_is_never_followed():
    response = _app_redirecting_to("https://elsewhere.example/next").test_client().post(
        "/step", headers=HTMX)
    assert response.status_code == 303
    assert response.headers["Location"] == "https://elsewhere.example/next"


def test_a_boosted_link_to_a_service_that_asks_for_sign_in_answers_with_the_sign_in_page(client):
    response = client.get("/seherlerarasi-danisiqlar/", headers=HTMX)
    assert response.status_code == 200
    pushed = response.headers["HX-Push-Url"]
    assert pushed.startswith("/daxil-ol") and "next=" in pushed
    html = response.get_data(as_text=True)
    assert "<!doctype html>" not in html.lower() and "/daxil-ol/sifre" in html
    plain = client.get("/seherlerarasi-danisiqlar/")  # without htmx: the redirect, as before
    assert plain.status_code in (302, 303) and plain.headers["Location"].endswith(pushed)


def test_a_poll_that_meets_a_redirect_is_not_followed_here(client):
    poll = {"HX-Request": "true", "HX-Target": "main"}
    response = client.get("/seherlerarasi-danisiqlar/", headers=poll)
    assert response.status_code in (302, 303) and "HX-Push-Url" not in response.headers
