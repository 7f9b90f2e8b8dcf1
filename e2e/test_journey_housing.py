"""Güzəştli mənzil (seed 004), the way a new user would try it: Aysel finds the service, signs
in with Asan İmza (PIN1 1234), chooses a flat and presses Təsdiq et; Rəşad sees it chosen; in
the waiting-list phase Rəşad becomes its 1st reserve; a second browser signing in as Rəşad is
refused with the seed's explanation and ends the first session by signing again; Aysel signs
with PIN2 12345 and the flat is hers. JavaScript on and off (e2e/conftest.py), both languages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.support import Journey, plug_in_token, reset_sale

TEXT = {
    "az": {"menu": "Əsas menyu", "all": "Bütün xidmətlər", "agency": "Mənzil İnşaatı Dövlət Agentliyi",
           "service": "Güzəştli mənzil", "start": "Xidmətə keç", "asan": "Asan İmza ilə daxil ol",
           "mobile": "Mobil nömrə", "user_id": "İstifadəçi ID", "sign_in": "Daxil ol",
           "continue": "Davam et", "cabinet": "Elektron kabinet", "choose": "Mənzil seç",
           "mortgage": "İpoteka kreditinin vəsaiti hesabına", "own": "Öz vəsaiti hesabına",
           "flat": "mənzil", "application": "Müraciətim", "chosen": "Seçilib",
           "waiting_list": "Gözləmə siyahısı mərhələsi", "change_phase": "Mərhələni dəyiş",
           "refresh": "Siyahını yenilə", "reserve": "1-ci ehtiyat", "pin": "Tokenin PIN kodu",
           "other": "Siz artıq başqa pəncərədən daxil olmusunuz",
           "take_over": "Elektron imza ilə daxil olub o sessiyanı bitirin",
           "ended": "Sessiyanızın müddəti bitdi", "sign_asan": "Asan İmza ilə imzala",
           "sign": "İmzala", "wait": "Telefonunuzda imza sorğusunu təsdiqləyin",
           "signed": "İmzalanıb və göndərilib", "released": "Mənzil satıldı: ehtiyat yeri bağlandı",
           "sign_out": "Çıxış", "held": "Seçilib, imzanızı gözləyir"},
    "en": {"menu": "Main menu", "all": "All services", "agency": "State Housing Construction Agency",
           "service": "Discounted housing (Güzəştli mənzil)", "start": "Start now",
           "asan": "Sign in with Asan İmza", "mobile": "Mobile number", "user_id": "User ID",
           "sign_in": "Sign in", "continue": "Continue", "cabinet": "E-cabinet",
           "choose": "Choose a flat", "mortgage": "With a mortgage loan", "own": "With my own funds",
           "flat": "flat", "application": "My application", "chosen": "Chosen",
           "waiting_list": "Waiting-list phase", "change_phase": "Change the phase",
           "refresh": "Refresh the list", "reserve": "Reserve no. 1", "pin": "Token PIN",
           "other": "You are already signed in from another window",
           "take_over": "Sign in with e-signature and end that session",
           "ended": "Your session has ended", "sign_asan": "Sign with Asan İmza", "sign": "Sign",
           "wait": "Confirm the signing request on your phone", "signed": "Signed and submitted",
           "released": "The flat was sold: your reserve place is closed", "sign_out": "Sign out",
           "held": "Chosen, waiting for your signature"},
}
WAIT = {
    "az": {"not_open": "Satış hələ başlamayıb", "open": "Satış davam edir",
           "join": "Satışa növbəyə qoşul", "queue": "Satışa növbə", "in_queue": "Siz növbədəsiniz.",
           "refresh_queue": "Yenilə", "payment": "Ödəniş üsulunu seçin"},
    "en": {"not_open": "The sale has not opened yet", "open": "The sale is open",
           "join": "Join the queue for the sale", "queue": "Queue for the sale",
           "in_queue": "You are in the queue.", "refresh_queue": "Refresh",
           "payment": "Choose the payment method"},
}
CABINET = "/guzestli-menzil/"
RESHAD_CERTIFICATE = re.compile("Əliyev Rəşad Vaqif oğlu")


def set_sale_phase(page, label: str, change: str) -> None:
    """The sandbox sale clock, in a tab of its own as a tester would keep it open. The tab
    closes once the clock has said the phase changed: closing it in the middle of the
    navigation hung the browser once, past every Playwright timeout."""
    clock = page.context.new_page()
    clock.goto("/sandbox/satis/")
    clock.get_by_label(label, exact=True).check()
    clock.get_by_role("button", name=change).click()
    expect(clock.get_by_role("status")).to_be_visible()
    clock.close()


def other_browser(journey: Journey, browser, context_args: dict, language: str) -> Journey:
    """Another computer: a browser context of its own, with the same JavaScript setting."""
    context = browser.new_context(**context_args)
    other = Journey(page=context.new_page(), js_enabled=journey.js_enabled, auditor=journey.auditor,
                    base_url=journey.base_url, figures_root=journey.figures_root,
                    write_figures=journey.write_figures)
    other.open("/", language)
    return other


def sign_in_as_reshad_with_token(person: Journey, text: dict, url: str) -> None:
    page = person.page
    plug_in_token(page, "7KP3M9D")
    page.goto(url)
    page.get_by_label(RESHAD_CERTIFICATE).check()
    page.get_by_label(text["pin"]).fill("654321")
    page.get_by_role("button", name=text["sign_in"]).click()


def confirm_on_phone(page, mobile: str, pin_label: str, pin: str) -> None:
    phone = page.context.new_page()
    phone.goto(f"/sandbox/asan-imza/{mobile}")
    phone.get_by_label(pin_label).fill(pin)
    phone.get_by_role("button", name=re.compile("Təsdiq et|Confirm")).click()
    expect(phone.get_by_role("status")).to_be_visible()
    phone.close()


@pytest.mark.parametrize("language", ["az", "en"])
def test_aysel_holds_and_signs_a_flat_while_reshad_waits_for_it_as_1st_reserve(
        journey, guide_video, browser, browser_context_args, language):
    text = TEXT[language]
    video = guide_video.start("guzestli-menzil", language)
    reset_sale(journey.page)
    page = journey.open("/", language)
    others: list[Journey] = []
    try:
        # Aysel finds the service and signs in with Asan İmza (PIN1 on the phone)
        page.get_by_role("navigation", name=text["menu"]).get_by_role("link", name=text["all"]).click()
        page.get_by_role("link", name=text["agency"]).click()
        page.get_by_role("link", name=text["service"], exact=True).click()
        journey.check()
        video.step("service", page.get_by_role("button", name=text["start"]))
        page.get_by_role("button", name=text["start"]).click()
        page.get_by_role("link", name=text["asan"]).click()
        page.get_by_label(text["mobile"]).fill("050 123 45 67")
        page.get_by_label(text["user_id"]).fill("123456")
        video.step("asan-imza", page.get_by_role("button", name=text["sign_in"]))
        page.get_by_role("button", name=text["sign_in"]).click()
        journey.check()
        video.step("confirm-pin1", page.locator("#verification-code"))
        confirm_on_phone(page, "0501234567", "PIN1", "1234")
        if not journey.js_enabled:
            page.get_by_role("button", name=text["continue"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["cabinet"], timeout=15_000)
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/kabinet.png")
        video.step("cabinet", page.get_by_role("link", name=text["choose"]))

        # payment method, project, the flats list, Təsdiq et
        page.get_by_role("link", name=text["choose"]).click()
        page.get_by_label(text["mortgage"]).check()
        video.step("payment", page.get_by_role("button", name=text["continue"]))
        page.get_by_role("button", name=text["continue"]).click()
        journey.check()
        page.get_by_role("link", name="Yasamal Yaşayış Kompleksi").click()
        expect(page.locator("tbody tr")).to_have_count(12)
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/menziller.png")
        press = page.get_by_role("button", name=re.compile(f"Bina 1, {text['flat']} 3$"))
        flat_row = "#flat-" + press.get_attribute("id").removeprefix("press-")
        video.step("flats", press)
        press.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["application"])
        expect(page.locator("#place-status")).to_have_text(text["held"])
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/secim.png")
        video.step("held", page.get_by_role("link", name=text["sign_asan"]))

        # Rəşad, on another computer, sees the flat chosen; the waiting list opens
        reshad = other_browser(journey, browser, browser_context_args, language)
        others.append(reshad)
        sign_in_as_reshad_with_token(reshad, text, f"/daxil-ol/e-imza?xidmet=guzestli-menzil&next={CABINET}")
        expect(reshad.page.get_by_role("heading", level=1)).to_have_text(text["cabinet"])
        reshad.check()
        reshad.page.get_by_role("link", name=text["choose"]).click()
        reshad.page.get_by_label(text["own"]).check()
        reshad.page.get_by_role("button", name=text["continue"]).click()
        reshad.page.get_by_role("link", name="Yasamal Yaşayış Kompleksi").click()
        expect(reshad.page.locator(flat_row)).to_contain_text(text["chosen"])
        expect(reshad.page.locator(flat_row).get_by_role("button")).to_have_count(0)
        reshad.check()
        set_sale_phase(reshad.page, text["waiting_list"], text["change_phase"])
        if not journey.js_enabled:  # with JavaScript the list refreshes itself
            reshad.page.get_by_role("link", name=text["refresh"]).click()
        reshad_press = reshad.page.locator(flat_row).get_by_role("button")
        expect(reshad_press).to_be_visible(timeout=15_000)
        reshad.check()
        reshad_press.click()
        expect(reshad.page.locator("#place-status")).to_have_text(text["reserve"])
        reshad.check()
        reshad.figure(f"guzestli-menzil/{language}/gozleme-siyahisi.png")

        # a second browser as Rəşad is refused, and ends the first session by signing again
        second = other_browser(journey, browser, browser_context_args, language)
        others.append(second)
        sign_in_as_reshad_with_token(second, text, f"/daxil-ol/e-imza?xidmet=guzestli-menzil&next={CABINET}")
        expect(second.page.get_by_role("heading", level=1)).to_have_text(text["other"])
        second.check()
        second.figure(f"guzestli-menzil/{language}/sessiyani-bitir.png")
        second.page.get_by_role("link", name=text["take_over"]).click()
        expect(second.page).to_have_url(re.compile("bitir=1"))
        sign_in_as_reshad_with_token(second, text, second.page.url)
        expect(second.page.get_by_role("heading", level=1)).to_have_text(text["cabinet"])
        second.check()
        reshad.page.goto(CABINET)
        expect(reshad.page.get_by_text(text["ended"])).to_be_visible()

        # Aysel signs the application with PIN2
        page.get_by_role("link", name=text["sign_asan"]).click()
        page.get_by_label(text["user_id"]).fill("123456")
        page.get_by_role("button", name=text["sign"], exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["wait"])
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/imza-sorgu.png")
        video.step("confirm-pin2", page.locator("#verification-code"))
        confirm_on_phone(page, "0501234567", "PIN2", "12345")
        if not journey.js_enabled:
            page.get_by_role("button", name=text["continue"]).click()
        expect(page.locator("#place-status")).to_have_text(text["signed"], timeout=15_000)
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/imzalandi.png")
        video.step("signed", page.locator("#place-status"))

        second.page.goto("/guzestli-menzil/muracietim")
        expect(second.page.locator("#place-status")).to_have_text(text["released"])
        second.check()
    finally:
        for person in [journey, *others]:
            sign_out = person.page.get_by_role("button", name=text["sign_out"])
            if sign_out.count():
                sign_out.first.click()
        for person in others:
            person.page.context.close()
        reset_sale(journey.page)


@pytest.mark.parametrize("language", ["az", "en"])
def test_reshad_waits_in_the_waiting_room_before_the_opening_and_goes_in_at_the_opening(
        journey, language):
    """Rerunnable against a long-lived portal: the sale is reset first and last, and moving it
    to "not open" empties its waiting room."""
    text = {**TEXT[language], **WAIT[language]}
    reset_sale(journey.page)
    page = journey.open("/", language)
    try:
        set_sale_phase(page, text["not_open"], text["change_phase"])
        sign_in_as_reshad_with_token(journey, text, f"/daxil-ol/e-imza?xidmet=guzestli-menzil&next={CABINET}")
        expect(page.get_by_role("heading", level=1)).to_have_text(text["cabinet"])
        journey.check()
        page.get_by_role("link", name=text["join"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["queue"])
        expect(page.locator("#queue-place")).to_have_text(text["in_queue"])
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/novbe.png")

        # the opening: the pre-queue is drawn, and Rəşad, alone in it, goes in
        set_sale_phase(page, text["open"], text["change_phase"])
        if not journey.js_enabled:  # with JavaScript the page refreshes itself
            page.get_by_role("button", name=text["refresh_queue"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["payment"], timeout=15_000)
        journey.check()
    finally:
        sign_out = page.get_by_role("button", name=text["sign_out"])
        if sign_out.count():
            sign_out.first.click()
        reset_sale(journey.page)
