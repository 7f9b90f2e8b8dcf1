"""The catalogue's pages are rendered once for everyone not signed in (web.portal.page_cache):
each answer still carries a CSP nonce of its own that matches its header, each language and
shape (whole page, htmx fragment) is kept apart, a signed-in citizen's page is never kept or
given to anyone else, and what visitors send cannot grow the kept set."""
from __future__ import annotations

import re

import pytest

from core.platform import usage
from core.sandbox.citizens import AYSEL
from tests.web.auth_support import sign_in_with_password

PAGES = ["/", "/e-xidmetler/", "/e-xidmetler/azerisiq/", "/xidmet/seherlerarasi-danisiqlar/"]
HTMX = {"HX-Request": "true", "HX-Boosted": "true"}


def _nonces(answer) -> tuple[set[str], str]:
    in_page = set(re.findall(r'nonce="([^"]+)"', answer.text))
    in_header = re.search(r"'nonce-([^']+)'", answer.headers["Content-Security-Policy"]).group(1)
    return in_page, in_header


# What differs between two answers of one kept page besides the nonce: the feedback form's tokens.
PER_ANSWER = re.compile(r'(name="(?:ticket|csrf_token)" value=")[^"]+"')


def _same_page(first, second) -> bool:
    def without_per_answer(answer) -> str:
        return PER_ANSWER.sub(r'\1T"', answer.text.replace(_nonces(answer)[1], "N"))
    return without_per_answer(first) == without_per_answer(second)


def _kept(app) -> dict:
    return app.extensions.get("egov_page_cache", {})


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_has_its_own_nonce_matching_its_header(client, app, path):
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert any(key[0] == path for key in _kept(app))
    (first_page, first_header), (second_page, second_header) = _nonces(first), _nonces(second)
    assert first_page == {first_header} and second_page == {second_header}
    assert first_header != second_header
    assert _same_page(first, second)


def test_a_kept_page_is_the_page_rendered_afresh(app, client):
    kept = client.get("/")
    app.config["DEBUG"] = True  # nothing is kept or served from the kept set in debug
    try:
        fresh = client.get("/")
    finally:
        app.config["DEBUG"] = False
    assert _same_page(kept, fresh)
    assert kept.headers.get("Set-Cookie") == fresh.headers.get("Set-Cookie")


def test_languages_and_fragments_are_kept_apart(client):
    whole = client.get("/e-xidmetler/")
    fragment = client.get("/e-xidmetler/", headers=HTMX)
    assert "<!doctype html>" in whole.text and "<!doctype html>" not in fragment.text
    assert fragment.headers["HX-Push-Url"] == "/e-xidmetler/"
    client.get("/dil/en?next=/")
    english = client.get("/e-xidmetler/")
    assert '<html lang="en">' in english.text and '<html lang="az">' in whole.text


def test_a_signed_in_citizen_gets_her_own_page_and_nobody_else_does(app, client):
    stranger = app.test_client()
    stranger.get("/")
    sign_in_with_password(client, AYSEL)
    hers = client.get("/")
    assert "Çıxış" in hers.text and "Aysel" in hers.text
    theirs = stranger.get("/")
    assert "Çıxış" not in theirs.text and "Aysel" not in theirs.text


def test_what_visitors_send_does_not_grow_the_kept_set(app, client):
    client.get("/")
    size = len(_kept(app))
    for n in range(20):
        assert client.get(f"/?x={n}").status_code == 200
        assert client.get(f"/e-xidmetler/nope-{n}/").status_code == 404
    assert len(_kept(app)) == size


def test_a_kept_service_page_shows_the_usage_count_of_the_moment(app, client, db):
    path, slug = "/xidmet/seherlerarasi-danisiqlar/", "seherlerarasi-danisiqlar"
    before = usage.usage_count(db, slug)
    db.rollback()
    assert f"İstifadə sayı: <span class=\"usage-count\">{before}<" in client.get(path).text
    usage.record_completion(db, slug)
    db.commit()
    assert f"İstifadə sayı: <span class=\"usage-count\">{before + 1}<" in client.get(path).text


def test_a_kept_service_page_gives_each_visitor_a_feedback_form_of_their_own(app):
    """One ticket per answer: a ticket kept with the page would make every visitor's answer
    the first visitor's, stored once."""
    path = "/xidmet/seherlerarasi-danisiqlar/"
    first, second = app.test_client().get(path), app.test_client().get(path)
    tickets = [re.search(r'name="ticket" value="([^"]+)"', a.text).group(1) for a in (first, second)]
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', a.text).group(1) for a in (first, second)]
    assert tickets[0] != tickets[1] and tokens[0] != tokens[1]
    assert any(key[0] == path for key in _kept(app))
