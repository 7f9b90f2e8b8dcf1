"""Walking the Güzəştli mənzil e-cabinet from tests as a browser does."""
from __future__ import annotations

import re

from tests.conftest import csrf_token
from tests.web.auth_support import (
    continue_asan_imza, phone_enter_pin, sign_in_with_token, start_asan_imza,
)

HOUSING = "guzestli-menzil"
CABINET = "/guzestli-menzil/"
SALE = "/guzestli-menzil/satis/1/"
FLATS = "/guzestli-menzil/satis/1/layihe/1/?usul=ipoteka"
APPLICATION = "/guzestli-menzil/muracietim"
CLOCK = "/sandbox/satis/"
PRESS = re.compile(r'action="/guzestli-menzil/menzil/(\d+)/tesdiq"')


def a_second_later(app):
    """As if a second had passed: this process reads the sale, its line and the shared queue
    status afresh (they are copies at most a second old, as in every app process)."""
    app.extensions["housing"]["views"].forget()
    app.extensions["housing"]["waiting_room"]._lines.clear()
    shared = app.wsgi_app
    while not hasattr(shared, "_kept"):
        shared = shared.wsgi_app
    shared._kept.clear()


def enter_with_asan_imza(app, browser, citizen):
    start_asan_imza(browser, citizen, service=HOUSING, next_url=CABINET)
    phone_enter_pin(app.test_client(), citizen.mobile, citizen.asan_pin1)
    return continue_asan_imza(browser)


def enter_with_token(browser, citizen, **extra):
    return sign_in_with_token(browser, citizen, service=HOUSING, next_url=CABINET, **extra)


def free_flats(browser) -> list[int]:
    return [int(n) for n in PRESS.findall(browser.get(FLATS).get_data(as_text=True))]


def press(browser, flat_id: int, method: str = "ipoteka"):
    page = browser.get(FLATS).get_data(as_text=True)
    return browser.post(f"/guzestli-menzil/menzil/{flat_id}/tesdiq",
                        data={"csrf_token": csrf_token(page), "usul": method})


def set_phase(client, phase: str):
    return client.submit(CLOCK, {"phase": phase})


def sign_with_asan_imza(app, browser, citizen, pin2=None):
    response = browser.submit("/guzestli-menzil/muracietim/asan-imza",
                              {"mobile": citizen.mobile, "user_id": citizen.asan_user_id})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    waiting = browser.get(response.headers["Location"])
    phone_enter_pin(app.test_client(), citizen.mobile, pin2 or citizen.asan_pin2)
    return waiting, browser.submit("/guzestli-menzil/muracietim/asan-imza/gozleyin", {})
