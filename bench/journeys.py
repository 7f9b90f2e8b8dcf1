"""Each service's journey with JavaScript on, in Chromium with the link emulated through CDP
(Network.emulateNetworkConditions), one run per profile. Per step: the time until the next
page shows (for an htmx swap by the page's own clock, for a page load by the wall clock), round trips (document, xhr and fetch requests, redirects included), bytes received
(CDP's encodedDataLength, headers included) and form bytes sent."""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from playwright.sync_api import expect, sync_playwright

from bench.floor import PROFILES, LinkProfile, floor_seconds, fresh_imei
from bench.servers import assert_loopback
from bench.targets.client import ContextWalker
from bench.targets.housing import reset_sale
from bench.targets.signing_in import confirm_on_phone, sign_out
from core.kernel.phones import format_mobile
from core.sandbox.citizens import AYSEL, DemoCitizen

ROUND_TRIP_TYPES = {"Document", "XHR", "Fetch"}
STEP_TIMEOUT_MS = 60_000
FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-gpu", "--no-sandbox"]


@dataclass
class Meter:
    """Counts what crosses the emulated link, from CDP's Network events. Between steps it is
    closed to new round trips: a page's own polling (htmx every few seconds: the flats list,
    the Asan İmza waiting page) is not a step's, unless it happens before the step's page
    shows. The subresources of a page keep counting until the link is quiet."""
    round_trips: int = 0
    bytes_down: int = 0
    bytes_up: int = 0
    in_flight: set = field(default_factory=set)
    ignored: set = field(default_factory=set)
    open: bool = False

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event: dict) -> None:
        request_id, round_trip = event["requestId"], event.get("type") in ROUND_TRIP_TYPES
        if request_id in self.ignored or (round_trip and not self.open):
            self.ignored.add(request_id)
            return
        if event.get("redirectResponse") is None:
            self.in_flight.add(request_id)
        if round_trip:
            self.round_trips += 1
            self.bytes_up += len((event["request"].get("postData") or "").encode())

    def _finished(self, event: dict) -> None:
        if event["requestId"] in self.ignored:
            self.ignored.discard(event["requestId"])
            return
        self.in_flight.discard(event["requestId"])
        self.bytes_down += int(event.get("encodedDataLength") or 0)

    def _failed(self, event: dict) -> None:
        self.in_flight.discard(event["requestId"])
        self.ignored.discard(event["requestId"])

    def snapshot(self) -> tuple[int, int, int]:
        return self.round_trips, self.bytes_down, self.bytes_up


# Every element inserted into the document is stamped with the time (page clock, epoch ms).
STAMP_INSERTIONS = """new MutationObserver(records => {
  const now = performance.timeOrigin + performance.now();
  for (const record of records) for (const node of record.addedNodes)
    if (node.nodeType === 1) node.__insertedAt = now;
}).observe(document, {childList: true, subtree: true});"""
SHOWN_AT = """element => { for (let n = element; n; n = n.parentElement)
  if (n.__insertedAt) return n.__insertedAt; return null; }"""
PAGE_CLOCK = "[performance.timeOrigin + performance.now(), performance.timeOrigin]"


class Recorder:
    def __init__(self, page, meter: Meter, profile: LinkProfile):
        self.page, self.meter, self.profile, self.steps = page, meter, profile, []

    def step(self, name: str, act, shown) -> None:
        """Do `act`, wait until `shown` (a locator) is visible and the link is quiet."""
        before, started = self.meter.snapshot(), time.monotonic()
        clicked_at, origin = self.page.evaluate(PAGE_CLOCK)
        self.meter.open = True
        try:
            act()
            expect(shown).to_be_visible(timeout=STEP_TIMEOUT_MS)
        finally:
            self.meter.open = False
        seconds = time.monotonic() - started
        # Playwright looks again only every 0.5-1 s once an element is late, which added up to
        # half a second to each step on 2G. Within one document (an htmx swap) the page's own
        # clock says when the new content went in; a new document (a page load, which
        # Playwright waits for) keeps the wall clock.
        shown_at = shown.evaluate(SHOWN_AT)
        if shown_at and shown_at > clicked_at and self.page.evaluate(PAGE_CLOCK)[1] == origin:
            seconds = (shown_at - clicked_at) / 1000
        quiet_by = time.monotonic() + 5
        while self.meter.in_flight and time.monotonic() < quiet_by:
            self.page.wait_for_timeout(50)
        after = self.meter.snapshot()
        trips, down, up = (a - b for a, b in zip(after, before))
        self.steps.append({"step": name, "seconds": round(seconds, 2), "round_trips": trips,
                           "bytes": down, "bytes_up": up,
                           "floor_seconds": round(floor_seconds(trips, down, self.profile, up), 2)})


def device_registration(rec: Recorder, base: str) -> None:
    page = rec.page
    main = page.locator("main")
    rec.step("home (first visit)", lambda: page.goto(base + "/"), page.locator("h1"))
    rec.step("catalogue", lambda: main.locator('a[href="/e-xidmetler/"]').first.click(),
             page.locator('main a[href="/e-xidmetler/rabite-nazirliyi/"]').first)
    rec.step("agency", lambda: main.locator('a[href="/e-xidmetler/rabite-nazirliyi/"]').first.click(),
             page.locator('main a[href="/xidmet/mobil-cihazlarin-qeydiyyati/"]').first)
    rec.step("service page",
             lambda: main.locator('a[href="/xidmet/mobil-cihazlarin-qeydiyyati/"]').first.click(),
             page.get_by_role("button", name="Xidmətə keç"))
    rec.step("step 1", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
             page.locator("#security_code"))
    page.fill("#id_card_number", "AZE12345678")
    page.fill("#fin", "5ZX8K2P")
    page.fill("#imei", fresh_imei())
    page.fill("#security_code", "24680")  # the sandbox's test code
    rec.step("step 2 (details)", lambda: page.get_by_role("button", name="Məlumatları yoxla").click(),
             page.get_by_label("Operator kodu", exact=True))
    page.get_by_label("Operator kodu", exact=True).select_option("50")
    page.get_by_label("Nömrə", exact=True).fill("1234567")
    page.get_by_label("Visa / Visa Electron").check()
    rec.step("card", lambda: page.get_by_role("button", name="Təsdiqlə və ödəniş et").click(),
             page.get_by_label("Kart nömrəsi", exact=True))
    page.get_by_label("Kart nömrəsi", exact=True).fill("4111 1111 1111 1111")
    page.get_by_label("Ay", exact=True).fill("12")
    page.get_by_label("İl", exact=True).fill("2030")
    page.get_by_label("CVV", exact=True).fill("123")
    rec.step("receipt", lambda: page.get_by_role("button", name="İrəli").click(),
             page.get_by_role("heading", level=1, name="Ödəniş qəbzi"))


def _service_page(rec: Recorder, base: str, slug: str) -> None:
    """The first visit to the home page, then the service's page from its link there."""
    page = rec.page
    rec.step("home (first visit)", lambda: page.goto(base + "/"), page.locator("h1"))
    rec.step("service page",
             lambda: page.locator(f'main a[href="/xidmet/{slug}/"]').first.click(),
             page.get_by_role("button", name="Xidmətə keç"))


def _sign_in_with_password(rec: Recorder, citizen: DemoCitizen, name: str, shown) -> None:
    page = rec.page
    rec.step("sign-in methods", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
             page.get_by_role("link", name="İstifadəçi adı və şifrə ilə daxil ol"))
    rec.step("password form",
             lambda: page.get_by_role("link", name="İstifadəçi adı və şifrə ilə daxil ol").click(),
             page.get_by_label("İstifadəçi adı", exact=True))
    page.get_by_label("İstifadəçi adı", exact=True).fill(citizen.login)
    page.get_by_label("Şifrə", exact=True).fill(citizen.password)
    rec.step(name, lambda: page.get_by_role("button", name="Daxil ol").click(), shown)


def bill_payment(rec: Recorder, base: str) -> None:
    page = rec.page
    _service_page(rec, base, "rabite-ve-kommunal-odenisler")
    rec.step("step 1", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
             page.locator("#number"))
    page.select_option("#city", "12")
    page.fill("#number", "4212372")
    rec.step("debts", lambda: page.get_by_role("button", name="İrəli").click(),
             page.locator("#debts-table"))


def call_records(rec: Recorder, base: str) -> None:
    """The signed-in service: Aysel signs in with her password and sees her intercity calls."""
    _service_page(rec, base, "seherlerarasi-danisiqlar")
    _sign_in_with_password(rec, AYSEL, "calls", rec.page.get_by_role("table"))


def meter_damage(rec: Recorder, base: str) -> None:
    """Aysel signs in with her password and reports her household meter's broken seal, as
    e2e/test_journey_meter_damage.py does, until the application's number shows. Each run
    sends an application of its own draft: nothing an earlier run sent is in its way."""
    page = rec.page
    go_on = page.get_by_role("main").get_by_role("button", name="İrəli")
    _service_page(rec, base, "sayga-zedelenmesinin-arasdirilmasi")
    _sign_in_with_password(rec, AYSEL, "basic details",
                           page.get_by_role("heading", level=1, name="Əsas məlumatlar"))
    rec.step("kind", go_on.click, page.get_by_label("Əhali", exact=True))
    page.get_by_label("Əhali", exact=True).check()
    rec.step("meter", go_on.click, page.get_by_label(re.compile(r"^100200300400501")))
    page.get_by_label(re.compile(r"^100200300400501")).check()
    page.get_by_label("Sayğacın plombu qırılıb və ya yoxdur", exact=True).check()
    rec.step("contact", go_on.click, page.get_by_label("Operator kodu", exact=True))
    page.get_by_label("Operator kodu", exact=True).select_option("50")
    page.get_by_label("Nömrə", exact=True).fill("1234567")
    page.get_by_label("E-poçt (istəyə görə)", exact=True).fill("aysel@example.az")
    rec.step("check", go_on.click, page.get_by_role("button", name="Müraciəti göndər"))
    rec.step("sent", lambda: page.get_by_role("button", name="Müraciəti göndər").click(),
             page.locator("#application-number"))


def housing(rec: Recorder, base: str) -> None:
    """Aysel signs in with Asan İmza, chooses Bina 1, mənzil 3 and signs the purchase with
    Asan İmza, as e2e/test_journey_housing.py does, until the application shows it signed.
    Her phone is the sandbox phone, answered over HTTP off the emulated link (another device).
    The demo sale is reset first and she signs out last, both off the link too: each run finds
    12 free flats and no session of hers elsewhere (the service allows one)."""
    page, aside = rec.page, ContextWalker(rec.page.context.request, base)
    reset_sale(aside)
    try:
        _service_page(rec, base, "guzestli-menzil")
        rec.step("sign-in methods", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
                 page.get_by_role("link", name="Asan İmza ilə daxil ol"))
        rec.step("Asan İmza form", page.get_by_role("link", name="Asan İmza ilə daxil ol").click,
                 page.get_by_label("Mobil nömrə"))
        page.get_by_label("Mobil nömrə").fill(format_mobile(AYSEL.mobile))
        page.get_by_label("İstifadəçi ID").fill(AYSEL.asan_user_id)
        rec.step("waiting for PIN1", page.get_by_role("button", name="Daxil ol").click,
                 page.locator("#verification-code"))
        rec.step("cabinet after PIN1", lambda: confirm_on_phone(aside, AYSEL, AYSEL.asan_pin1),
                 page.get_by_role("heading", level=1, name="Elektron kabinet"))
        rec.step("payment method", page.get_by_role("link", name="Mənzil seç").click,
                 page.get_by_label("İpoteka kreditinin vəsaiti hesabına"))
        page.get_by_label("İpoteka kreditinin vəsaiti hesabına").check()
        rec.step("projects", page.get_by_role("button", name="Davam et").click,
                 page.get_by_role("link", name="Yasamal Yaşayış Kompleksi"))
        flat = page.get_by_role("button", name=re.compile(r"Bina 1, mənzil 3$"))
        rec.step("flats", page.get_by_role("link", name="Yasamal Yaşayış Kompleksi").click, flat)
        rec.step("chosen", flat.click,
                 page.locator("#place-status", has_text="Seçilib, imzanızı gözləyir"))
        rec.step("signing form", page.get_by_role("link", name="Asan İmza ilə imzala").click,
                 page.get_by_label("İstifadəçi ID"))
        page.get_by_label("İstifadəçi ID").fill(AYSEL.asan_user_id)
        rec.step("waiting for PIN2", page.get_by_role("button", name="İmzala", exact=True).click,
                 page.get_by_role("heading", level=1,
                                  name="Telefonunuzda imza sorğusunu təsdiqləyin"))
        rec.step("signed after PIN2", lambda: confirm_on_phone(aside, AYSEL, AYSEL.asan_pin2),
                 page.locator("#place-status", has_text="İmzalanıb və göndərilib"))
    finally:
        sign_out(aside)


JOURNEYS = {"device registration": device_registration, "bill payment": bill_payment,
            "call records": call_records, "meter damage": meter_damage, "housing": housing}


def run(base: str) -> list[dict]:
    assert_loopback(base)
    executable = os.environ.get("EGOV_BROWSER_PATH") or "/usr/bin/chromium"
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            for profile in PROFILES:
                for name, journey in JOURNEYS.items():
                    results.append(_one(browser, base, profile, name, journey))
        finally:
            browser.close()
    return results


def _one(browser, base: str, profile: LinkProfile, name: str, journey) -> dict:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="az-AZ")
    context.add_init_script(STAMP_INSERTIONS)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        meter = Meter()
        meter.attach(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.send("Network.emulateNetworkConditions", profile.cdp_conditions())
        rec = Recorder(page, meter, profile)
        try:
            journey(rec, base)
        except Exception as error:  # one failed journey must not lose the rest of the run
            return {"journey": name, "profile": profile.name, "error": str(error).splitlines()[0],
                    "steps": rec.steps}
        seconds = sum(s["seconds"] for s in rec.steps)
        trips = sum(s["round_trips"] for s in rec.steps)
        down = sum(s["bytes"] for s in rec.steps)
        up = sum(s["bytes_up"] for s in rec.steps)
        floor = floor_seconds(trips, down, profile, up)
        return {"journey": name, "profile": profile.name, "seconds": round(seconds, 2),
                "round_trips": trips, "bytes": down, "bytes_up": up,
                "floor_seconds": round(floor, 2), "ratio_to_floor": round(seconds / floor, 2),
                "steps": rec.steps}
    finally:
        context.close()
