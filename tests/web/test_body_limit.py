"""A body without Content-Length (chunked) is held to the same limit as any other: over it,
413; within it, the whole body reaches the view (finding 9 of the hardening probe).
tests/test_serving.py sends a real chunked body through gunicorn."""
from __future__ import annotations

import pytest
from werkzeug.test import EnvironBuilder


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": False}


@pytest.fixture
def echo(app):
    @app.post("/_test/echo")
    def _echo():
        from flask import request
        return {"received": len(request.form.get("x", ""))}
    return app


def _chunked(client, size: int):
    """POST a body of unknown length, as gunicorn hands a de-chunked one to the app."""
    environ = EnvironBuilder(path="/_test/echo", method="POST", data=b"x=" + b"a" * size,
                             content_type="application/x-www-form-urlencoded",
                             headers={"Transfer-Encoding": "chunked"}).get_environ()
    environ["wsgi.input_terminated"] = True
    return client.open(environ)


def test_a_chunked_body_over_the_limit_gets_413(echo, client):
    response = _chunked(client, echo.config["MAX_CONTENT_LENGTH"] * 5)
    assert response.status_code == 413
    assert "Göndərilən məlumat çox böyükdür" in response.get_data(as_text=True)


def test_a_chunked_body_within_the_limit_arrives_whole(echo, client):
    size = echo.config["MAX_CONTENT_LENGTH"] - 100
    response = _chunked(client, size)
    assert response.status_code == 200 and response.get_json() == {"received": size}
