"""The catalogue: E-xidmətlər → Bütün xidmətlər → agency → service page."""
from __future__ import annotations

import re

import pytest

from core.platform import catalogue
from core.platform import usage
from tests.conftest import csrf_token
from tests.pagecheck import check_page


def test_all_services_lists_every_agency_with_its_service_count(client):
    page = check_page(client.get("/e-xidmetler/"))
    assert len(catalogue.AGENCIES) == 3
    for agency in catalogue.AGENCIES:  # counted from the catalogue: a new service adds one
        assert f"{agency.name('az')} {len(agency.services)} xidmət" in page.text


def test_the_ministry_page_lists_its_services(client):
    page = check_page(client.get("/e-xidmetler/rabite-nazirliyi/"))
    for slug in ("mobil-cihazlarin-qeydiyyati", "rabite-ve-kommunal-odenisler",
                 "seherlerarasi-danisiqlar"):
        assert catalogue.service(slug).name("az") in page.text


def test_an_unknown_agency_is_not_found(client):
    response = client.get("/e-xidmetler/yoxdur/")
    assert response.status_code == 404
    check_page(response)


def test_a_service_page_says_sign_in_is_not_needed_for_device_registration(client):
    page = check_page(client.get("/xidmet/mobil-cihazlarin-qeydiyyati/"))
    assert "Xidmətdən istifadə üçün portalda qeydiyyat tələb olunmur" in page.text
    assert "İstifadə təlimatı" in page.text
    assert "İstifadə sayı: 0" in page.text


def test_a_service_page_lists_the_accepted_sign_in_methods(client):
    page = check_page(client.get("/xidmet/guzestli-menzil/"))
    assert "Elektron imza" in page.text and "Asan İmza" in page.text
    assert "İstifadəçi adı və şifrə" not in page.text


def test_a_service_not_connected_yet_says_so_and_has_no_start_button(app_config):
    """Every service is built now; outside the sandbox none has a real outside system yet."""
    from tests.conftest import PortalClient
    from web import create_app

    production = create_app({**app_config, "SANDBOX": False})
    production.test_client_class = PortalClient
    service = catalogue.service("sayga-zedelenmesinin-arasdirilmasi")
    response = production.test_client().get(f"/xidmet/{service.slug}/")
    page = check_page(response)
    assert "Tezliklə" in page.text
    assert "Xidmətə keç" not in page.text


def test_a_live_service_has_a_start_button_that_leads_somewhere(app, client):
    for service in (s for s in catalogue.SERVICES if s.live):
        html = client.get(f"/xidmet/{service.slug}/").get_data(as_text=True)
        assert "Xidmətə keç" in html
        starts = app.extensions.get("egov_service_starts", {})
        assert service.slug in starts, f"{service.slug} is live but registers no start page"


def test_every_registered_start_belongs_to_a_live_catalogue_service(app):
    for slug in app.extensions.get("egov_service_starts", {}):
        assert catalogue.service(slug) is not None and catalogue.service(slug).live


def test_the_usage_count_shown_is_the_persisted_one(client, db):
    usage.record_completion(db, "mobil-cihazlarin-qeydiyyati")
    usage.record_completion(db, "mobil-cihazlarin-qeydiyyati")
    db.commit()
    page = check_page(client.get("/xidmet/mobil-cihazlarin-qeydiyyati/"))
    assert "İstifadə sayı: 2" in page.text


def test_pages_switch_to_english_and_back(client):
    response = client.get("/dil/en?next=/e-xidmetler/")
    assert response.status_code == 302 and response.headers["Location"] == "/e-xidmetler/"
    page = check_page(client.get("/e-xidmetler/"))
    assert "All services" in page.text and "Ministry of Transport, Communications and High Technologies" in page.text
    client.get("/dil/az")
    assert "Bütün xidmətlər" in check_page(client.get("/e-xidmetler/")).text


def test_the_language_switch_never_redirects_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/dil/en", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_gets_its_own_page(client):
    response = client.get("/dil/fr")
    assert response.status_code == 404
    assert "Bu dil dəstəklənmir" in check_page(response).text


def test_an_htmx_request_gets_the_fragment_and_a_plain_one_the_page(client):
    full = client.get("/e-xidmetler/")
    fragment = client.get("/e-xidmetler/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert full.get_data(as_text=True).startswith("<!doctype html>")
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and '<main id="main"' in body and "<title>" in body
    assert 'hx-swap-oob="true"' in body


def test_a_history_restore_gets_the_whole_page(client):
    response = client.get("/e-xidmetler/", headers={"HX-Request": "true",
                                                    "HX-History-Restore-Request": "true"})
    assert response.get_data(as_text=True).startswith("<!doctype html>")


def test_xidmete_kec_is_a_real_button_that_space_presses_and_keeps_the_start_query(client):
    """A link with role="button" ignores Space: the start is a GET form's submit button."""
    html = client.get("/xidmet/mobil-cihazlarin-qeydiyyati/").get_data(as_text=True)
    assert 'role="button"' not in html
    start = html[html.index('<form method="get"'):]
    start = start[:start.index("</form>")]
    assert 'action="/mobil-cihazlarin-qeydiyyati/"' in start
    assert '<button type="submit" class="button button--start">Xidmətə keç</button>' in start


def test_a_citizen_signed_in_with_an_accepted_method_is_not_told_to_sign_in(client):
    from core.sandbox.citizens import AYSEL
    from tests.web.auth_support import sign_in_with_token

    page = check_page(client.get("/xidmet/guzestli-menzil/"))
    assert "portala daxil olmaq tələb olunur" in page.text
    sign_in_with_token(client, AYSEL, service="guzestli-menzil")
    page = check_page(client.get("/xidmet/guzestli-menzil/"))
    assert "portala daxil olmaq tələb olunur" not in page.text
    assert "Siz portala daxil olmusunuz (Elektron imza)" in page.text


def test_a_service_without_a_guide_shows_no_guide_link(client, monkeypatch):
    """A service whose guide is not written (yet): "İstifadə təlimatı" would only lead to the
    guides' index, so no link rather than a misleading one."""
    from web.portal import guides

    monkeypatch.setattr(guides, "guide_page_exists", lambda path: False)
    page = client.get("/xidmet/sayga-zedelenmesinin-arasdirilmasi/").get_data(as_text=True)
    assert "İstifadə təlimatı" not in page


@pytest.mark.parametrize("start, form_id, fields", [
    ("/mobil-cihazlarin-qeydiyyati/", "check-form",
     {"id_card_number": "AZE12345678", "fin": "5ZX8K2P", "imei": "35332511"}),
    ("/rabite-ve-kommunal-odenisler/", "line-form", {"city": "18", "number": "6541"}),
])
def test_switching_language_on_step_1_keeps_what_was_typed(client, start, form_id, fields):
    """The switch on a step page is a button of the step's form (no JavaScript needed)."""
    html = client.get(start).get_data(as_text=True)
    switch = re.search(r'<button type="submit" form="([^"]+)" formaction="([^"]+)"', html)
    assert switch and switch.group(1) == form_id and f'id="{form_id}"' in html
    answer = client.post(switch.group(2).replace("&amp;", "&"),
                         data={**fields, "csrf_token": csrf_token(html)})
    assert answer.status_code == 303 and answer.location.endswith(start)
    page = client.get(start).get_data(as_text=True)
    assert 'lang="en"' in page
    for value in fields.values():
        assert f'value="{value}"' in page or f'value="{value}" selected' in page
    again = client.get(start).get_data(as_text=True)  # kept once, not for ever
    assert 'value="35332511"' not in again and 'value="6541"' not in again
