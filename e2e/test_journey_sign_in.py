"""Signing in each way, then the call records of seed 003 (Şəkil 1–5): Aysel sees the five
calls of (12) 4212372 totalling 0,80; Rəşad cannot reach that line by any URL; signing out
ends the session. Every journey runs with JavaScript on and off (e2e/conftest.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.support import plug_in_token
from e2e.figure_text import drift, shown_text
from e2e.narrow_screen import NARROWEST_SCREEN, at_narrowest_screen, outside_screen, sideways_scroll

SERVICE = {"az": "Cari ay ərzində aparılmış şəhərlərarası və beynəlxalq danışıqlar üzrə məlumat",
           "en": "Intercity and international calls made this month"}
TEXT = {
    "az": {"all": "Bütün xidmətlər", "menu": "Əsas menyu", "start": "Xidmətə keç",
           "ministry": "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi",
           "help": "Necə əldə etməli?", "password": "İstifadəçi adı və şifrə ilə daxil ol",
           "login": "İstifadəçi adı", "secret": "Şifrə", "sign_in": "Daxil ol",
           "phone": "Telefon: (12) 4212372", "total": "Cəmi: 5", "amount": "0,80"},
    "en": {"all": "All services", "menu": "Main menu", "start": "Start now",
           "ministry": "Ministry of Transport, Communications and High Technologies",
           "help": "How to get it?", "password": "Sign in with username and password",
           "login": "Username", "secret": "Password", "sign_in": "Sign in",
           "phone": "Telephone: (12) 4212372", "total": "Total: 5", "amount": "0.80"},
}
RECORDS = "/seherlerarasi-danisiqlar/"


def expect_aysels_calls(page: Page, language: str = "az") -> None:
    text = TEXT[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE[language])
    expect(page.get_by_text(text["phone"])).to_be_visible()
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tfoot tr").last).to_contain_text(text["total"])
    expect(table.locator("tfoot tr").last).to_contain_text(text["amount"])
    expect(page.get_by_role("button", name="Çıxış" if language == "az" else "Sign out")).to_be_visible()


@pytest.mark.parametrize("language", ["az", "en"])
def test_aysel_finds_the_service_signs_in_with_her_password_and_sees_her_calls(
        journey, guide_video, language):
    text = TEXT[language]
    video = guide_video.start("seherlerarasi-danisiqlar", language)
    page = journey.open("/", language)
    page.get_by_role("navigation", name=text["menu"]).get_by_role("link", name=text["all"]).click()
    journey.check()
    journey.figure(f"call-records/{language}/sekil-2.png")
    video.step("all-services", page.get_by_role("link", name=text["ministry"]))
    page.get_by_role("link", name=text["ministry"]).click()
    journey.check()
    journey.figure(f"call-records/{language}/sekil-3.png")
    video.step("ministry", page.get_by_role("link", name=SERVICE[language]))
    page.get_by_role("link", name=SERVICE[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE[language])
    journey.check()
    journey.figure(f"call-records/{language}/sekil-4.png")
    video.step("service", page.get_by_role("button", name=text["start"]))

    page.get_by_role("button", name=text["start"]).click()
    expect(page.get_by_role("link", name=text["password"])).to_be_visible()
    page.get_by_text(text["help"]).first.click()  # <details>: opens with JavaScript off too
    journey.check()
    journey.figure(f"call-records/{language}/sekil-1.png")
    video.step("sign-in", page.get_by_role("link", name=text["password"]))

    page.get_by_role("link", name=text["password"]).click()
    journey.check()
    page.get_by_label(text["login"], exact=True).fill("aysel")
    page.get_by_label(text["secret"], exact=True).fill("Demo-parol-2026")
    video.step("password", page.get_by_role("button", name=text["sign_in"]))
    page.get_by_role("button", name=text["sign_in"]).click()
    expect_aysels_calls(page, language)
    journey.check()
    journey.figure(f"call-records/{language}/sekil-5.png")
    video.step("records", page.get_by_role("table"))


def test_a_wrong_password_is_explained_and_the_login_is_kept(journey):
    page = journey.goto("/daxil-ol/sifre")
    page.get_by_label("İstifadəçi adı", exact=True).fill("aysel")
    page.get_by_label("Şifrə", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_role("alert")).to_contain_text("İstifadəçi adı və ya şifrə yanlışdır")
    expect(page.get_by_label("İstifadəçi adı", exact=True)).to_have_value("aysel")
    assert page.title().startswith("Xəta:")
    journey.check()


def test_aysel_signs_in_with_asan_imza_confirming_pin1_on_the_sandbox_phone(journey):
    page = journey.goto(RECORDS)  # a signed-in page sends her to sign in first
    page.get_by_role("link", name="Asan İmza ilə daxil ol").click()
    journey.check()
    page.get_by_label("Mobil nömrə").fill("050 123 45 67")
    page.get_by_label("İstifadəçi ID").fill("123456")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Telefonunuzda sorğunu təsdiqləyin")
    journey.check()
    code = page.locator("#verification-code").inner_text()
    assert re.fullmatch(r"\d{4}", code)

    phone = page.context.new_page()
    phone.goto("/sandbox/asan-imza/0501234567")
    expect(phone.locator("#phone-code")).to_have_text(code)
    assert journey.auditor.violations(phone.content(), phone.url) == []
    phone.get_by_label("PIN1").fill("1234")
    phone.get_by_role("button", name="Təsdiq et").click()
    expect(phone.get_by_role("status")).to_contain_text("Təsdiqləndi")
    phone.close()

    if not journey.js_enabled:
        page.get_by_role("button", name="Davam et").click()
    # With JavaScript the waiting page notices the confirmation by itself (htmx polling).
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE["az"], timeout=15_000)
    expect_aysels_calls(page)
    journey.check()


def test_without_the_phone_davam_et_says_the_request_still_waits(journey):
    page = journey.goto("/daxil-ol/asan-imza")
    page.get_by_label("Mobil nömrə").fill("0557654321")
    page.get_by_label("İstifadəçi ID").fill("654321")
    page.get_by_role("button", name="Daxil ol").click()
    journey.check()
    page.get_by_role("button", name="Davam et").click()
    if not journey.js_enabled:
        expect(page.get_by_role("status")).to_contain_text("hələ telefonda təsdiqlənməyib")
        journey.check()
    else:  # htmx: the press is one more poll; nothing changes until the phone answers
        expect(page.get_by_role("heading", level=1)).to_have_text("Telefonunuzda sorğunu təsdiqləyin")


def test_a_suspended_asan_imza_subscription_says_service_suspended(journey):
    page = journey.goto("/daxil-ol/asan-imza")
    page.get_by_label("Mobil nömrə").fill("070 555 12 34")
    page.get_by_label("İstifadəçi ID").fill("700123")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_role("alert")).to_contain_text("Service suspended (Xidmət dayandırılmışdır)")
    journey.check()


def test_aysel_signs_in_with_her_e_imza_token(journey):
    plug_in_token(journey.page, "5ZX8K2P")
    journey.check()
    page = journey.goto("/daxil-ol/?next=" + RECORDS)
    page.get_by_role("link", name="Elektron imza ilə daxil ol").click()
    journey.check()
    page.get_by_label(re.compile("Məmmədova Aysel Rauf qızı")).check()
    page.get_by_label("Tokenin PIN kodu").fill("123456")
    page.get_by_role("button", name="Daxil ol").click()
    expect_aysels_calls(page)
    journey.check()


def test_an_expired_certificate_is_refused_with_a_clear_message(journey):
    plug_in_token(journey.page, "3HN5T7R")
    page = journey.goto("/daxil-ol/e-imza")
    page.get_by_label(re.compile("Həsənova Nigar")).check()
    page.get_by_label("Tokenin PIN kodu").fill("111111")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_role("alert")).to_contain_text("etibarlılıq müddəti")
    journey.check()


def test_reshad_sees_his_own_line_but_cannot_reach_aysels_by_any_url(journey):
    page = journey.goto("/daxil-ol/sifre?next=" + RECORDS)
    page.get_by_label("İstifadəçi adı", exact=True).fill("reshad")
    page.get_by_label("Şifrə", exact=True).fill("Demo-parol-2026")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_text("Telefon: (18) 6541234")).to_be_visible()
    journey.check()
    for path in ("/seherlerarasi-danisiqlar/124212372/", "/seherlerarasi-danisiqlar/?nomre=124212372",
                 "/seherlerarasi-danisiqlar/?nomre=(12)%204212372"):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Səhifə tapılmadı")
        assert "4212372" not in page.get_by_role("main").inner_text()
        journey.check()


def sign_in_to_the_call_records(journey):
    page = journey.goto("/daxil-ol/sifre?next=" + RECORDS)
    page.get_by_label("İstifadəçi adı", exact=True).fill("aysel")
    page.get_by_label("Şifrə", exact=True).fill("Demo-parol-2026")
    page.get_by_role("button", name="Daxil ol").click()
    expect_aysels_calls(page)
    return page


def test_signing_out_ends_the_session(journey):
    page = sign_in_to_the_call_records(journey)
    journey.check()
    page.get_by_role("button", name="Çıxış").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siz portaldan çıxdınız")
    journey.check()
    page.goto(RECORDS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portala giriş")
    journey.check()


def test_the_320_px_check_finds_the_call_records_table_as_it_was(journey):
    """Every step's 320 px check looks inside scrolling boxes: given the call records table as
    it was (a compact table scrolling sideways in its own region: the page itself did not
    scroll), it names what the screen cut off: Məbləğ (AZN) and Ödəniş*."""
    page = sign_in_to_the_call_records(journey)
    journey.check()
    page.evaluate("""() => { const table = document.querySelector("main table");
        table.classList.remove("table--stacked"); table.classList.add("table--compact"); }""")
    cut_off = at_narrowest_screen(page, outside_screen)
    assert any('"Məbləğ (AZN)"' in element for element in cut_off), cut_off
    assert any('"Ödəniş*"' in element for element in cut_off), cut_off
    assert at_narrowest_screen(page, sideways_scroll)[0] <= NARROWEST_SCREEN  # the old check passed


def test_the_portal_says_when_the_session_ends_and_warns_before_it_does(journey):
    """Without JavaScript every signed-in page says when the session ends if nothing is done;
    with it, five minutes before, a dialog (GOV.UK's timeout warning) offers to stay signed in."""
    page = journey.page
    if journey.js_enabled:
        page.clock.install()
    sign_in_to_the_call_records(journey)
    expect(page.locator("#session-note")).to_contain_text(re.compile(r"saat \d\d:\d\d"))
    journey.check()
    if not journey.js_enabled:
        return
    warning = page.get_by_role("dialog", name="Sessiyanız tezliklə bitəcək")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("25:30")  # a 30-minute session: warned at 25 minutes
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Cavablarınız saxlanılacaq")
    expect(warning.get_by_role("button", name="Sessiyanı davam etdir")).to_be_focused()
    journey.check()
    warning.get_by_role("button", name="Sessiyanı davam etdir").click()
    expect(warning).to_be_hidden()
    expect_aysels_calls(page)


FIGURE_AS_TAKEN = Path(__file__).parent / "fixtures" / "call-records-az-sekil-5-as-taken.txt"


def test_the_figure_check_finds_the_call_records_figure_that_went_stale(journey):
    """guides/images/call-records/az/sekil-5.png as it had been taken (its text read off the
    figure: calls on the 1st at 04:01…20:05, no Müraciətlərim link) against the page today: the
    check every figure step makes names the figure and `make guide-figures` (issue 27, 16)."""
    page = sign_in_to_the_call_records(journey)
    problem = drift("call-records/az/sekil-5.png", FIGURE_AS_TAKEN.read_text("utf-8"),
                    shown_text(page))
    assert problem is not None
    assert "guides/images/call-records/az/sekil-5.png" in problem and "make guide-figures" in problem
    assert "-1 ⟨tarix⟩ 04:01 72" in problem and "+1 ⟨tarix⟩ 16:11 72" in problem
    assert "+Müraciətlərim" in problem
