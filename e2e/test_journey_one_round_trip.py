"""One round trip per step with JavaScript: htmx posts a step and gets the next one in the same
answer (no redirect to follow); the address bar, reload and back behave as after a redirect.
Without JavaScript the form posts and follows a redirect, as before."""
from __future__ import annotations

import re

from playwright.sync_api import expect

START = "/rabite-ve-kommunal-odenisler/"


def test_a_step_is_one_request_and_address_reload_and_back_stay_right(journey, js_enabled):
    page = journey.open(START)
    page.get_by_label("Şəhər", exact=True).select_option("12")
    page.get_by_label("Nömrə", exact=True).fill("4212372")
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url))
            if request.resource_type in ("document", "xhr", "fetch") else None)
    page.get_by_role("button", name="İrəli").click()
    expect(page).to_have_url(re.compile(r"/rabite-ve-kommunal-odenisler/borclar$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("4212372")
    journey.check()
    if js_enabled:
        assert [method for method, _url in sent] == ["POST"], sent  # nothing else to fetch
    else:
        assert [method for method, _url in sent] == ["POST", "GET"], sent  # Post/Redirect/Get
    page.reload()
    expect(page).to_have_url(re.compile(r"/borclar$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("4212372")
    journey.check()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/rabite-ve-kommunal-odenisler/$"))
    expect(page.get_by_label("Nömrə", exact=True)).to_be_visible()
