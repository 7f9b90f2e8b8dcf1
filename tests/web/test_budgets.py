"""Byte budgets on a slow connection: first HTML ≤ 14 KB gzip, first visit ≤ 40 KB all-in,
and nothing render-blocking from another origin."""
from __future__ import annotations

import gzip
import re

import pytest

from core.platform import catalogue
from tests.pagecheck import FIRST_PAGE_BUDGET_KB, check_page

FIRST_VISIT_BUDGET_KB = 40
CATALOGUE_PAGES = ["/", "/e-xidmetler/",
                   *[f"/e-xidmetler/{a.slug}/" for a in catalogue.AGENCIES],
                   *[f"/xidmet/{s.slug}/" for s in catalogue.SERVICES]]
RESOURCE = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def _wire_bytes(response) -> int:
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        return len(body)
    return len(gzip.compress(body, 6))


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_a_catalogue_page_is_within_its_first_response_budget(client, url):
    check_page(client.get(url, headers={"Accept-Encoding": "gzip"}), budget_kb=FIRST_PAGE_BUDGET_KB)


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_a_first_visit_is_within_forty_kilobytes_all_in(client, url):
    page = client.get(url, headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(page.get_data()).decode()
    total = _wire_bytes(page)
    for resource in RESOURCE.findall(html):
        assert resource.startswith("/") and not resource.startswith("//"), \
            f"{resource} comes from another origin"
        asset = client.get(resource, headers={"Accept-Encoding": "gzip"})
        assert asset.status_code == 200, resource
        total += _wire_bytes(asset)
    assert total / 1024 <= FIRST_VISIT_BUDGET_KB, f"{url}: {total / 1024:.1f} KB all-in"


def test_no_stylesheet_or_script_blocks_rendering_from_elsewhere(client):
    html = client.get("/").get_data(as_text=True)
    for script in re.findall(r"<script[^>]*>", html):
        assert " defer" in script or " async" in script, f"render-blocking script: {script}"
