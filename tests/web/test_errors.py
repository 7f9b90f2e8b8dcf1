"""Every failure gets its own page in the citizen's language, with the right status code."""
from __future__ import annotations

import pytest

from tests.pagecheck import check_page
from web import create_app


def test_an_unknown_address_gets_a_not_found_page_that_points_to_the_services(client):
    response = client.get("/bu-sehife-yoxdur")
    assert response.status_code == 404
    page = check_page(response)
    assert "Səhifə tapılmadı" in page.text and "Bütün xidmətlər" in page.text


def test_the_not_found_page_speaks_english_when_english_is_chosen(client):
    client.get("/dil/en")
    page = check_page(client.get("/no-such-page"))
    assert "Page not found" in page.text


def test_a_wrong_method_gets_405_with_allow_and_an_explanation(client):
    response = client.post("/e-xidmetler/")
    assert response.status_code in (400, 405)  # CSRF is checked first on a POST
    response = client.delete("/e-xidmetler/")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert "Bu əməliyyat bu səhifədə mümkün deyil" in check_page(response).text


def test_an_oversized_body_gets_413(app, client):
    @app.post("/_test/form")
    def _form():  # pragma: no cover - the body is refused before the view runs
        return "ok"

    response = client.post("/_test/form", data={"x": "a" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert response.status_code == 413
    assert "Göndərilən məlumat çox böyükdür" in check_page(response).text


def test_an_unexpected_error_gets_a_500_page_without_a_traceback(app, client):
    @app.get("/_test/boom")
    def _boom():
        raise RuntimeError("secret internal detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, not as in TESTING
    response = client.get("/_test/boom")
    assert response.status_code == 500
    page = check_page(response)
    assert "Texniki xəta baş verdi" in page.text and "secret internal detail" not in page.text
    assert "Traceback" not in page.text


def test_a_forbidden_page_explains_what_to_do(app, client):
    from flask import abort

    @app.get("/_test/forbidden")
    def _forbidden():
        abort(403)

    response = client.get("/_test/forbidden")
    assert response.status_code == 403
    assert "giriş icazəniz yoxdur" in check_page(response).text


@pytest.fixture
def app_without_database(app_config):
    return create_app({**app_config, "DATABASE_URL":
                       "postgresql+psycopg://nobody@127.0.0.1:9/unreachable?connect_timeout=1"})


def test_a_database_that_is_down_gives_503_that_says_to_try_again(app_without_database):
    response = app_without_database.test_client().get("/xidmet/mobil-cihazlarin-qeydiyyati/")
    assert response.status_code == 503
    page = check_page(response)
    assert "bir neçə dəqiqədən sonra" in page.text


def test_health_reports_a_database_that_is_down(app_without_database, client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    response = app_without_database.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"
