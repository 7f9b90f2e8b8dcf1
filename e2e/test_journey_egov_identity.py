"""Signing in to call records (seed 003) with e-gov identity, the fourth way in: the portal shows
a QR code and an 8-character request code; in a second page, the citizen's sandbox app
(/sandbox/e-gov-identity/<FİN>) opens the request by its code and approves it with the app PIN
(Aysel 2468); the portal notices (htmx polling, or "Davam et" without JavaScript) and shows her
five calls. A declined request signs nobody in and says so. Every journey runs with JavaScript
on and off (e2e/conftest.py); the steps of the guide write its figures (Şəkil 6 and 7)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.support import Journey
from e2e.test_journey_sign_in import RECORDS, SERVICE, expect_aysels_calls

TEXT = {
    "az": {"method": "e-gov identity ilə daxil ol", "heading": "e-gov identity ilə giriş",
           "code": "Sorğu kodu", "open": "Sorğunu aç", "pin": "Tətbiq PIN kodu",
           "approve": "Təsdiq et", "approved": "Təsdiqləndi", "continue": "Davam et"},
    "en": {"method": "Sign in with e-gov identity", "heading": "Sign in with e-gov identity",
           "code": "Request code", "open": "Open the request", "pin": "App PIN",
           "approve": "Confirm", "approved": "Confirmed", "continue": "Continue"},
}
CODE = re.compile(r"[A-Z2-9]{8}")


def app_journey(journey: Journey, fin: str, language: str = "az") -> Journey:
    """The citizen's phone: the sandbox app in a second page of the same browser, with the
    same checks (axe, budgets) and the right to write guide figures."""
    phone = journey.page.context.new_page()
    app = Journey(page=phone, js_enabled=journey.js_enabled, auditor=journey.auditor,
                  base_url=journey.base_url, figures_root=journey.figures_root,
                  write_figures=journey.write_figures)
    app.goto(f"/sandbox/e-gov-identity/{fin}")
    return app


def open_in_app(app: Journey, code: str, language: str = "az") -> Page:
    text = TEXT[language]
    phone = app.page
    phone.get_by_label(text["code"], exact=True).fill(code)
    phone.get_by_role("button", name=text["open"]).click()
    expect(phone.locator("#app-code")).to_have_text(code)
    app.check()
    return phone


def wait_for_the_portal(journey: Journey, language: str = "az") -> None:
    if not journey.js_enabled:
        journey.page.get_by_role("button", name=TEXT[language]["continue"]).click()
    # With JavaScript the page notices the answer by itself (htmx polling every 2 s).


@pytest.mark.parametrize("language", ["az", "en"])
def test_aysel_approves_in_the_app_with_her_pin_and_sees_her_calls(journey, language):
    text = TEXT[language]
    page = journey.open(RECORDS, language)  # a signed-in page sends her to sign in first
    page.get_by_role("link", name=text["method"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["heading"])
    expect(page.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    journey.check()
    journey.figure(f"call-records/{language}/sekil-6.png")
    code = page.locator("#request-code").inner_text()
    assert CODE.fullmatch(code), code

    app = app_journey(journey, "5ZX8K2P", language)
    phone = open_in_app(app, code, language)
    phone.get_by_label(text["pin"], exact=True).fill("2468")
    app.figure(f"call-records/{language}/sekil-7.png")
    phone.get_by_role("button", name=text["approve"]).click()
    expect(phone.get_by_role("status")).to_contain_text(text["approved"])
    app.check()
    phone.close()

    wait_for_the_portal(journey, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE[language], timeout=15_000)
    expect_aysels_calls(page, language)
    journey.check()


def test_without_the_app_davam_et_says_the_request_still_waits_and_yeni_sorgu_renews_it(journey):
    page = journey.goto("/daxil-ol/e-gov-identity?xidmet=seherlerarasi-danisiqlar")
    first = page.locator("#request-code").inner_text()
    page.get_by_role("button", name="Davam et").click()
    if not journey.js_enabled:
        expect(page.get_by_role("status")).to_contain_text("hələ tətbiqdə təsdiqlənməyib")
    journey.check()
    page.get_by_role("button", name="Yeni sorğu").click()
    expect(page.locator("#request-code")).not_to_have_text(first)
    journey.check()


def test_a_request_declined_in_the_app_signs_nobody_in_and_says_so(journey):
    page = journey.goto(RECORDS)
    page.get_by_role("link", name="e-gov identity ilə daxil ol").click()
    journey.check()
    code = page.locator("#request-code").inner_text()
    app = app_journey(journey, "7KP3M9D")
    phone = open_in_app(app, code)
    phone.get_by_role("button", name="İmtina et").click()
    expect(phone.get_by_role("status")).to_contain_text("Sorğudan imtina etdiniz")
    app.check()
    phone.close()

    wait_for_the_portal(journey)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorğudan imtina edildi",
                                                              timeout=15_000)
    expect(page.get_by_role("status")).to_contain_text("portala giriş olmadı")
    for other in ("Elektron imza", "Asan İmza", "İstifadəçi adı və şifrə"):
        expect(page.get_by_role("link", name=other, exact=True)).to_be_visible()
    journey.check()
    page.goto(RECORDS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portala giriş")
    journey.check()


@pytest.mark.parametrize("path", ["/daxil-ol/e-gov-identity?xidmet=seherlerarasi-danisiqlar",
                                  "/sandbox/e-gov-identity/5ZX8K2P"])
def test_the_sign_in_page_and_the_app_fit_a_320_pixel_screen(journey, path):
    journey.page.set_viewport_size({"width": 320, "height": 640})
    journey.goto(path)
    assert journey.page.evaluate("document.documentElement.scrollWidth") <= 320
