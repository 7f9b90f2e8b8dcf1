"""What every journey step checks: axe-core (WCAG 2.2 AA) with 0 violations, the byte budgets,
no CSP violation in the browser; and guide figures written from the steps that match them."""
from __future__ import annotations

import gzip
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import Page, Response, expect

from e2e.figure_text import drift, shown_text, text_file
from e2e.narrow_screen import assert_fits_narrow_screen

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FIRST_PAGE_KB, LATER_STEP_KB, FIRST_VISIT_ALL_IN_KB = 14, 8, 40
FIGURE_SOURCE_KEY = "egov-journey"
SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)


class Auditor:
    """Runs axe-core on a snapshot of the page's DOM in a JavaScript-enabled page of its own,
    so pages seen with JavaScript off are audited exactly as the citizen saw them."""

    def __init__(self, page: Page, axe_path: Path):
        self.page = page
        self.axe_source = axe_path.read_text()

    def violations(self, html: str, url: str) -> list[dict]:
        snapshot = SCRIPT.sub("", html)
        self.page.route(url, lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=snapshot))
        try:
            self.page.goto(url, wait_until="load")
        finally:
            self.page.unroute(url)
        self.page.add_script_tag(content=self.axe_source)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS)
        return [{"id": v["id"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def _gzip_kb(body: bytes) -> float:
    return len(gzip.compress(body, 6)) / 1024


CSP_PREFIX = "CSP violation:"
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var line = "%s " + e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
             (e.sourceFile || "") + ":" + (e.lineNumber || 0) + " " + (e.sample || "");
  window.__cspViolations.push(line);
  console.error(line);
});
""" % CSP_PREFIX


@dataclass
class Journey:
    page: Page
    js_enabled: bool
    auditor: Auditor
    base_url: str
    figures_root: Path
    write_figures: bool
    visited: list[str] = field(default_factory=list)
    sizes_kb: list[tuple[str, float]] = field(default_factory=list)
    # Each figure step compares the page with the text stored beside its figure (e2e/figure_text.py);
    # e2e/conftest.py turns it off for another deployment, whose data the figures are not of.
    compare_figures: ClassVar[bool] = True

    def __post_init__(self):
        self._responses: list[Response] = []
        self._seen = 0
        self._csp_errors: list[str] = []
        self.page.on("response", lambda response: self._responses.append(response))
        self.page.on("console", self._watch_console)
        # The browser's own report of every violation (an inline style set by a script after
        # a swap included), also where no console line is written; init scripts run before
        # the page's and are not subject to its CSP.
        self.page.add_init_script(CSP_WATCH)

    def _watch_console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text \
                or text.startswith(CSP_PREFIX):
            self._csp_errors.append(text)

    def csp_violations(self) -> list[str]:
        """Every CSP violation this journey's pages reported so far (console and DOM)."""
        found = list(self._csp_errors)
        if self.js_enabled:
            try:
                found += self.page.evaluate("() => window.__cspViolations || []")
            except Exception:  # the page is navigating: its console lines are counted
                pass
        return found

    # -- navigation -----------------------------------------------------------------------
    def goto(self, path: str, **budget) -> Page:
        self.page.goto(path)
        self.check(**budget)
        return self.page

    def open(self, path: str, language: str = "az") -> Page:
        """Open `path` and, for English, switch with the header's language link as a citizen would."""
        page = self.goto(path)
        if language == "en":
            # a link, or on a step page a button that sends the step's form along
            page.locator("#site-header").get_by_text("English", exact=True).click()
            page.wait_for_load_state("load")
            self.check()
        return page

    def settle(self) -> None:
        self.page.wait_for_load_state("load")
        if self.js_enabled:
            self.page.wait_for_function(
                "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")

    # -- checks ---------------------------------------------------------------------------
    def check(self, budget_kb: float | None = None, every_element_on_screen: bool = True) -> None:
        """Call after every step: budgets of what was just loaded, the 320 px screen (every
        cell, link and button on it, unless `every_element_on_screen` is False: then only no
        sideways scrolling), then axe on the page."""
        self.settle()
        first = not self.visited
        fresh = self._responses[self._seen:]
        self._seen = len(self._responses)
        pages, total = [], 0.0
        for response in fresh:
            if 300 <= response.status < 400:
                continue
            try:
                body = response.body()
            except Exception:  # a response the browser dropped (e.g. replaced navigation)
                continue
            size = _gzip_kb(body)
            total += size
            content_type = response.headers.get("content-type", "")
            if response.request.resource_type in {"document", "xhr", "fetch"} \
                    and content_type.startswith("text/html"):
                pages.append((response.url, size))
        limit = budget_kb or (FIRST_PAGE_KB if first else LATER_STEP_KB)
        for url, size in pages:
            self.sizes_kb.append((url, round(size, 2)))
            assert size <= limit, f"{url} is {size:.1f} KB gzip; the budget is {limit} KB"
        if first:
            assert total <= FIRST_VISIT_ALL_IN_KB, \
                f"first visit is {total:.1f} KB all-in; the budget is {FIRST_VISIT_ALL_IN_KB} KB"
        if self.js_enabled:
            self.page.wait_for_timeout(150)  # let a swap's late style changes report
        csp = self.csp_violations()
        assert not csp, f"CSP violations on {self.page.url}: {csp}"
        assert_fits_narrow_screen(self.page, every_element=every_element_on_screen)
        violations = self.auditor.violations(self.page.content(), self.page.url)
        assert violations == [], f"axe on {self.page.url}: {violations}"
        self.visited.append(self.page.url)

    # -- guide figures --------------------------------------------------------------------
    def figure(self, name: str, element: str | None = None) -> Path | None:
        """Save this step as guide figure `name` (e.g. "device-registration/az/sekil-4.png")
        when run with --update-guide-figures, with the text it shows beside it; on any other
        run, fail if the page no longer says what the figure shows. Only the JavaScript-on run
        takes figures and compares them.

        The figure is the page from the top (the header with its menu) to the end of `main`,
        without the footer; with `element` (a CSS selector, e.g. ".receipt") just that element.
        A fixed viewport, no animations, no caret, the mouse off the page, and a 96-colour
        palette keep every figure readable, small (< 150 KB) and the same from run to run."""
        if not self.js_enabled:
            return None
        target = self.figures_root / name
        if not self.write_figures:
            if self.compare_figures:
                self.settle()
                stored = text_file(target)
                problem = drift(name, stored.read_text("utf-8") if stored.exists() else None,
                                shown_text(self.page, element))
                assert problem is None, problem
            return None
        from PIL import Image

        self.settle()
        text_file(target).parent.mkdir(parents=True, exist_ok=True)
        text_file(target).write_text(shown_text(self.page, element), "utf-8")
        self.page.mouse.move(0, 0)
        box = self.page.evaluate(FIGURE_BOX, element or "main")
        assert box, f"{name}: nothing matches {element or 'main'} on {self.page.url}"
        # No caret and no animations without Playwright's own <style> (which the strict CSP
        # refuses, failing the next step): blur the field; reduced motion stops animations.
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        png = self.page.screenshot(full_page=True, animations="allow", caret="initial", clip=box)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        image.save(target, format="PNG", optimize=True, pnginfo=_provenance())
        assert target.stat().st_size < 150 * 1024, f"{name} is over 150 KB"
        return target


def _provenance():
    """The journey step that took the figure, in the PNG itself: tests/test_guides.py checks
    that every figure a guide shows came from a journey that still takes it."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    info.add_text(FIGURE_SOURCE_KEY, test)
    return info


# The clip of a figure in page coordinates: `main` from the top of the page (so the menu shows),
# any other element on its own, each with a small margin.
FIGURE_BOX = """selector => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const r = element.getBoundingClientRect(), margin = 16;
  const width = document.documentElement.scrollWidth;
  const bottom = Math.min(document.documentElement.scrollHeight, r.bottom + window.scrollY + margin);
  if (selector === "main") return {x: 0, y: 0, width, height: Math.ceil(bottom)};
  const x = Math.max(0, r.left + window.scrollX - margin), y = Math.max(0, r.top + window.scrollY - margin);
  return {x, y, width: Math.min(width - x, r.width + 2 * margin), height: Math.ceil(bottom - y)};
}"""


def follow_links_to_a_service(journey: Journey, agency: str, service: str) -> Page:
    """From the home page by links, as a citizen finds a service, and press Xidmətə keç (with
    JavaScript every page after the first is a swap of <main>)."""
    page = journey.goto("/")
    page.get_by_role("navigation", name="Əsas menyu").get_by_role(
        "link", name="E-xidmətlər: Bütün xidmətlər").click()
    page.get_by_role("link", name=agency).click()
    page.get_by_role("link", name=service).click()
    page.get_by_role("button", name="Xidmətə keç").click()
    return page


def reset_sale(page) -> None:
    """The sandbox sale clock puts the demo sale back to 12 free flats (and an empty queue and
    log), so a housing journey can run again against a long-lived portal."""
    page.goto("/sandbox/satis/")
    page.get_by_role("button", name=re.compile("Satışı sıfırla|Reset the sale")).click()
    expect(page.get_by_role("status")).to_be_visible()


def plug_in_token(page, fin: str) -> None:
    """On the sandbox token page, plug the citizen's e-imza token into this browser (what a USB
    token and the signing program do on a real computer): only then does the e-imza sign-in
    list its certificate."""
    page.goto(f"/sandbox/e-imza/{fin}")
    plug = page.get_by_role("button", name=re.compile("Tokeni bu kompüterə taxın|"
                                                       "Plug the token into this computer"))
    if plug.count():
        plug.click()
        expect(page.get_by_role("status")).to_be_visible()
