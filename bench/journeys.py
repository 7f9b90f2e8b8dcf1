"""Each service's journey with JavaScript on, in Chromium with the link emulated through CDP
(Network.emulateNetworkConditions), one run per profile. Per step: wall time until the next
page shows, round trips (document, xhr and fetch requests, redirects included), bytes received
(CDP's encodedDataLength, headers included) and form bytes sent."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from playwright.sync_api import expect, sync_playwright

from bench.floor import PROFILES, LinkProfile, floor_seconds, fresh_imei
from bench.servers import assert_loopback

ROUND_TRIP_TYPES = {"Document", "XHR", "Fetch"}
STEP_TIMEOUT_MS = 60_000
FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-gpu", "--no-sandbox"]


@dataclass
class Meter:
    """Counts what crosses the emulated link, from CDP's Network events."""
    round_trips: int = 0
    bytes_down: int = 0
    bytes_up: int = 0
    in_flight: set = field(default_factory=set)

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self.in_flight.discard(e["requestId"]))

    def _sent(self, event: dict) -> None:
        if event.get("redirectResponse") is None:
            self.in_flight.add(event["requestId"])
        if event.get("type") in ROUND_TRIP_TYPES:
            self.round_trips += 1
            self.bytes_up += len((event["request"].get("postData") or "").encode())

    def _finished(self, event: dict) -> None:
        self.in_flight.discard(event["requestId"])
        self.bytes_down += int(event.get("encodedDataLength") or 0)

    def snapshot(self) -> tuple[int, int, int]:
        return self.round_trips, self.bytes_down, self.bytes_up


class Recorder:
    def __init__(self, page, meter: Meter, profile: LinkProfile):
        self.page, self.meter, self.profile, self.steps = page, meter, profile, []

    def step(self, name: str, act, shown) -> None:
        """Do `act`, wait until `shown` (a locator) is visible and the link is quiet."""
        before, started = self.meter.snapshot(), time.monotonic()
        act()
        expect(shown).to_be_visible(timeout=STEP_TIMEOUT_MS)
        seconds = time.monotonic() - started
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


def bill_payment(rec: Recorder, base: str) -> None:
    page = rec.page
    main = page.locator("main")
    rec.step("home (first visit)", lambda: page.goto(base + "/"), page.locator("h1"))
    rec.step("service page",
             lambda: main.locator('a[href="/xidmet/rabite-ve-kommunal-odenisler/"]').first.click(),
             page.get_by_role("button", name="Xidmətə keç"))
    rec.step("step 1", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
             page.locator("#number"))
    page.select_option("#city", "12")
    page.fill("#number", "4212372")
    rec.step("debts", lambda: page.get_by_role("button", name="İrəli").click(),
             page.locator("#debts-table"))


def call_records(rec: Recorder, base: str) -> None:
    """The signed-in service: Aysel signs in with her password and sees her intercity calls."""
    page = rec.page
    main = page.locator("main")
    rec.step("home (first visit)", lambda: page.goto(base + "/"), page.locator("h1"))
    rec.step("service page",
             lambda: main.locator('a[href="/xidmet/seherlerarasi-danisiqlar/"]').first.click(),
             page.get_by_role("button", name="Xidmətə keç"))
    rec.step("sign-in methods", lambda: page.get_by_role("button", name="Xidmətə keç").click(),
             page.get_by_role("link", name="İstifadəçi adı və şifrə ilə daxil ol"))
    rec.step("password form",
             lambda: page.get_by_role("link", name="İstifadəçi adı və şifrə ilə daxil ol").click(),
             page.get_by_label("İstifadəçi adı", exact=True))
    page.get_by_label("İstifadəçi adı", exact=True).fill("aysel")
    page.get_by_label("Şifrə", exact=True).fill("Demo-parol-2026")
    rec.step("calls", lambda: page.get_by_role("button", name="Daxil ol").click(),
             page.get_by_role("table"))


JOURNEYS = {"device registration": device_registration, "bill payment": bill_payment,
            "call records": call_records}


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
