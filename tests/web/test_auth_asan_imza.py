"""Signing in with Asan İmza: the code on the portal and on the sandbox phone, PIN1 there, the
portal learning the outcome by htmx polling or the "Davam et" button, and every refusal."""
from __future__ import annotations

from core.sandbox.accounts import NIGAR
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import CitizenSession
from tests.conftest import csrf_token
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.auth_support import (
    CODE, PHONE_CODE, REQUEST_ID, continue_asan_imza, expire_asan_requests, phone_enter_pin,
    start_asan_imza,
)

CALLS = "/seherlerarasi-danisiqlar/"


def test_the_portal_and_the_phone_show_the_same_four_digit_code(client, app):
    check_page(client.get("/daxil-ol/asan-imza"))
    waiting = start_asan_imza(client, AYSEL)
    page = check_page(waiting, LATER_STEP_BUDGET_KB)
    code = CODE.search(waiting.get_data(as_text=True)).group(1)
    assert "Davam et" in page.text and 'hx-trigger="submit, every 2s"' in waiting.get_data(as_text=True)
    phone = app.test_client()
    screen = phone.get("/sandbox/asan-imza/0501234567")
    check_page(screen)
    assert PHONE_CODE.search(screen.get_data(as_text=True)).group(1) == code
    assert "PIN1" in screen.get_data(as_text=True)
    # The seed's name for it: "təsdiq kodu" ("Yoxlama kodu" is the receipt's 16-character code)
    assert "Təsdiq kodu" in page.text and "Yoxlama kodu" not in page.text
    assert "Təsdiq kodu" in screen.get_data(as_text=True)


def test_with_javascript_the_poll_waits_quietly_then_sends_the_browser_on(client, app):
    start_asan_imza(client, AYSEL, next_url=CALLS)
    assert continue_asan_imza(client, htmx=True).status_code == 204
    phone = app.test_client()
    assert phone_enter_pin(phone, AYSEL.mobile, AYSEL.asan_pin1).status_code == 303
    done = continue_asan_imza(client, htmx=True)
    assert done.headers["HX-Redirect"] == CALLS
    assert "Məmmədova Aysel" in check_page(client.get(CALLS)).text


def test_without_javascript_davam_et_says_to_wait_then_signs_in(client, app):
    start_asan_imza(client, AYSEL, next_url=CALLS)
    page = check_page(continue_asan_imza(client), LATER_STEP_BUDGET_KB)
    assert "Sorğu hələ telefonda təsdiqlənməyib" in page.text
    phone_enter_pin(app.test_client(), AYSEL.mobile, AYSEL.asan_pin1)
    done = continue_asan_imza(client)
    assert done.status_code == 303 and done.headers["Location"] == CALLS


def test_one_confirmation_opens_one_session_even_when_davam_et_is_pressed_twice(client, app, db):
    start_asan_imza(client, AYSEL, next_url=CALLS)
    phone_enter_pin(app.test_client(), AYSEL.mobile, AYSEL.asan_pin1)
    page = client.get("/daxil-ol/asan-imza/gozleyin").get_data(as_text=True)
    token = csrf_token(page)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    before = client.get_cookie(cookie_name).value
    first = client.post("/daxil-ol/asan-imza/gozleyin", data={"csrf_token": token})
    client.set_cookie(cookie_name, before)  # the second click left with the old cookie
    second = client.post("/daxil-ol/asan-imza/gozleyin", data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"] == CALLS
    assert db.query(CitizenSession).count() == 1


def test_a_wrong_mobile_or_user_id_is_refused_at_the_field(client):
    response = client.submit("/daxil-ol/asan-imza", {"mobile": "050 123 45 67", "user_id": "654321"})
    page = check_page(response)
    assert page.title.startswith("Xəta:")
    assert "Asan İmza tapılmadı" in page.text
    assert 'value="050 123 45 67"' in response.get_data(as_text=True)


def test_badly_typed_fields_say_what_to_type(client):
    page = check_page(client.submit("/daxil-ol/asan-imza", {"mobile": "12345", "user_id": "12a"}))
    assert "10 rəqəmlə yazın" in page.text and "6 rəqəmdən ibarətdir" in page.text


def test_a_suspended_subscription_says_service_suspended(client):
    page = check_page(client.submit("/daxil-ol/asan-imza", {
        "mobile": "070 555 12 34", "user_id": NIGAR.asan_user_id}))
    assert "Service suspended (Xidmət dayandırılmışdır)" in page.text
    assert "mobil operatorunuzla əlaqə saxlayın" in page.text


def test_three_wrong_pin1_on_the_phone_block_it_until_the_puk(client, app):
    start_asan_imza(client, RESHAD)
    phone = app.test_client()
    for _ in range(3):
        phone_enter_pin(phone, RESHAD.mobile, "0000")
    blocked = client.get("/daxil-ol/asan-imza/gozleyin")
    assert blocked.status_code == 303
    page = check_page(client.get(blocked.headers["Location"]))
    assert "3 dəfə yanlış daxil edildiyi üçün bloka düşüb" in page.text and "PUK" in page.text
    screen = check_page(phone.get("/sandbox/asan-imza/0557654321"))
    assert "PIN1 kodu bloka düşüb" in screen.text
    again = client.submit("/daxil-ol/asan-imza", {"mobile": RESHAD.mobile,
                                                  "user_id": RESHAD.asan_user_id})
    assert "bloka düşüb" in check_page(again).text


def test_a_request_not_confirmed_in_time_expires(client, db):
    start_asan_imza(client, AYSEL)
    expire_asan_requests(db)
    response = client.get("/daxil-ol/asan-imza/gozleyin")
    assert response.status_code == 303
    page = check_page(client.get(response.headers["Location"]))
    assert "vaxtında təsdiqlənmədi" in page.text


def test_declining_on_the_phone_is_reported_on_the_portal(client, app):
    start_asan_imza(client, AYSEL)
    phone = app.test_client()
    screen = phone.get("/sandbox/asan-imza/0501234567").get_data(as_text=True)
    request_id = REQUEST_ID.search(screen).group(1)
    phone.post("/sandbox/asan-imza/0501234567/imtina",
               data={"csrf_token": csrf_token(screen), "request_id": request_id})
    response = client.get("/daxil-ol/asan-imza/gozleyin")
    assert "imtina edildi" in check_page(client.get(response.headers["Location"])).text


def test_the_phone_page_exists_only_for_subscribers_written_as_ten_digits(client):
    assert client.get("/sandbox/asan-imza/0509999999").status_code == 404
    assert client.get("/sandbox/asan-imza/050 123 45 67").status_code == 404
    assert client.get("/sandbox/asan-imza/0501234567").status_code == 200


def test_a_signing_request_asks_for_pin2_on_the_phone_and_signs_the_named_document(app, db):
    import hashlib

    from core.auth import Document
    from core.auth.signing import SigningState

    signing = app.extensions["auth"].signing
    contract = Document("Alğı-satqı müqaviləsi № 12", hashlib.sha256(b"flat 12").hexdigest())
    step = signing.begin_asan_imza(db, signer_fin=AYSEL.fin, mobile=AYSEL.mobile,
                                   user_id=AYSEL.asan_user_id, document=contract)
    db.commit()
    phone = app.test_client()
    screen = check_page(phone.get("/sandbox/asan-imza/0501234567"))
    assert "Alğı-satqı müqaviləsi № 12" in screen.text and "PIN2" in screen.text
    assert step.verification_code in screen.text
    phone_enter_pin(phone, AYSEL.mobile, AYSEL.asan_pin2)
    signed = signing.poll(db, signer_fin=AYSEL.fin, handle=step.handle, document=contract)
    assert signed.state is SigningState.SIGNED and signing.verify(signed.signature, contract)
