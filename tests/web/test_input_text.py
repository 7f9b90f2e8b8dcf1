"""A NUL character in a form or a query string (no keyboard types one; PostgreSQL refuses it in
any text column) gets the page the rest of the text would get, never a database error."""
from __future__ import annotations

from flask import request


def test_a_nul_in_the_sign_in_form_gets_the_sign_in_page_with_its_message(client):
    response = client.submit("/daxil-ol/sifre", {"login": "\x00", "password": "0"})
    assert response.status_code == 200
    assert "İstifadəçi adı" in response.get_data(as_text=True)


def test_a_nul_in_a_query_string_gets_a_page(client):
    assert client.get("/e-xidmetler/?q=a%00b").status_code == 200


def test_forms_and_query_strings_reach_the_views_without_nul(app):
    with app.test_request_context("/?x=a%00b&y%00=c", method="POST",
                                  data={"login": "ays\x00el", "n\x00": "1"}):
        assert request.args["x"] == "ab" and request.args["y"] == "c"
        assert request.form["login"] == "aysel" and request.form["n"] == "1"
