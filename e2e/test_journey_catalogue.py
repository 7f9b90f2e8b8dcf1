"""Home → E-xidmətlər: Bütün xidmətlər → agency → service page → its guide opens (seeds 000–003, Şəkil 1–3)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

TEXT = {
    "az": {"all": "Bütün xidmətlər", "ministry": "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi",
           "service": "Mobil cihazların qeydiyyatdan keçirilməsi", "guide": "İstifadə təlimatı",
           "no_sign_in": "Xidmətdən istifadə üçün portalda qeydiyyat tələb olunmur"},
    "en": {"all": "All services", "ministry": "Ministry of Transport, Communications and High Technologies",
           "service": "Registering a mobile device", "guide": "User guide",
           "no_sign_in": "You do not need to register on the portal to use this service"},
}


@pytest.mark.parametrize("language", ["az", "en"])
def test_a_citizen_finds_a_service_and_its_guide_from_the_home_page(journey, language):
    text = TEXT[language]
    page = journey.open("/", language)
    page.get_by_role("navigation", name="Əsas menyu" if language == "az" else "Main menu") \
        .get_by_role("link", name=text["all"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["all"])
    journey.check()
    journey.figure(f"catalogue/{language}/all-services.png")

    page.get_by_role("link", name=text["ministry"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["ministry"])
    journey.check()
    journey.figure(f"catalogue/{language}/agency.png")

    page.get_by_role("link", name=text["service"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["service"])
    expect(page.get_by_text(text["no_sign_in"])).to_be_visible()
    journey.check()
    journey.figure(f"catalogue/{language}/service.png")

    page.get_by_role("link", name=text["guide"], exact=True).click()
    page.wait_for_load_state("load")
    assert "/guides/" in page.url
    expect(page.locator("h1").first).to_be_visible()
    assert page.title()


def test_an_unknown_page_tells_the_citizen_where_to_go(journey):
    response = journey.page.goto("/bu-sehife-yoxdur")
    assert response.status == 404
    journey.check()
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Səhifə tapılmadı")
    journey.page.get_by_role("main").get_by_role("link", name="Bütün xidmətlər").click()
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Bütün xidmətlər")
    journey.check()


def test_the_accessibility_check_does_find_a_violation(auditor, base_url):
    """The axe check must be able to fail: an input without a label is reported."""
    violations = auditor.violations(
        '<!doctype html><html lang="az"><head><title>t</title></head><body><main><h1>x</h1>'
        '<input type="text"></main></body></html>', f"{base_url}/_audit-self-test")
    assert "label" in {v["id"] for v in violations}


@pytest.mark.parametrize("path", ["/", "/e-xidmetler/", "/e-xidmetler/rabite-nazirliyi/",
                                  "/xidmet/rabite-ve-kommunal-odenisler/"])
def test_catalogue_pages_fit_a_320_pixel_screen_without_sideways_scrolling(journey, path):
    journey.page.set_viewport_size({"width": 320, "height": 640})
    journey.goto(path)
    assert journey.page.evaluate("document.documentElement.scrollWidth") <= 320
