"""What every visit meets besides the service (issue 27): the card step leads to Texniki dəstək
(seed 000, Şəkil 6), the browser's /favicon.ico is there (a 404 in every console cost
Lighthouse's best practices), and every page has a meta description (its SEO audit)."""
from __future__ import annotations

import re

from core.platform import catalogue
from tests.pagecheck import check_page
from tests.web.device_registration_support import BASE, check, details


def test_the_card_step_leads_to_technical_support_in_a_new_window(client):
    assert check(client).status_code == 302
    assert details(client).status_code == 302
    html = client.get(f"{BASE}/odenis").get_data(as_text=True)
    link = re.search(r'<a href="/texniki-destek/"[^>]*>([^<]*)</a>', html)
    assert link and link.group(1) == "Texniki dəstək (yeni pəncərədə açılır)"
    assert 'target="_blank" rel="noopener"' in link.group(0)
    page = check_page(client.get("/texniki-destek/"))
    assert "108" in page.text and "CVV" in page.text


def test_the_browser_finds_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_a_service_page_is_described_by_its_purpose_and_others_by_the_portals(client):
    purpose = catalogue.service("mobil-cihazlarin-qeydiyyati").purpose("az")
    service = check_page(client.get("/xidmet/mobil-cihazlarin-qeydiyyati/"))
    assert service.description == purpose
    assert check_page(client.get("/")).description.startswith("Dövlət xidmətlərindən")
