"""Rabitə və kommunal xidmət haqlarının ödənilməsi (seed 001), as a citizen does it: city and
number, the line's debts, amount and card type, confirmation, card, success with the e-mail
notice; İmtina et; a number with nothing owed; an unknown number. Şəkil 4–9 of the guide.

Each run first restores the demo debts (/sandbox/borclar, a sandbox handle for QA), so every
run starts from the demo amounts, however often the journeys ran on the same deployment."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.support import follow_links_to_a_service

START = "/rabite-ve-kommunal-odenisler/"
TEXT = {
    "az": {"city": "Şəhər", "number": "Nömrə", "next": "İrəli", "pay": "Ödə",
           "amount": "Ödəniləcək məbləğ (AZN)", "cancel": "İmtina et",
           "paid": "Ödəniş uğurla həyata keçirildi", "email": "E-poçt ünvanı",
           "send": "Bildirişi e-poçta göndər", "again": "Bu nömrə üzrə digər borcları ödə",
           "sent": "aysel@example.az ünvanına göndərilir", "checking": "Ödənişiniz yoxlanılır"},
    "en": {"city": "City", "number": "Number", "next": "Continue", "pay": "Pay",
           "amount": "Amount to pay (AZN)", "cancel": "Cancel", "paid": "Payment successful",
           "email": "E-mail address", "send": "Send the notice by e-mail",
           "again": "Pay another debt of this number",
           "sent": "The notice is being sent to aysel@example.az", "checking": "Checking your payment"},
}
# (language, JavaScript) -> the debt that run pays in full, and its name in that language.
DEBTS = {
    ("az", True): ("Telefon abunə haqqı", "2.50"),
    ("az", False): ("İnternet abunə haqqı", "15.00"),
    ("en", True): ("Intercity call bills owed", "1.20"),
    ("en", False): ("Intercity calls this month (current debt)", "0.80"),
}


def figure(journey, language: str, number: int) -> None:
    journey.figure(f"bill-payment/{language}/sekil-{number}.png")


@pytest.fixture(autouse=True)
def demo_debts(journey):
    """What a run pays is not gone for good: the demo debts are restored before each journey,
    and after it (paying the intercity debt marks Aysel's calls paid, which the call records
    journey and its figures must not inherit)."""
    def restore():
        page = journey.page
        page.goto("/sandbox/borclar")
        page.get_by_role("button", name=re.compile("Sınaq borclarını bərpa et|Restore the sandbox debts")).click()
        expect(page.get_by_role("status")).to_contain_text(
            re.compile("Sınaq borcları bərpa olundu|The sandbox debts have been restored"))

    restore()
    journey.check()
    yield
    restore()


def enter_line(journey, text: dict, city: str, number: str):
    page = journey.page
    page.get_by_label(text["city"], exact=True).select_option(city)
    page.get_by_label(text["number"], exact=True).fill(number)
    return page


@pytest.mark.parametrize("language", ["az", "en"])
def test_a_citizen_pays_one_debt_of_the_line_by_card_and_gets_the_notice(
        journey, guide_video, language):
    text = TEXT[language]
    video = guide_video.start("rabite-ve-kommunal-odenisler", language)
    service, amount = DEBTS[(language, journey.js_enabled)]
    page = journey.open(START, language)
    enter_line(journey, text, "12", "4212372")
    figure(journey, language, 4)
    video.step("number", page.get_by_role("button", name=text["next"]))
    page.get_by_role("button", name=text["next"]).click()

    debts = page.locator("#debts-table")
    expect(debts).to_be_visible()
    journey.check()
    expect(debts.locator("tbody tr")).to_have_count(6)
    expect(debts.locator("tr", has_text=service)).to_contain_text(f"{amount} AZN")
    figure(journey, language, 5)
    video.step("debts", debts.locator("tr", has_text=service).get_by_role("button", name=text["pay"]))
    debts.locator("tr", has_text=service).get_by_role("button", name=text["pay"]).click()

    amount_field = page.get_by_label(text["amount"])
    expect(amount_field).to_have_value(amount)
    journey.check()
    page.get_by_label("Maestro / MasterCard").check()
    figure(journey, language, 6)
    video.step("amount", page.get_by_role("button", name=text["next"]))
    page.get_by_role("button", name=text["next"]).click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("Bakı, Abşeron (12)")
    expect(main).to_contain_text("Maestro / MasterCard")
    expect(main).to_contain_text(f"{amount} AZN")
    expect(page.get_by_role("button", name=text["cancel"])).to_be_visible()
    journey.check()
    figure(journey, language, 7)
    video.step("confirm", page.get_by_role("button", name=text["next"]))
    page.get_by_role("button", name=text["next"]).click()

    expect(page.locator("input[autocomplete=cc-number]")).to_be_visible()
    journey.check()
    figure(journey, language, 8)
    # The screenshot leaves styles in this tall page that the CSP blocks on its next swap: a
    # fresh copy of the step keeps the CSP check about the portal, not the camera.
    page.reload()
    page.locator("input[autocomplete=cc-number]").fill("5555 5555 5555 4444")
    page.locator("input[autocomplete=cc-exp-month]").fill("12")
    page.locator("input[autocomplete=cc-exp-year]").fill("2030")
    page.locator("input[autocomplete=cc-csc]").fill("123")
    video.step("card", page.locator("form.card-entry").get_by_role("button"))
    page.locator("form.card-entry").get_by_role("button").click()
    # within 0.5 s: the spinner and text (JS), or the "Ödənişiniz yoxlanılır" page (no JS)
    asking = page.locator(".card-entry__progress") if journey.js_enabled else \
        page.get_by_role("heading", level=1, name=text["checking"])
    expect(asking.or_(page.get_by_role("heading", name=text["paid"])).first).to_be_visible(timeout=500)

    expect(page.get_by_role("heading", level=1)).to_have_text(text["paid"], timeout=15000)
    expect(main).to_contain_text(service)
    expect(main).to_contain_text("MasterCard •••• 4444")
    expect(main).to_contain_text(re.compile(r"RK-\d{6}-[0-9A-Z]{6}"))
    assert "5555 5555 5555 4444" not in page.content()
    journey.check()
    # A mistyped address first: explained at the field, with what was typed kept.
    page.get_by_label(text["email"]).fill("aysel@example")
    page.get_by_role("button", name=text["send"]).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label(text["email"])).to_have_value("aysel@example")
    journey.check()
    page.get_by_label(text["email"]).fill("aysel@example.az")
    video.step("paid", page.get_by_role("button", name=text["send"]))
    page.get_by_role("button", name=text["send"]).click()
    expect(main).to_contain_text(text["sent"])
    if journey.js_enabled:  # focus on the sentence that says it is sent, as a reader hears it
        expect(page.locator(":focus")).to_contain_text(text["sent"])
    journey.check()
    figure(journey, language, 9)
    video.step("sent", main.get_by_text(text["sent"]).first)
    # Back goes to the page as it was, never to the browser's "Confirm Form Resubmission"
    # (both posts redirected: Post/Redirect/Get).
    # With JavaScript, htmx answers back and forward by asking the page again (no history
    # cache: a receipt is not kept in localStorage); a click before that answer came would see
    # its own next page replaced by it, so the journey waits for the page as a person does.
    through_history(journey, page.go_back)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["paid"])
    through_history(journey, page.go_forward)
    expect(main).to_contain_text(text["sent"])

    page.get_by_role("button", name=text["again"]).click()
    expect(debts).to_be_visible()
    journey.check()
    expect(debts.locator("tr", has_text=service)).to_contain_text("0.00 AZN")

    page.goto("/sandbox/outbox")
    journey.check()
    expect(page.locator(".outbox-message").first).to_contain_text("aysel@example.az")


def through_history(journey, move) -> None:
    """Back or forward, until the page is there. Without JavaScript the browser loads it; with
    it, htmx asks the portal for it again (no history cache, so no receipt is kept in
    localStorage), and a click made before that answer came would be overtaken by it."""
    if not journey.js_enabled:
        move()
        return
    with journey.page.expect_request_finished(
            lambda request: request.headers.get("hx-history-restore-request") == "true"):
        move()


def test_imtina_et_returns_to_the_debts_and_charges_nothing(journey):
    text = TEXT["az"]
    page = journey.goto(START)
    enter_line(journey, text, "18", "6541234")
    page.get_by_role("button", name="İrəli").click()
    debts = page.locator("#debts-table")
    expect(debts.locator("tr", has_text="Qaz")).to_contain_text("8.60 AZN")
    journey.check()
    debts.locator("tr", has_text="Qaz").get_by_role("button", name="Ödə").click()
    page.get_by_label("Visa / Visa Electron").check()
    page.get_by_role("button", name="İrəli").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Məlumatları yoxlayın")
    journey.check()
    page.get_by_role("button", name="İmtina et").click()
    expect(page.get_by_role("status")).to_contain_text("Kartınızdan heç bir məbləğ tutulmayıb")
    expect(debts.locator("tr", has_text="Qaz")).to_contain_text("8.60 AZN")
    journey.check()


def test_a_number_with_nothing_owed_says_so(journey):
    page = journey.goto(START)
    enter_line(journey, TEXT["az"], "12", "4212312")
    page.get_by_role("button", name="İrəli").click()
    expect(page.get_by_role("main")).to_contain_text("Bu nömrə üzrə borc yoxdur.")
    journey.check()


def test_an_unknown_number_is_explained_and_kept(journey):
    page = journey.goto(START)
    enter_line(journey, TEXT["az"], "12", "4219999")
    page.get_by_role("button", name="İrəli").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Bakı, Abşeron (12) 4219999 nömrəsi üzrə abonent tapılmadı")
    expect(page).to_have_title(re.compile("^Xəta: "))
    expect(page.get_by_label("Nömrə", exact=True)).to_have_value("4219999")
    journey.check()


def test_enter_on_step_1_reached_by_following_links_shows_the_debts(journey):
    """Arrived by links (with JavaScript, swaps of <main>), Enter in the number field goes on
    to the debts: it once sent the form to the header's language switch."""
    page = follow_links_to_a_service(
        journey, "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi",
        "Rabitə və kommunal xidmət haqlarının internet vasitəsilə ödənilməsi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Telefon nömrənizi yazın")
    journey.check()
    enter_line(journey, TEXT["az"], "12", "4212372").get_by_label("Nömrə", exact=True).press("Enter")
    expect(page.locator("#debts-table")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "az")
    journey.check()
