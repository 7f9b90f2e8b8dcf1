"""Hostile values in the URL itself, on every route the portal has (hardening round three,
rows 1–3 and 6): numbers past any database integer or written in other scripts' digits, in the
path and in the query; a NUL, a segment longer than a file name may be, and a line break where
the value ends up in a header. Each gets a page that says what happened (404 and the like),
never a 5xx.

The walk reads app.url_map, so a route added later is walked too; it goes anonymously and as a
citizen signed in to Güzəştli mənzil with e-imza (the service's own routes need that)."""
from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter, Rule

from core.sandbox.citizens import RESHAD
from tests.web.housing_support import CABINET, HOUSING

# What an <int:…> argument is given: past PostgreSQL's integer, past SQLite's and Python's
# C long, Unicode digits (superscript two, Arabic-Indic one, fullwidth one), a sign.
HOSTILE_NUMBERS = ["2147483648", "9223372036854775808", "9" * 400, "²", "١", "１", "-1", "+1"]
# What a string argument is given: a line break (a Location or Content-Disposition would
# carry it), CR LF with a header after it, a NUL, a segment no file name may be.
HOSTILE_TEXT = ["%0Aevil", "x%0D%0AX-Injected:%201", "%00", "a%00b", "a" * 256, "ə" * 200,
                "..%2F..%2Fetc%2Fpasswd"]
METHODS = ("GET", "POST")


@pytest.fixture
def app_config(app_config):
    # Bare POSTs: CSRF is proven elsewhere and would answer 400 before the route ran.
    return {**app_config, "WTF_CSRF_ENABLED": False}


ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def hostile_urls(rule: Rule) -> list[str]:
    """The rule's path with each argument in turn given each hostile value (the others a
    plausible 1)."""
    urls = []
    for argument in sorted(rule._converters):  # noqa: SLF001 (defaults have none)
        number = isinstance(rule._converters[argument], IntegerConverter)  # noqa: SLF001
        for value in HOSTILE_NUMBERS if number else HOSTILE_TEXT:
            urls.append(ARGUMENT.sub(
                lambda m, a=argument, v=value: v if m.group(1) == a else "1", rule.rule))
    return urls


def enter_housing(app):
    """Rəşad in the Güzəştli mənzil e-cabinet, signed in with his e-imza token."""
    browser = app.test_client()
    browser.post(f"/sandbox/e-imza/{RESHAD.fin}/tax", data={"token": f"TKN-{RESHAD.fin}"})
    response = browser.post(f"/daxil-ol/e-imza?xidmet={HOUSING}&next={CABINET}",
                            data={"certificate": f"AZ-ICA-{RESHAD.fin}", "pin": RESHAD.token_pin})
    assert response.status_code == 303 and response.headers["Location"] == CABINET
    return browser


def walk(app, browser) -> list[tuple[str, str, int]]:
    failures = []
    for rule in app.url_map.iter_rules():
        if not rule._converters or rule.endpoint == "static":  # noqa: SLF001
            continue
        for url in hostile_urls(rule):
            for method in METHODS:
                if method not in rule.methods:
                    continue
                response = browser.open(url, method=method, data={"result": "bad"})
                if response.status_code >= 500:
                    failures.append((method, url, response.status_code))
    return failures


def test_no_hostile_path_value_gets_a_5xx_from_a_visitor(app):
    assert walk(app, app.test_client()) == []


def test_no_hostile_path_value_gets_a_5xx_from_a_signed_in_citizen(app):
    assert walk(app, enter_housing(app)) == []


@pytest.mark.parametrize("number", ["2147483648", "9223372036854775808", "²", "١", "１"])
@pytest.mark.parametrize("path", ["/guzestli-menzil/satis/{}/bolgu-jurnali",
                                  "/guzestli-menzil/satis/{}/bolgu-jurnali.jsonl"])
def test_the_public_log_of_a_sale_that_cannot_exist_is_not_found(client, path, number):
    response = client.get(path.format(number))
    assert response.status_code == 404


def test_a_signed_in_citizen_asking_for_a_sale_that_cannot_exist_gets_not_found(app):
    browser = enter_housing(app)
    for number in ("2147483648", "9223372036854775808", "١"):
        assert browser.get(f"/guzestli-menzil/satis/{number}/").status_code == 404
        assert browser.get(f"/guzestli-menzil/satis/{number}/layihe/1/?usul=ipoteka"
                           ).status_code == 404
        assert browser.post(f"/guzestli-menzil/menzil/{number}/tesdiq").status_code == 404


@pytest.mark.parametrize("number", ["²", "١", "9" * 400, "-1", "abc", "0"])
def test_a_log_page_number_that_is_not_a_number_shows_the_last_page(client, number):
    response = client.get(f"/guzestli-menzil/satis/1/bolgu-jurnali?sehife={number}")
    assert response.status_code == 200


@pytest.mark.parametrize("seconds", ["²", "١", "9" * 400, "-5"])
def test_a_pace_wait_that_is_not_a_number_says_a_few_seconds(app, seconds):
    browser = enter_housing(app)
    response = browser.get(f"/guzestli-menzil/satis/1/layihe/1/?usul=ipoteka&netice=pace"
                           f"&sonra={seconds}")
    assert response.status_code == 200
    assert "2 saniyədən sonra" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["%00", "a%00b", "a" * 256, "a/" + "b" * 300 + "/index.html"])
def test_a_guide_path_no_file_can_have_is_not_found(client, name):
    assert client.get(f"/guides/{name}").status_code == 404


def test_a_result_for_a_case_azerisiq_never_received_is_not_found(client):
    for case in ("%0Aevil", "x%0D%0AX-Injected:%201", "AZS-NONE"):
        response = client.post(f"/sandbox/azerisiq/{case}/netice", data={"result": "bad"})
        assert response.status_code == 404
