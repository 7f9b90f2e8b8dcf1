"""The guides as a citizen meets them: a service page's “İstifadə təlimatı” opens its guide in
the citizen's language and the guide leads back; the guides' language switch and the offline
copy work under /guides/, with mkdocs' own scripts allowed by the strict policy (no CSP error).

Also the figures only these steps show: the bill payment service page (guide 001, Şəkil 3) and
the Güzəştli mənzil sign-in rules (guide 004): only enhanced signatures, the Asan İmza request
on the phone, and one session per citizen."""
from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.device_registration import imei as imei_rules
from e2e.support import plug_in_token

BILLS = "rabite-ve-kommunal-odenisler"
TEXT = {
    "az": {"guide": "İstifadə təlimatı", "back": "Xidmətin səhifəsi",
           "bills": "Rabitə və kommunal xidmət haqlarının internet vasitəsilə ödənilməsi",
           "guides": "Təlimatlar", "download": "Təlimatları yükləyin",
           "asan": "Asan İmza ilə daxil ol", "eimza": "Elektron imza ilə daxil ol",
           "mobile": "Mobil nömrə", "user_id": "İstifadəçi ID", "sign_in": "Daxil ol",
           "wait": "Telefonunuzda sorğunu təsdiqləyin", "continue": "Davam et",
           "other": "Siz artıq başqa pəncərədən daxil olmusunuz"},
    "en": {"guide": "User guide", "back": "The service's page",
           "bills": "Paying telephone, internet and utility bills online",
           "guides": "Guides", "download": "Download the guides",
           "asan": "Sign in with Asan İmza", "eimza": "Sign in with an e-signature",
           "mobile": "Mobile number", "user_id": "User ID", "sign_in": "Sign in",
           "wait": "Confirm the request on your phone", "continue": "Continue",
           "other": "You are already signed in from another window"},
}
GUIDE_PAGE_KB = 30  # the guides' own budget for a page's HTML (issue 6)


@pytest.mark.parametrize("language", ["az", "en"])
def test_a_service_page_opens_its_guide_in_the_citizens_language_and_the_guide_leads_back(
        journey, language):
    text = TEXT[language]
    page = journey.open(f"/xidmet/{BILLS}/", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["bills"])
    journey.figure(f"service-pages/{language}/{BILLS}.png")

    page.get_by_role("link", name=text["guide"], exact=True).click()
    prefix = "" if language == "az" else "en/"
    expect(page).to_have_url(re.compile(rf"/guides/{prefix}{BILLS}/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["bills"])
    journey.check(budget_kb=GUIDE_PAGE_KB)

    page.get_by_role("link", name=text["back"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/xidmet/{BILLS}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["bills"])
    journey.check()


def test_the_guides_switch_language_and_the_offline_copy_downloads_from_the_index(journey):
    page = journey.page
    failed = []  # the theme fetched sitemap.xml beside each language link: 404s (issue 27)
    page.on("response", lambda answer: answer.status >= 400 and failed.append(
        f"{answer.status} {answer.url}"))
    journey.goto("/")
    page.get_by_role("navigation", name="Əsas menyu").get_by_role("link", name="Təlimatlar").click()
    expect(page).to_have_url(re.compile(r"/guides/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("İstifadə təlimatları")
    journey.check(budget_kb=GUIDE_PAGE_KB)

    # Material's language menu opens on hover or focus, with or without JavaScript. A keyboard
    # user's way through it (focus, Enter) does not depend on where the pointer travels, which
    # made the hover-then-click path flaky when the menu closed on the way to the link.
    english = page.locator(".md-select__link[hreflang=en]")
    english.focus()
    english.press("Enter")
    expect(page).to_have_url(re.compile(r"/guides/en/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("User guides")
    journey.check(budget_kb=GUIDE_PAGE_KB)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(TEXT["en"]["download"])).click()
    archive = zipfile.ZipFile(download.value.path())
    assert {"telimat/index.html", "telimat/en/index.html",
            f"telimat/en/{BILLS}/index.html"} <= set(archive.namelist())
    page.goto(f"/guides/en/{BILLS}/")
    page.wait_for_load_state("networkidle")
    assert failed == []


def _sign_in_with_token_elsewhere(browser, base_url: str):
    """Aysel's session on "another computer": a browser context of its own, signed in with her
    e-imza token to the Güzəştli mənzil e-cabinet."""
    context = browser.new_context(base_url=base_url, locale="az-AZ")
    other = context.new_page()
    plug_in_token(other, "5ZX8K2P")
    other.goto("/daxil-ol/e-imza?xidmet=guzestli-menzil")
    other.get_by_label(re.compile("Məmmədova Aysel Rauf qızı")).check()
    other.get_by_label("Tokenin PIN kodu").fill("123456")
    other.get_by_role("button", name="Daxil ol").click()
    expect(other.get_by_role("button", name="Çıxış")).to_be_visible()
    return context, other


@pytest.mark.parametrize("language", ["az", "en"])
def test_guzestli_menzil_takes_only_enhanced_signatures_and_one_session_per_citizen(
        journey, browser, base_url, language):
    text = TEXT[language]
    page = journey.open("/daxil-ol/?xidmet=guzestli-menzil", language)
    expect(page.get_by_role("link", name=text["asan"])).to_be_visible()
    expect(page.get_by_role("link", name=text["eimza"])).to_be_visible()
    expect(page.locator(".signin-method")).to_have_count(2)  # no username and password
    journey.figure(f"guzestli-menzil/{language}/giris.png")

    context, other = _sign_in_with_token_elsewhere(browser, base_url)
    try:
        page.get_by_role("link", name=text["asan"]).click()
        journey.check()
        page.get_by_label(text["mobile"]).fill("050 123 45 67")
        page.get_by_label(text["user_id"]).fill("123456")
        page.get_by_role("button", name=text["sign_in"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["wait"])
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/asan-imza-sorgu.png")

        code = page.locator("#verification-code").inner_text()
        phone = page.context.new_page()
        phone.goto("/sandbox/asan-imza/0501234567")
        expect(phone.locator("#phone-code")).to_have_text(code)
        phone.get_by_label("PIN1").fill("1234")
        phone.get_by_role("button", name=re.compile("Təsdiq et|Confirm")).click()
        expect(phone.get_by_role("status")).to_be_visible()  # the phone has answered
        phone.close()
        if not journey.js_enabled:
            page.get_by_role("button", name=text["continue"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["other"], timeout=15_000)
        journey.check()
        journey.figure(f"guzestli-menzil/{language}/bir-sessiya.png")
    finally:
        other.get_by_role("button", name="Çıxış").click()
        expect(other.get_by_role("heading", level=1)).to_have_text("Siz portaldan çıxdınız")
        context.close()


DEVICE_GUIDE = Path(__file__).resolve().parent.parent / "guides/az/mobil-cihazlarin-qeydiyyati/index.md"


def _from_guide(guide: str, pattern: str) -> tuple[str, ...]:
    match = re.search(pattern, guide)
    assert match, f"the guide no longer shows {pattern!r}"
    return match.groups()


def test_a_new_reader_completes_the_azerbaijani_device_registration_guide_with_its_demo_values(
        journey):
    """Every value typed and every name clicked here is read from the guide itself, so the guide
    cannot drift from the portal. One deviation: the journeys of the same run have registered the
    guide's demo IMEIs already, so a fresh IMEI of the same model (same TAC, so the same fee) is
    used; the guide's own IMEI is checked to be that model."""
    guide = DEVICE_GUIDE.read_text("utf-8")

    def said(phrase: str) -> str:
        assert phrase in guide, f"the guide does not say {phrase!r}"
        return phrase.strip("*“”")

    id_card, fin = _from_guide(guide, r"Şəxsiyyət vəsiqəsinin nömrəsi: `(\w+)`, FİN kod: `(\w+)`")
    imei, model, fee = _from_guide(guide, r"İMEİ: `(\d{15})` \(([^,]+), rüsum (\d+) AZN\)")
    (code,) = _from_guide(guide, r"sınaq kodu `(\d+)`")
    operator, subscriber = _from_guide(guide, r"Mobil nömrə: `(0\d\d)` və `(\d{7})`")
    card_type, card = _from_guide(guide, r"Kart növü: \*\*([^*]+)\*\*; kart: `([\d ]+)`")
    month, year, cvv = _from_guide(guide, r"məsələn `(\d\d)` / `(\d{4})`.*məsələn `(\d{3})`")
    assert imei_rules.lookup(imei).model == model
    fresh = imei_rules.with_check_digit(imei[:8] + f"{time.time_ns() // 1000 % 10**6:06d}")

    page = journey.goto("/")
    page.get_by_role("navigation", name="Əsas menyu").get_by_role(
        "link", name=said("**E-xidmətlər: Bütün xidmətlər**")).click()
    journey.check()
    page.get_by_role("link", name=said("**Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi**")).click()
    journey.check()
    page.get_by_role("link", name=said("**Mobil cihazların qeydiyyatdan keçirilməsi**")).click()
    journey.check()
    # A real button: Space presses it (a link with role="button" ignored Space).
    page.get_by_role("button", name=said("**Xidmətə keç**")).focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text(said("**Mobil cihazların qeydiyyatı**"))
    journey.check()

    page.get_by_label(said("**Şəxsiyyət vəsiqəsinin nömrəsi**"), exact=True).fill(id_card)
    page.get_by_label(said("**FİN kod**"), exact=True).fill(fin)
    page.get_by_label(said("**Mobil cihazın İMEİ nömrəsi**"), exact=True).fill(fresh)
    page.get_by_label(said("**Təhlükəsizlik kodu**"), exact=True).fill(code)
    page.get_by_role("button", name=said("**Məlumatları yoxla**")).click()
    expect(page.get_by_text(said("“Daxil etdiyiniz IMEI kodu standartlara uyğundur”"))).to_be_visible()
    journey.check()

    main = page.get_by_role("main")
    expect(main).to_contain_text(model)
    expect(main).to_contain_text(f"{fee}.00 AZN")
    page.get_by_label(said("**Operator kodu**"), exact=True).select_option(label=operator)
    page.get_by_label(said("**Nömrə**"), exact=True).fill(subscriber)
    page.get_by_label(card_type).check()
    page.get_by_role("button", name=said("**Təsdiqlə və ödəniş et**")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(said("**Kartın məlumatları**"))
    journey.check()

    page.get_by_label("Kart nömrəsi", exact=True).fill(card)
    page.get_by_label("Ay", exact=True).fill(month)
    page.get_by_label("İl", exact=True).fill(year)
    page.get_by_label("CVV", exact=True).fill(cvv)
    page.get_by_role("button", name=said("**İrəli**")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(said("**Ödəniş qəbzi**"))
    expect(main).to_contain_text(f"{fee}.00 AZN")
    expect(page.locator("#registration-status")).to_contain_text(
        re.compile(f'{said("“24 saat ərzində qeydiyyata alınacaq”")}|{said("“Qeydiyyata alınıb”")}'))
    journey.check()
