"""Headers, CSRF and cookies: the protections every page gets from one place."""
from __future__ import annotations

import re

from tests.pagecheck import check_page


def test_every_page_has_a_strict_nonce_based_policy_with_a_fresh_nonce(client):
    first = client.get("/")
    second = client.get("/")
    policy = first.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    nonce = lambda r: re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"]).group(1)
    assert nonce(first) != nonce(second)
    check_page(first)


def test_hardening_headers_are_set(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain http: HSTS would be a lie


def test_hsts_is_sent_over_https(client):
    response = client.get("/", base_url="https://portal.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_session_cookie_is_http_only_and_same_site(client):
    response = client.get("/dil/en")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_when_served_over_https(app_config):
    from web import create_app

    app = create_app({**app_config, "PREFERRED_URL_SCHEME": "https"})
    cookie = app.test_client().get("/dil/en", base_url="https://p.example").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_a_post_without_the_csrf_token_is_refused_with_a_page_that_explains(app, client):
    @app.post("/_test/form")
    def _form():  # pragma: no cover - never reached without a token
        return "ok"

    response = client.post("/_test/form", data={"x": "1"})
    assert response.status_code == 400
    page = check_page(response)
    assert "Formun vaxtı bitib" in page.text


def test_html_is_compressed_for_browsers_that_accept_gzip(client):
    response = client.get("/e-xidmetler/", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_htmx_is_served_from_our_own_origin_with_a_long_cache(client):
    html = client.get("/").get_data(as_text=True)
    src = re.search(r'<script src="(/assets/htmx\.js\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(src)
    assert response.status_code == 200 and b"htmx" in response.get_data()
    assert "immutable" in response.headers["Cache-Control"]


def test_no_page_refers_to_another_origin(client):
    for url in ("/", "/e-xidmetler/", "/xidmet/mobil-cihazlarin-qeydiyyati/"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), url
