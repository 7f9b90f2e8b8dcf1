"""Every signed-in URL, present and future, refuses visitors and other citizens.

The test walks app.url_map: a route guarded by web.auth.guard (login_required or protect_blueprint)
is requested anonymously, as Rəşad with Aysel's resources in every URL argument and form value
its rule declares as owned, and as Rəşad with his own. A new route cannot slip through: an
undeclared URL argument fails the request, and every blueprint that starts a service needing
sign-in must guard all of its routes."""
from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from core.platform import catalogue
from core.sandbox.citizens import AYSEL, RESHAD
from web.auth.guard import LoginRule, rule_for

METHODS = frozenset({"GET", "POST"})


@pytest.fixture
def app_config(app_config):
    # The walk sends bare POSTs: CSRF is proven elsewhere and would answer 400 before the guard.
    return {**app_config, "WTF_CSRF_ENABLED": False}


def signed_in(app, citizen):
    browser = app.test_client()
    response = browser.post("/daxil-ol/sifre", data={"login": citizen.login,
                                                      "password": citizen.password})
    assert response.status_code == 303
    return browser


def guarded_rules(app) -> list[tuple[Rule, LoginRule]]:
    found = []
    for rule in app.url_map.iter_rules():
        login = rule_for(app, rule.endpoint)
        if login is not None:
            found.append((rule, login))
    return found


def values_of(app, login: LoginRule, citizen) -> dict[str, str]:
    """A value the citizen owns for each owned name of the rule (for their own requests)."""
    found = {}
    with app.test_request_context():
        for name, ownership in login.owned.items():
            owned = list(ownership.values_of(citizen.fin))
            assert owned, (f"{ownership.name}: give {citizen.name} a demo record, so that the "
                           "routes taking it can be checked here")
            found[name] = owned[0]
    return found


def build(app, rule: Rule, login: LoginRule, owned: dict[str, str]) -> list[str]:
    """URLs for the rule: owned arguments from `owned`, the others from their samples."""
    for argument in rule.arguments:
        assert argument in login.owned or argument in login.unowned, (
            f"{rule.rule}: URL argument {argument!r} must be declared owned or unowned")
    samples = [{}]
    for argument in rule.arguments:
        choices = [owned[argument]] if argument in login.owned else list(login.unowned[argument])
        samples = [{**s, argument: c} for s in samples for c in choices]
    with app.test_request_context():
        return [rule.build(s, append_unknown=False)[1] for s in samples]


def test_the_walk_has_signed_in_routes_to_walk(app):
    endpoints = {rule.endpoint for rule, _login in guarded_rules(app)}
    assert {"call_records.start", "call_records.line"} <= endpoints


def test_every_service_that_needs_sign_in_guards_every_route_of_its_blueprint(app):
    for slug, endpoint in app.extensions.get("egov_service_starts", {}).items():
        service = catalogue.service(slug)
        if service is None or not service.sign_in_required:
            continue
        blueprint = endpoint.rpartition(".")[0]
        unguarded = [rule.rule for rule in app.url_map.iter_rules()
                     if rule.endpoint.startswith(blueprint + ".")
                     and rule_for(app, rule.endpoint) is None]
        assert unguarded == [], f"{slug}: routes without sign-in: {unguarded}"


def test_every_signed_in_url_sends_a_visitor_to_sign_in(app):
    client = app.test_client()
    for rule, login in guarded_rules(app):
        for url in build(app, rule, login, values_of(app, login, AYSEL)):
            for method in METHODS & rule.methods:
                response = client.open(url, method=method)
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["Location"].startswith("/daxil-ol/"), (method, url)


def test_every_signed_in_url_refuses_another_citizens_resources(app):
    reshad = signed_in(app, RESHAD)
    checked = 0
    for rule, login in guarded_rules(app):
        aysels = values_of(app, login, AYSEL)
        for method in METHODS & rule.methods:
            # Aysel's resource in the URL...
            in_url = [n for n in rule.arguments if n in login.owned]
            if in_url:
                for url in build(app, rule, login, aysels):
                    response = reshad.open(url, method=method)
                    assert response.status_code == 404, (method, url, response.status_code)
                    checked += 1
            # ...or in a form value or the query, with Rəşad's own resources in the URL.
            own = values_of(app, login, RESHAD)
            for url in build(app, rule, login, own):
                for name in set(login.owned) - set(rule.arguments):
                    data = {name: aysels[name]}
                    response = (reshad.get(url, query_string=data) if method == "GET"
                                else reshad.post(url, data=data))
                    assert response.status_code == 404, (method, url, name, response.status_code)
                    checked += 1
    assert checked >= 4


def test_every_signed_in_url_shows_a_citizen_only_their_own(app):
    reshad = signed_in(app, RESHAD)
    for rule, login in guarded_rules(app):
        for url in build(app, rule, login, values_of(app, login, RESHAD)):
            for method in METHODS & rule.methods:
                response = reshad.open(url, method=method)
                assert response.status_code < 500, (method, url, response.status_code)
                body = response.get_data(as_text=True)
                for secret in (AYSEL.fin, AYSEL.surname, AYSEL.landline[1], AYSEL.mobile[1:]):
                    assert secret not in body, (method, url, secret)
