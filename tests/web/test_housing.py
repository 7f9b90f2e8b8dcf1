"""The Güzəştli mənzil e-cabinet as a citizen walks it (seed 004): Aysel signs in with Asan
İmza, chooses a flat, presses Təsdiq et and signs with PIN2; Rəşad sees it sold; in the
waiting-list phase Rəşad becomes a reserve and takes the flat when the hold lapses."""
from __future__ import annotations

from datetime import timedelta

from core.kernel.db import utcnow
from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.housing_support import (
    APPLICATION, CABINET, FLATS, SALE, a_second_later, enter_with_asan_imza, enter_with_token,
    free_flats, press, set_phase, sign_with_asan_imza,
)


def test_the_service_page_is_live_and_starts_at_the_cabinet(client):
    page = check_page(client.get("/xidmet/guzestli-menzil/"))
    assert "Tezliklə" not in page.text and "Xidmətə keç" in page.text
    assert client.get(CABINET).headers["Location"].startswith("/daxil-ol/?")


def test_the_sign_in_offers_only_asan_imza_and_e_imza(client):
    page = check_page(client.get("/daxil-ol/?xidmet=guzestli-menzil&next=/guzestli-menzil/"))
    assert "Asan İmza ilə daxil ol" in page.text and "Elektron imza ilə daxil ol" in page.text
    assert "İstifadəçi adı və şifrə ilə daxil ol" not in page.text


def test_aysel_chooses_a_flat_presses_confirm_and_signs_with_pin2(app, client):
    response = enter_with_asan_imza(app, client, AYSEL)
    assert response.headers["Location"] == CABINET
    cabinet = check_page(client.get(CABINET))
    assert "İmzanız aktivdir." in cabinet.text and "Satış davam edir" in cabinet.text
    choose = check_page(client.get(SALE), LATER_STEP_BUDGET_KB)
    assert "İpoteka kreditinin vəsaiti hesabına" in choose.text
    assert "Öz vəsaiti hesabına" in choose.text
    chosen = client.get(SALE + "?secim=1&usul=ipoteka")
    assert chosen.headers["Location"] == "/guzestli-menzil/satis/1/layiheler?usul=ipoteka"
    projects = check_page(client.get(chosen.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "Yasamal Yaşayış Kompleksi" in projects.text
    flats = check_page(client.get(FLATS), LATER_STEP_BUDGET_KB)
    assert flats.text.count("Boşdur") == 12 and "Bina 2" in flats.text
    flat = free_flats(client)[2]
    held = press(client, flat)
    assert held.headers["Location"] == APPLICATION + "?netice=held"
    application = check_page(client.get(held.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "15 dəqiqəlik Sizin üçün saxlanılır" in application.text
    assert "Asan İmza ilə imzala" in application.text
    waiting, signed = sign_with_asan_imza(app, client, AYSEL)
    assert "PIN2" in check_page(waiting, LATER_STEP_BUDGET_KB).text
    # seed 004's name for the 4 digits; "Yoxlama kodu" is the receipt's code
    assert "Təsdiq kodu" in waiting.text and "Yoxlama kodu" not in waiting.text
    assert signed.headers["Location"] == APPLICATION + "?netice=signed"
    done = check_page(client.get(signed.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "Müraciətiniz imzalandı və göndərildi" in done.text
    html = client.get(signed.headers["Location"]).get_data(as_text=True)
    assert "İmzalanıb və göndərilib" in done.text, html[html.find("<main"):][:1200]

    reshad = app.test_client()
    enter_with_token(reshad, RESHAD)
    a_second_later(app)  # her purchase shows on every list within a second
    assert flat not in free_flats(reshad)
    page = check_page(reshad.get(FLATS), LATER_STEP_BUDGET_KB)
    assert page.text.count("Satılıb") == 1 and page.text.count("Boşdur") == 11
    assert AYSEL.surname not in page.text and AYSEL.fin not in page.text


def test_the_flats_list_refreshes_itself_with_htmx_and_by_a_plain_reload(app, client):
    enter_with_token(client, AYSEL)
    reshad = app.test_client()
    enter_with_token(reshad, RESHAD)
    press(reshad, free_flats(reshad)[0])
    a_second_later(app)  # another citizen's hold shows on every list within a second
    fragment = client.get(FLATS, headers={"HX-Request": "true", "HX-Target": "flats-region"})
    html = fragment.get_data(as_text=True)
    assert html.startswith('<div id="flats-region"') and "<html" not in html
    assert "Seçilib" in html and "HX-Request" in fragment.headers["Vary"]
    full = check_page(client.get(FLATS), LATER_STEP_BUDGET_KB)
    assert "Seçilib" in full.text and "Siyahını yenilə" in full.text


def test_choosing_no_payment_method_is_an_error_at_the_field_and_in_the_summary(client):
    enter_with_token(client, AYSEL)
    page = check_page(client.get(SALE + "?secim=1"), LATER_STEP_BUDGET_KB)
    assert page.title.startswith("Xəta:")
    assert page.text.count("Ödəniş üsulunu seçin: ipoteka krediti və ya öz vəsaitiniz") == 2


def test_a_second_flat_is_refused_while_the_citizen_holds_one(app, client):
    enter_with_token(client, AYSEL)
    first, second = free_flats(client)[:2]
    press(client, first)
    assert free_flats(client) == []  # no Təsdiq et while she has a place
    refused = press(client, second)
    assert "netice=already_has_place" in refused.headers["Location"]
    page = check_page(client.get(refused.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "hər vətəndaş yalnız bir yer tuta bilər" in page.text


def test_in_the_waiting_list_reshad_becomes_the_1st_reserve_and_takes_the_flat_when_the_hold_lapses(
        app, client):
    enter_with_token(client, AYSEL)
    flat = free_flats(client)[0]
    press(client, flat)
    set_phase(app.test_client(), "waiting_list")
    reshad = app.test_client()
    enter_with_token(reshad, RESHAD)
    assert flat in free_flats(reshad)  # a chosen flat takes reserves now
    reserved = press(reshad, flat)
    assert reserved.headers["Location"] == APPLICATION + "?netice=reserved"
    page = check_page(reshad.get(APPLICATION), LATER_STEP_BUDGET_KB)
    assert "1-ci ehtiyat" in page.text

    later = utcnow() + timedelta(minutes=16)
    app.extensions["housing"]["clock"] = lambda: later
    now_held = check_page(reshad.get(APPLICATION), LATER_STEP_BUDGET_KB)
    assert "Seçilib, imzanızı gözləyir" in now_held.text
    outbox = app.test_client().get("/sandbox/outbox").get_data(as_text=True)
    assert "indi Sizin üçün saxlanılır" in outbox
    lapsed = check_page(client.get(APPLICATION), LATER_STEP_BUDGET_KB)
    assert "saxlanma müddəti bitdi" in lapsed.text


def test_a_citizen_withdraws_a_hold_and_the_flat_is_free_again(app, client):
    enter_with_token(client, AYSEL)
    flat = free_flats(client)[0]
    press(client, flat)
    check_page(client.get("/guzestli-menzil/muracietim/imtina"), LATER_STEP_BUDGET_KB)
    response = client.submit("/guzestli-menzil/muracietim/imtina", {})
    assert response.headers["Location"] == APPLICATION + "?netice=withdrawn"
    assert flat in free_flats(client)


def test_signing_with_the_e_imza_token_pin_and_a_wrong_pin_counted(app, client):
    enter_with_token(client, AYSEL)
    press(client, free_flats(client)[0])
    url = "/guzestli-menzil/muracietim/e-imza"
    form = check_page(client.get(url), LATER_STEP_BUDGET_KB)
    assert RESHAD.surname not in form.text  # only her own certificate is offered
    wrong = check_page(client.submit(url, {"certificate": f"AZ-ICA-{AYSEL.fin}", "pin": "000000"}),
                       LATER_STEP_BUDGET_KB)
    assert "9 cəhdiniz qalıb" in wrong.text
    signed = client.submit(url, {"certificate": f"AZ-ICA-{AYSEL.fin}", "pin": AYSEL.token_pin})
    assert signed.headers["Location"] == APPLICATION + "?netice=signed"


def test_signing_after_the_hold_lapsed_is_refused(app, client):
    enter_with_token(client, AYSEL)
    press(client, free_flats(client)[0])
    later = utcnow() + timedelta(minutes=15, seconds=1)
    app.extensions["housing"]["clock"] = lambda: later
    response = client.get("/guzestli-menzil/muracietim/e-imza")
    assert response.headers["Location"].startswith(APPLICATION)


def test_a_citizen_without_an_e_cabinet_is_told_so_and_what_to_do(app, client, db):
    from core.housing.models import Cabinet

    db.delete(db.get(Cabinet, RESHAD.fin))
    db.commit()
    enter_with_token(client, RESHAD)
    response = client.get(CABINET)
    assert response.status_code == 403
    page = check_page(response)
    assert "Elektron kabinetiniz yoxdur" in page.text and "108" in page.text


def test_the_sandbox_clock_moves_the_phase_and_resets_the_sale(app, client):
    page = check_page(client.get("/sandbox/satis/"))
    assert "Satış davam edir" in page.text
    assert set_phase(client, "not_open").status_code == 303
    enter_with_token(client, AYSEL)
    cabinet = check_page(client.get(CABINET))
    assert "Satış hələ başlamayıb" in cabinet.text and "Mənzil seç" not in cabinet.text
    assert "Satışdan əvvəl nələri yoxlamalı?" in cabinet.text
    set_phase(client, "open")
    press(client, free_flats(client)[0])
    client.submit("/sandbox/satis/sifirla", {}, form_url="/sandbox/satis/")
    assert len(free_flats(client)) == 12
