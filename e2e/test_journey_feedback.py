"""Əks əlaqə as a citizen leaves it, for every service, JavaScript on and off: "Xeyr" on the
service page, then "Problem bildirin" with text that holds a FİN, an ID card number, a card
number, a phone number and an e-mail address; the agency finds the report, masked, in the
sandbox back office and in the CSV. And "Bəli" on a journey's last page (the call records)."""
from __future__ import annotations

import csv
import io
import random
import re
import string

import pytest
from playwright.sync_api import expect

SERVICES = ("mobil-cihazlarin-qeydiyyati", "rabite-ve-kommunal-odenisler",
            "seherlerarasi-danisiqlar", "sayga-zedelenmesinin-arasdirilmasi", "guzestli-menzil")
PERSONAL = ("5ZX8K2P", "AZE12345678", "4111 1111 1111 1111", "050 123 45 67",
            "aysel@example.az")
MASKS = ("[FİN]", "[vəsiqə]", "[kart]", "[telefon]", "[e-poçt]")
AGENCY = "/sandbox/eks-elaqe/"


def thanked(journey) -> None:
    """With JavaScript the answer replaces the component; without, a page says thank you."""
    page = journey.page
    if journey.js_enabled:
        expect(page.locator("#feedback")).to_contain_text("Təşəkkür edirik: rəyiniz qeydə alındı.")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Təşəkkür edirik")
    journey.check()


@pytest.mark.parametrize("slug", SERVICES)
def test_a_citizen_says_xeyr_reports_the_problem_and_the_agency_reads_it_masked(journey, slug):
    # letters only: a run of digits would itself be masked
    marker = "journey-" + "".join(random.choices(string.ascii_lowercase, k=12))
    page = journey.goto(f"/xidmet/{slug}/")
    feedback = page.locator("#feedback")
    expect(feedback.get_by_role("group", name="Bu xidmət faydalı oldu?")).to_be_visible()
    feedback.get_by_role("button", name=re.compile("^Xeyr")).click()
    thanked(journey)

    page.get_by_role("main").get_by_role("link", name="Problem bildirin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem bildirin")
    journey.check()
    page.get_by_label("Nə etmək istəyirdiniz? (istəyə görə)").fill(f"{marker}: ödəmək")
    page.get_by_label("Nə baş verdi?").fill(
        f"{marker} FİN {PERSONAL[0]}, vəsiqə {PERSONAL[1]}, kart {PERSONAL[2]} keçmədi. "
        f"Zəng edin: {PERSONAL[3]} və ya yazın: {PERSONAL[4]}")
    page.get_by_role("button", name="Göndər").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Təşəkkür edirik")
    expect(page.get_by_role("status")).to_contain_text("Problem bildirişiniz qeydə alındı.")
    journey.check()

    journey.goto(f"{AGENCY}?xidmet={slug}")
    report = page.locator(".feedback-report", has_text=marker)
    expect(report).to_have_count(1)
    for mask in MASKS:
        expect(report).to_contain_text(mask)
    expect(report.locator(".feedback-masked")).to_have_text("5")
    for secret in PERSONAL:
        expect(report).not_to_contain_text(secret)

    exported = page.request.get(f"{AGENCY}eks-elaqe.csv")
    assert exported.ok and exported.headers["content-type"].startswith("text/csv")
    rows = [row for row in csv.DictReader(io.StringIO(exported.text().removeprefix("\ufeff")))
            if marker in row["went_wrong"]]
    assert [(r["service"], r["page"], r["kind"], r["masked"]) for r in rows] == [
        (slug, "service", "problem", "5")]
    assert all(mask in rows[0]["went_wrong"] for mask in MASKS)
    assert not any(secret in rows[0]["went_wrong"] for secret in PERSONAL)


def test_aysel_says_beli_on_the_last_page_of_her_call_records(journey):
    page = journey.goto("/daxil-ol/sifre?next=/seherlerarasi-danisiqlar/")
    page.get_by_label("İstifadəçi adı", exact=True).fill("aysel")
    page.get_by_label("Şifrə", exact=True).fill("Demo-parol-2026")
    page.get_by_role("button", name="Daxil ol").click()
    expect(page.get_by_role("table")).to_be_visible()
    journey.check()
    page.locator("#feedback").get_by_role("button", name=re.compile("^Bəli")).click()
    thanked(journey)
    journey.goto(f"{AGENCY}?xidmet=seherlerarasi-danisiqlar")
    expect(page.locator("#service-seherlerarasi-danisiqlar .feedback-total")).to_contain_text(
        re.compile(r"Bəli [1-9]"))
    page.get_by_role("button", name="Çıxış").click()
