"""With the sandbox off (EGOV_SANDBOX=0: no sandbox adapters, no demo bank), every page
answers without a server error: a method or a service with no provider says so or sends the
citizen elsewhere (finding 6 of the hardening probe)."""
from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from web.auth.guard import rule_for

SAMPLES = {"slug": "mobil-cihazlarin-qeydiyyati", "code": "en", "number": "MC-0000-0000",
           "reference": "BP-0000", "mobile": "0501234567", "filename": "x.css",
           "path": "index.html", "step": "x", "ref": "1"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SANDBOX": False, "WTF_CSRF_ENABLED": False}


def _urls(app, rule: Rule) -> list[str]:
    login = rule_for(app, rule.endpoint)
    values = {}
    for argument in rule.arguments:
        if login is not None and argument in login.unowned:
            values[argument] = login.unowned[argument][0]
        else:
            values[argument] = SAMPLES.get(argument, "1")
    with app.test_request_context():
        try:
            return [rule.build(values, append_unknown=False)[1]]
        except Exception:  # a converter refused the sample: nothing to walk for it
            return []


def test_every_get_route_answers_without_a_server_error_when_the_sandbox_is_off(app):
    visitor = app.test_client()
    walked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for url in _urls(app, rule):
            for browser in (visitor, app.test_client()):
                # a fresh browser, and one that has walked through the other pages first
                for headers in ({}, {"HX-Request": "true", "HX-Target": "main"}):
                    response = browser.get(url, headers=headers)
                    assert response.status_code < 500, (url, headers, response.status_code)
                    walked += 1
    assert walked > 40


def test_the_asan_imza_waiting_page_sends_a_browser_with_no_request_to_sign_in(app):
    with app.test_client() as browser:
        with browser.session_transaction() as session:
            session["asan_imza"] = {"id": "a-request-from-before", "mobile": "0501234567"}
        response = browser.get("/daxil-ol/asan-imza/gozleyin")
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/daxil-ol/")
