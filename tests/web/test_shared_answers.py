"""web.platform.shared_answers: an answer the same for everybody is kept a second in the
process and given again before the app runs; nothing personal or varying is ever kept."""
from __future__ import annotations

from flask import Flask, make_response
from werkzeug.test import Client

from web.platform.shared_answers import SharedAnswers


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def app_with(view_headers: dict, calls: list):
    app = Flask(__name__)

    @app.get("/status/<int:n>")
    def status(n):
        calls.append(n)
        response = make_response(f'{{"n": {n}, "calls": {len(calls)}}}')
        response.headers.update(view_headers)
        response.headers["X-Request-ID"] = f"id-{len(calls)}"
        return response

    clock = Clock()
    app.wsgi_app = SharedAnswers(app.wsgi_app, r"/status/\d+", seconds=1.0, clock=clock)
    return Client(app), clock


def test_a_public_answer_is_given_again_for_a_second_without_asking_the_app():
    calls = []
    client, clock = app_with({"Cache-Control": "public, max-age=1"}, calls)
    first = client.get("/status/1")
    again = [client.get("/status/1") for _ in range(50)]
    assert calls == [1] and {a.get_data() for a in again} == {first.get_data()}
    assert "X-Request-ID" not in again[0].headers  # one answer's own id is not replayed
    assert again[0].headers["Cache-Control"] == "public, max-age=1"
    clock.now += 1.0
    assert client.get("/status/1").get_data() != first.get_data() and calls == [1, 1]
    client.get("/status/2")
    assert calls == [1, 1, 2]  # each path its own answer


def test_nothing_personal_or_varying_is_kept():
    for headers in ({}, {"Cache-Control": "no-store"},
                    {"Cache-Control": "public, max-age=1", "Set-Cookie": "a=b"},
                    {"Cache-Control": "public, max-age=1", "Vary": "Cookie"}):
        calls = []
        client, _clock = app_with(headers, calls)
        client.get("/status/1")
        client.get("/status/1")
        assert calls == [1, 1], headers


def test_other_paths_methods_and_queries_always_reach_the_app():
    calls = []
    client, _clock = app_with({"Cache-Control": "public, max-age=1"}, calls)
    client.get("/status/1")
    client.get("/status/1?x=1")
    client.head("/status/1")
    client.get("/status/1/more")
    assert calls == [1, 1, 1]
