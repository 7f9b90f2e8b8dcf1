"""A GET never takes SQLite's write lock (issue 29, item 1): while another connection holds it,
every signed-in page of every service, and every catalogue page, still answers. The app's
connections wait at most half a second for the lock here, so a GET that needed it would fail
("database is locked", a 503) instead of answering late: the lock proves it, not a timer.

Each page is visited once before the lock is taken: the writes a GET may still make (the
session noted as seen, a service entered, a use counted) are due once, not on every view."""
from __future__ import annotations

import pytest
from sqlalchemy import event, text

from core.platform import catalogue
from core.sandbox.citizens import AYSEL
from tests.web.auth_support import sign_in_with_password
from tests.web.housing_support import CABINET, enter_with_token
from tests.web.test_signed_in_routes import build, guarded_rules, values_of

BUSY_TIMEOUT_MS = 500
CATALOGUE_PAGES = ["/", "/e-xidmetler/", "/texniki-destek/"] + [
    f"/xidmet/{service.slug}/" for service in catalogue.SERVICES] + [
    f"/e-xidmetler/{agency.slug}/" for agency in catalogue.AGENCIES]


@pytest.fixture
def engine(app):
    engine = app.extensions["egov_db"].engine
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")

    @event.listens_for(engine, "connect")
    def wait_briefly(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    engine.dispose()  # the pooled connections wait 30 s: connect again, with the short wait
    return engine


def held_write_lock(engine):
    connection = engine.connect()
    transaction = connection.begin()  # BEGIN IMMEDIATE: the write lock, until rolled back
    connection.execute(text("UPDATE service_usage SET count = count WHERE 1 = 0"))
    return connection, transaction


# Not the services' pages: starting a sign-in writes the request by nature, the sandbox stands
# in for other agencies' systems, the metrics are read by the operators' scraper.
NOT_WALKED = ("/daxil-ol", "/sandbox", "/metrics")


def get_urls(app) -> list[str]:
    """Every signed-in page (with Aysel's own resources in its address), and every page with
    no address arguments: the steps of the services that need no sign-in, the portal's."""
    urls = []
    for rule, login in guarded_rules(app):
        if "GET" in rule.methods:
            urls += build(app, rule, login, values_of(app, login, AYSEL))
    with app.test_request_context():
        urls += [rule.build({}, append_unknown=False)[1] for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and not rule.arguments]
    return sorted({url for url in urls if not url.startswith(NOT_WALKED)})


def test_the_walk_covers_every_service_with_signed_in_pages(app):
    prefixes = {url.split("/")[1] for url in get_urls(app)}
    assert {"seherlerarasi-danisiqlar", "guzestli-menzil", "rabite-ve-kommunal-odenisler",
            "mobil-cihazlarin-qeydiyyati", "sayga-zedelenmesinin-arasdirilmasi"} <= prefixes


def test_every_signed_in_page_answers_while_another_connection_holds_the_write_lock(
        app, client, engine):
    assert enter_with_token(client, AYSEL).status_code in (302, 303)
    assert client.get(CABINET).status_code == 200
    urls = get_urls(app)
    # The sale's waiting line is paced once a tick across processes (a lease, a write), not
    # on each view: with the sale's clock standing still, the lease taken here still runs.
    moment = app.extensions["housing"]["clock"]()
    app.extensions["housing"]["clock"] = lambda: moment
    before = {url: client.get(url).status_code for url in urls}
    connection, transaction = held_write_lock(engine)
    try:
        during = {url: client.get(url).status_code for url in urls}
    finally:
        transaction.rollback()
        connection.close()
    assert during == before
    assert all(status < 500 for status in during.values()), during
    assert during[CABINET] == 200 and during["/seherlerarasi-danisiqlar/"] == 200


@pytest.mark.parametrize("signed_in", [True, False])
def test_every_catalogue_page_answers_while_another_connection_holds_the_write_lock(
        client, engine, signed_in):
    if signed_in:
        assert sign_in_with_password(client, AYSEL).status_code == 303
    connection, transaction = held_write_lock(engine)
    try:
        answers = {url: client.get(url).status_code for url in CATALOGUE_PAGES}
    finally:
        transaction.rollback()
        connection.close()
    assert set(answers.values()) == {200}, answers
