"""The sale's crowd takes turns, those inside go first (web.platform.crowd_gate): which requests
are the crowd (a newcomer, a citizen whose turn has not come, a forged ticket) and which are
not (an admission, Təsdiq et, signing, the shared status, a citizen whose turn has come), and
the gate itself: at most `at_once` of the crowd inside the app, nobody else ever waiting for
it, and never more than `most_waiting` of the crowd holding threads while they wait."""
from __future__ import annotations

import threading
import time

from werkzeug.test import EnvironBuilder

from core.sandbox.citizens import AYSEL, RESHAD
from tests.web.housing_support import FLATS, a_second_later, enter_with_token, free_flats, press
from tests.web.test_housing_waiting_room import COOKIE_PATH, QUEUE, STATUS, TICKET, set_capacity
from web.platform.crowd_gate import CrowdGate
from web.services.housing.queue_page import STATUS_PATH
from web.services.housing.waiting_room import crowd_of

SIGNING = "/guzestli-menzil/muracietim/e-imza"


def crowd_test(app):
    room = app.extensions["housing"]["waiting_room"]
    return crowd_of(lambda: room, STATUS_PATH)


def environ(path: str, browser=None, method: str = "GET") -> dict:
    cookies = {}
    if browser is not None:
        for name in (TICKET, "novbe-1"):
            found = browser.get_cookie(name, path=COOKIE_PATH)
            if found is not None:
                cookies[name] = found.value
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return EnvironBuilder(path=path, method=method,
                          headers={"Cookie": header} if header else {}).get_environ()


def test_who_is_the_crowd_and_who_is_inside(app, client):
    is_crowd = crowd_test(app)
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    assert is_crowd(environ(FLATS))                      # a newcomer, before anything is given
    client.get(FLATS)                                    # Aysel goes in: an admission cookie
    assert not is_crowd(environ(FLATS, client))
    reshad = app.test_client()
    enter_with_token(reshad, RESHAD)
    reshad.get(FLATS)                                    # Reshad waits with place 2
    assert is_crowd(environ(FLATS, reshad))
    assert is_crowd(environ(QUEUE, reshad))
    assert not is_crowd(environ(STATUS, reshad))         # the shared status is for everybody
    assert not is_crowd(environ(SIGNING, reshad))        # signing is the sale's own work
    assert not is_crowd(environ("/guzestli-menzil/menzil/1/tesdiq", reshad, "POST"))

    press(client, free_flats(client)[0])                 # Aysel holds: the line moves on
    a_second_later(app)
    assert reshad.get(STATUS).json["frontier"] == 2      # what his page asks, the process reads
    assert not is_crowd(environ(FLATS, reshad))          # his turn has come: he goes first


def test_a_forged_ticket_or_admission_is_the_crowd(app):
    is_crowd = crowd_test(app)
    for cookie in (f"{TICKET}=eyJwIjoxfQ.forged", "novbe-1=anything", "novbe-1=eyJ0IjoxfQ.x"):
        assert is_crowd(EnvironBuilder(path=FLATS, headers={"Cookie": cookie}).get_environ())


def _app_that_waits(release: threading.Event, entered: list):
    def wsgi(environ, start_response):
        entered.append(environ["PATH_INFO"])
        if environ["PATH_INFO"].startswith("/crowd/slow"):
            release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return wsgi


def _call(gate, path: str, answers: list) -> threading.Thread:
    def run():
        answers.append((path, b"".join(gate(EnvironBuilder(path=path).get_environ(),
                                            lambda *_a: None))))
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _until(condition, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_the_crowd_takes_turns_while_those_inside_never_wait():
    release, entered, answers = threading.Event(), [], []
    gate = CrowdGate(_app_that_waits(release, entered), lambda e: e["PATH_INFO"].startswith(
        "/crowd"), at_once=1, most_waiting=5)
    first = _call(gate, "/crowd/slow", answers)
    assert _until(lambda: entered == ["/crowd/slow"])
    second = _call(gate, "/crowd/next", answers)
    inside = _call(gate, "/inside", answers)
    inside.join(3)
    assert ("/inside", b"ok") in answers                # not behind the crowd
    assert "/crowd/next" not in entered                 # waiting for its turn
    release.set()
    first.join(3)
    second.join(3)
    assert entered == ["/crowd/slow", "/inside", "/crowd/next"]
    assert len(answers) == 3


def test_the_crowd_never_holds_more_than_its_share_of_threads_waiting():
    release, entered, answers = threading.Event(), [], []
    gate = CrowdGate(_app_that_waits(release, entered), lambda e: e["PATH_INFO"].startswith(
        "/crowd"), at_once=1, most_waiting=1)
    threads = [_call(gate, "/crowd/slow", answers)]
    assert _until(lambda: len(entered) == 1)
    threads.append(_call(gate, "/crowd/slow-waiting", answers))   # waits: 1 waiting
    time.sleep(0.1)
    threads.append(_call(gate, "/crowd/slow-past", answers))      # 1 waits already: goes on
    assert _until(lambda: "/crowd/slow-past" in entered)
    assert "/crowd/slow-waiting" not in entered
    release.set()
    for thread in threads:
        thread.join(3)
    assert len(answers) == 3
