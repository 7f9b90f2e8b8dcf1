"""X-Forwarded-* believed only from the configured proxies (EGOV_PROXY_COUNT): behind one, rate
limits key on the real client and HSTS / Secure cookies follow the real scheme; with none, a
client writing the headers itself changes nothing."""
from __future__ import annotations

import pytest

from core.auth.accounts import LOGIN_FAILURES
from core.sandbox.citizens import AYSEL

PROXY = "10.0.0.2"


def _login(client, password, forwarded_for, **headers):
    return client.submit("/daxil-ol/sifre", {"login": AYSEL.login, "password": password},
                         environ_base={"REMOTE_ADDR": PROXY},
                         headers={"X-Forwarded-For": forwarded_for, **headers})


def _fail_five_times(app, forwarded_for):
    for _ in range(LOGIN_FAILURES.max_failures):
        _login(app.test_client(), "wrong-password", forwarded_for)


class TestBehindOneProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PROXY_COUNT": 1}

    def test_failures_count_against_the_real_client_not_the_proxy(self, app):
        _fail_five_times(app, "198.51.100.7")
        stopped = _login(app.test_client(), AYSEL.password, "198.51.100.7")
        assert "dəqiqə sonra" in stopped.get_data(as_text=True)
        assert _login(app.test_client(), AYSEL.password, "198.51.100.8").status_code == 303

    def test_a_client_cannot_pick_its_address_by_writing_the_header_first(self, app):
        _fail_five_times(app, "203.0.113.1, 198.51.100.7")  # the proxy appends the real one
        stopped = _login(app.test_client(), AYSEL.password, "203.0.113.9, 198.51.100.7")
        assert "dəqiqə sonra" in stopped.get_data(as_text=True)

    def test_https_at_the_proxy_gives_hsts_and_secure_cookies(self, app):
        response = _login(app.test_client(), AYSEL.password, "198.51.100.7",
                          **{"X-Forwarded-Proto": "https",
                             "Referer": "https://localhost/daxil-ol/sifre"})  # CSRF over TLS
        assert response.status_code == 303
        assert "max-age" in response.headers.get("Strict-Transport-Security", "")
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in c for c in cookies)

    def test_plain_http_at_the_proxy_gives_neither(self, app):
        response = _login(app.test_client(), AYSEL.password, "198.51.100.7",
                          **{"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in response.headers
        assert not any("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_without_proxies_the_headers_are_ignored(app):
    _fail_five_times(app, "198.51.100.7")
    # another "address" written by the same client: still the same client
    stopped = _login(app.test_client(), AYSEL.password, "198.51.100.8",
                     **{"X-Forwarded-Proto": "https"})
    assert "dəqiqə sonra" in stopped.get_data(as_text=True)
    assert "Strict-Transport-Security" not in stopped.headers
