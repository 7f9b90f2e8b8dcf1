"""Signing in with e-gov identity: a QR code and an 8-character request code on the portal,
the request approved in the citizen's sandbox app with the app PIN (or declined), the portal
learning the outcome by htmx polling or "Davam et", expiry and renewal, and who may use it."""
from __future__ import annotations

from core.auth.models import CitizenSession, EgovIdentityRequest
from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.egov_identity_support import (
    APP_CODE, CALLS, app_answer, app_open, expire_requests, press_davam_et, request_code,
    sign_in_url,
)


def start(client):
    page = client.get(sign_in_url())
    assert page.status_code == 200
    return page


def test_the_call_records_sign_in_page_offers_e_gov_identity_with_how_to_get_it(client):
    page = check_page(client.get("/daxil-ol/?xidmet=seherlerarasi-danisiqlar&next=" + CALLS))
    assert "e-gov identity ilə daxil ol" in page.text
    assert page.text.index("Elektron imza ilə") < page.text.index("e-gov identity ilə") < \
        page.text.index("Asan İmza ilə")  # the seed's order
    assert "App Store və ya Google Play" in page.text
    housing = check_page(client.get("/daxil-ol/?xidmet=guzestli-menzil"))
    assert "e-gov identity" not in housing.text


def test_the_service_page_lists_e_gov_identity_among_its_methods(client):
    assert "e-gov identity" in check_page(client.get("/xidmet/seherlerarasi-danisiqlar/")).text


def test_a_service_that_does_not_accept_it_sends_the_citizen_back_to_its_methods(client):
    response = client.get("/daxil-ol/e-gov-identity?xidmet=guzestli-menzil")
    assert response.status_code == 303 and response.headers["Location"].startswith("/daxil-ol/?")


def test_the_page_shows_a_qr_code_drawn_here_and_the_code_the_app_shows_too(client, app):
    response = start(client)
    page = check_page(response)
    html = response.get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img" aria-label="Giriş sorğusunun QR kodu"' in svg
    assert "style" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<img" not in html  # inline: no second request, nothing from elsewhere
    code = request_code(response)
    assert "Davam et" in page.text and 'hx-trigger="submit, every 2s"' in html
    assert "3 dəqiqə" in page.text
    phone = app.test_client()
    assert app_open(phone, AYSEL, code.lower()).status_code == 303
    screen = phone.get(f"/sandbox/e-gov-identity/{AYSEL.fin}")
    check_page(screen)
    assert APP_CODE.search(screen.get_data(as_text=True)).group(1) == code
    # Reloading the portal page keeps the same request.
    assert request_code(client.get(sign_in_url())) == code


def test_with_javascript_the_poll_waits_quietly_then_sends_aysel_to_her_calls(client, app):
    page = start(client)
    assert press_davam_et(client, page, htmx=True).status_code == 204
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    assert press_davam_et(client, page, htmx=True).status_code == 204  # opened, not approved
    assert app_answer(phone, AYSEL).status_code == 303
    done = press_davam_et(client, page, htmx=True)
    assert done.headers["HX-Redirect"] == CALLS
    calls = check_page(client.get(CALLS))
    assert "Məmmədova Aysel" in calls.text and "4212372" in calls.text


def test_without_javascript_davam_et_says_to_wait_then_signs_in(client, app, db):
    page = start(client)
    waiting = press_davam_et(client, page)
    assert "Sorğu hələ tətbiqdə təsdiqlənməyib" in check_page(waiting, LATER_STEP_BUDGET_KB).text
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    app_answer(phone, AYSEL)
    assert "Təsdiqləndi" in phone.get(f"/sandbox/e-gov-identity/{AYSEL.fin}?netice=approved"
                                      ).get_data(as_text=True)
    done = press_davam_et(client, page)
    assert done.status_code == 303 and done.headers["Location"] == CALLS
    signed_in = db.query(CitizenSession).one()
    assert (signed_in.fin, signed_in.method) == (AYSEL.fin, "egov_identity")


def test_a_request_approved_for_aysel_cannot_sign_in_another_browser(client, app, db):
    aysels_page = start(client)
    other = app.test_client()
    others_page = start(other)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(aysels_page))
    app_answer(phone, AYSEL)
    # The other browser knows the code (it was on a screen) but not the request id.
    assert app_open(app.test_client(), RESHAD, request_code(aysels_page)).status_code == 200
    still = press_davam_et(other, others_page)
    assert "hələ tətbiqdə təsdiqlənməyib" in check_page(still, LATER_STEP_BUDGET_KB).text
    assert other.get(CALLS).status_code in (302, 303)
    # A browser with no request of its own gets a fresh request, not Aysel's.
    stranger = app.test_client()
    first = stranger.get(sign_in_url())
    assert request_code(first) != request_code(aysels_page)
    assert db.query(CitizenSession).count() == 0
    db.rollback()  # SQLite: the test's transaction would hold the write lock
    assert press_davam_et(client, aysels_page).headers["Location"] == CALLS
    assert [s.fin for s in db.query(CitizenSession)] == [AYSEL.fin]


def test_one_approval_opens_one_session_even_when_davam_et_is_pressed_twice(client, app, db):
    page = start(client)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    app_answer(phone, AYSEL)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    before = client.get_cookie(cookie_name).value
    first = press_davam_et(client, page)
    client.set_cookie(cookie_name, before)  # the second click left with the old cookie
    second = press_davam_et(client, page)
    assert first.headers["Location"] == second.headers["Location"] == CALLS
    assert db.query(CitizenSession).count() == 1


def test_a_declined_request_signs_nobody_in_and_says_so_with_the_other_ways_in(client, app, db):
    page = start(client)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    assert app_answer(phone, AYSEL, decline=True).status_code == 303
    ended = press_davam_et(client, page)
    assert ended.status_code == 303 and "netice=declined" in ended.headers["Location"]
    explained = check_page(client.get(ended.headers["Location"]))
    assert explained.title.strip().startswith("Sorğudan imtina edildi")
    assert "portala giriş olmadı" in explained.text
    for other in ("Elektron imza", "Asan İmza", "İstifadəçi adı və şifrə"):
        assert other in explained.text
    assert db.query(CitizenSession).count() == 0
    db.rollback()
    assert client.get(CALLS).status_code in (302, 303)


def test_with_javascript_a_declined_request_loads_the_explanation(client, app):
    page = start(client)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    app_answer(phone, AYSEL, decline=True)
    response = press_davam_et(client, page, htmx=True)
    assert "netice=declined" in response.headers["HX-Redirect"]


def test_an_expired_request_offers_a_new_one_and_its_old_code_is_dead(client, app, db):
    page = start(client)
    old_code = request_code(page)
    expire_requests(db)
    ended = press_davam_et(client, page)
    assert "netice=expired" in ended.headers["Location"]
    explained = check_page(client.get(ended.headers["Location"]))
    assert explained.title.strip().startswith("Sorğunun vaxtı bitdi")
    renewed = client.post("/daxil-ol/e-gov-identity/yeni?xidmet=seherlerarasi-danisiqlar&next="
                          + CALLS, data={"csrf_token": csrf_token(client.get(
                              ended.headers["Location"]).get_data(as_text=True))})
    assert renewed.status_code == 303
    fresh = client.get(renewed.headers["Location"])
    new_code = request_code(fresh)
    assert new_code != old_code
    phone = app.test_client()
    refused = app_open(phone, AYSEL, old_code)
    assert "Bu kodla gözləyən sorğu tapılmadı" in check_page(refused).text
    assert app_open(phone, AYSEL, new_code).status_code == 303


def test_yeni_sorgu_replaces_a_waiting_request_so_the_app_can_no_longer_open_it(client, app, db):
    page = start(client)
    old_code = request_code(page)
    client.post("/daxil-ol/e-gov-identity/yeni", data={"csrf_token": csrf_token(
        page.get_data(as_text=True))})
    assert db.query(EgovIdentityRequest).filter_by(code=old_code).one().status == "cancelled"
    db.rollback()
    assert app_open(app.test_client(), AYSEL, old_code).status_code == 200  # refused at the field


def test_a_wrong_app_pin_is_explained_at_the_field_with_the_attempts_left(client, app):
    page = start(client)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    response = app_answer(phone, AYSEL, pin="0000")
    parsed = check_page(response)
    assert parsed.title.startswith("Xəta:")
    assert "PIN kod yanlışdır. Tətbiq bloklanmazdan əvvəl 4 cəhdiniz qalıb." in parsed.text


def test_a_mistyped_request_code_is_explained_at_the_field_and_kept(app):
    phone = app.test_client()
    response = app_open(phone, AYSEL, "abc-12")
    parsed = check_page(response)
    assert parsed.title.startswith("Xəta:") and "8 simvoldan ibarətdir" in parsed.text
    assert 'value="abc-12"' in response.get_data(as_text=True)
    assert "sorğu kodunu yazın" in check_page(app_open(phone, AYSEL, "")).text


def test_five_wrong_pins_lock_the_app_and_the_portal_says_for_how_long(client, app):
    page = start(client)
    phone = app.test_client()
    app_open(phone, AYSEL, request_code(page))
    for _ in range(5):
        last = app_answer(phone, AYSEL, pin="0000")
    assert last.status_code == 303
    screen = check_page(phone.get(f"/sandbox/e-gov-identity/{AYSEL.fin}"))
    assert "5 dəfə ardıcıl yanlış" in screen.text and "bloklanıb" in screen.text
    ended = press_davam_et(client, page)
    explained = check_page(client.get(ended.headers["Location"]))
    assert "15 dəqiqəlik bloklanıb" in explained.text


def test_the_sandbox_app_knows_only_its_demo_citizens(client):
    index = check_page(client.get("/sandbox/e-gov-identity/"))
    assert AYSEL.fin in index.text and RESHAD.fin in index.text
    assert client.get("/sandbox/e-gov-identity/3HN5T7R").status_code == 404
