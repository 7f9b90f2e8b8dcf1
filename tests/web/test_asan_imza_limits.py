"""Pairs of mobile number and İstifadəçi ID that Asan İmza does not know (hardening round three,
rows 9 and 11), counted as password sign-in counts failures (core.auth.guess_limits):

- one client guessing user IDs for a number is stopped after a few, even the right pair then;
- a stranger at the same address (a carrier's NAT, an office) no longer stops everyone else
  there, and never the citizen's own browser;
- many addresses guessing at one number make a new browser pass a security code;
- signing a flat's application counts the same way, and a pair of someone else is never sent
  to their phone."""
from __future__ import annotations

from core.auth.guess_limits import ASAN_IMZA
from core.platform.security_code import SANDBOX_TEST_CODE
from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.pagecheck import check_page
from tests.web.auth_support import REQUEST_ID
from tests.web.housing_support import APPLICATION, enter_with_token, free_flats, press

SIGN_IN = "/daxil-ol/asan-imza"
SIGN = APPLICATION + "/asan-imza"
OFFICE = "198.51.100.7"


def attempt(browser, user_id, address, mobile=AYSEL.mobile, url=SIGN_IN, **extra):
    return browser.submit(url, {"mobile": mobile, "user_id": user_id, **extra},
                          environ_base={"REMOTE_ADDR": address})


def wrong_user_id(n: int) -> str:
    return f"{900000 + n:06d}"


UNKNOWN_PAIR = "ilə Asan İmza tapılmadı"


def refused_as_unknown(response) -> bool:
    return UNKNOWN_PAIR in response.get_data(as_text=True)


def sent_to_the_phone(response) -> bool:
    return response.status_code == 303 and "/gozleyin" in response.headers["Location"]


def test_a_stranger_at_the_same_address_does_not_stop_the_others_there(app):
    stranger = app.test_client()
    for n in range(12):  # more than the old limit of 10 a client, each for another number
        assert refused_as_unknown(attempt(stranger, wrong_user_id(n), OFFICE,
                                          mobile=f"0555{n:06d}"))
    colleague = app.test_client()
    assert sent_to_the_phone(attempt(colleague, AYSEL.asan_user_id, OFFICE))


def test_guessing_the_user_id_of_one_number_is_stopped_even_at_the_right_one(app):
    guesser = app.test_client()
    for n in range(ASAN_IMZA.credential_client.max_failures):
        assert refused_as_unknown(attempt(guesser, wrong_user_id(n), "203.0.113.5"))
    stopped = check_page(attempt(guesser, AYSEL.asan_user_id, "203.0.113.5"))
    assert "dəqiqə sonra yenidən cəhd edin" in stopped.text
    assert sent_to_the_phone(attempt(app.test_client(), AYSEL.asan_user_id, "192.0.2.10"))


def _signed_in_before(app, address):
    """Aysel's own browser, which has signed in with her number (and signed out since)."""
    own = app.test_client()
    attempt(own, AYSEL.asan_user_id, address)
    phone = app.test_client()
    page = phone.get(f"/sandbox/asan-imza/{AYSEL.mobile}").get_data(as_text=True)
    phone.post(f"/sandbox/asan-imza/{AYSEL.mobile}/pin", data={
        "csrf_token": csrf_token(page), "request_id": REQUEST_ID.search(page).group(1),
        "pin": AYSEL.asan_pin1})
    assert own.submit("/daxil-ol/asan-imza/gozleyin", {}).status_code == 303
    own.submit("/cixis", {})
    return own


def test_her_own_browser_goes_on_even_when_her_address_is_stopped(app):
    own = _signed_in_before(app, OFFICE)
    stranger = app.test_client()
    for n in range(ASAN_IMZA.client.max_failures):
        assert refused_as_unknown(attempt(stranger, wrong_user_id(n), OFFICE,
                                          mobile=f"0705{n:06d}"))
    assert "dəqiqə sonra" in attempt(app.test_client(), AYSEL.asan_user_id, OFFICE
                                     ).get_data(as_text=True)
    assert sent_to_the_phone(attempt(own, AYSEL.asan_user_id, OFFICE))


def test_many_addresses_guessing_at_her_number_make_a_new_browser_pass_a_code(app):
    own = _signed_in_before(app, "192.0.2.10")
    for n in range(ASAN_IMZA.credential.max_failures):
        assert refused_as_unknown(attempt(app.test_client(), wrong_user_id(n),
                                          f"203.0.113.{n + 20}"))
    browser = app.test_client()
    asked = check_page(attempt(browser, AYSEL.asan_user_id, "192.0.2.44"))
    assert "şəkildəki kodu da yazın" in asked.text and "security_code" in asked.ids
    assert sent_to_the_phone(attempt(browser, AYSEL.asan_user_id, "192.0.2.44",
                                     security_code=SANDBOX_TEST_CODE))
    assert sent_to_the_phone(attempt(own, AYSEL.asan_user_id, "192.0.2.10"))


def holding_a_flat(app):
    """Rəşad, signed in with his e-imza token, holds a flat and is about to sign."""
    browser = app.test_client()
    enter_with_token(browser, RESHAD)
    assert press(browser, free_flats(browser)[0]).status_code == 303
    return browser


def test_signing_stops_a_holder_guessing_pairs_before_the_right_one(app):
    holder = holding_a_flat(app)
    for n in range(ASAN_IMZA.credential_client.max_failures):
        assert refused_as_unknown(attempt(holder, wrong_user_id(n), "203.0.113.9",
                                          mobile=RESHAD.mobile, url=SIGN))
    stopped = check_page(attempt(holder, RESHAD.asan_user_id, "203.0.113.9",
                                 mobile=RESHAD.mobile, url=SIGN))
    assert "dəqiqə sonra yenidən cəhd edin" in stopped.text


def test_signing_with_someone_elses_right_pair_sends_nothing_to_their_phone(app):
    holder = holding_a_flat(app)
    assert refused_as_unknown(attempt(holder, AYSEL.asan_user_id, "203.0.113.9", url=SIGN))
    phone = app.test_client().get(f"/sandbox/asan-imza/{AYSEL.mobile}").get_data(as_text=True)
    assert REQUEST_ID.search(phone) is None
