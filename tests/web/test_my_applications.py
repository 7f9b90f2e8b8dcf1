"""Müraciətlərim: the signed-in citizen's applications across services, linked from the
header; a detail page with the result and the history; anyone else's is 404 by any URL."""
from __future__ import annotations

from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import check_page
from tests.web.test_meter_damage import sign_in


def test_the_header_links_to_muracietlerim_only_when_signed_in(client):
    assert "/muracietlerim/" not in client.get("/").get_data(as_text=True)
    sign_in(client)
    assert 'href="/muracietlerim/"' in client.get("/").get_data(as_text=True)


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/muracietlerim/")
    assert response.status_code == 303 and response.headers["Location"].startswith("/daxil-ol/")


def test_reshad_sees_his_meter_and_device_applications_newest_first(client):
    sign_in(client, RESHAD)
    page = client.get("/muracietlerim/")
    check_page(page)
    text = page.get_data(as_text=True)
    assert text.index("SZ-250603-DM4R8T") < text.index("MC-250602-104117")
    assert "Cihaz qeydiyyata alınıb" in text and "Baxılıb" in text
    assert "SZ-250514-DM7K2Q" not in text  # Aysel's


def test_a_detail_page_shows_the_result_and_the_history(client):
    sign_in(client, RESHAD)
    page = client.get("/muracietlerim/SZ-250603-DM4R8T/")
    check_page(page)
    text = page.get_data(as_text=True)
    assert "sayğac zədələnib, dəyişdiriləcək" in text
    for step in ("Portalda qeydə alınıb", "Azərişıq ASC-yə göndərilib", "Baxılıb"):
        assert step in text
    device = client.get("/muracietlerim/MC-250602-104117/")
    check_page(device)
    assert "/mobil-cihazlarin-qeydiyyati/qebz/MC-250602-104117" in device.get_data(as_text=True)


def test_another_citizens_application_is_404_by_any_url(client):
    sign_in(client, RESHAD)
    for url in ("/muracietlerim/SZ-250514-DM7K2Q/", "/muracietlerim/sz-250514-dm7k2q/",
                "/sayga-zedelenmesinin-arasdirilmasi/muraciet/SZ-250514-DM7K2Q/qebul",
                "/muracietlerim/?ref=SZ-250514-DM7K2Q"):
        assert client.get(url).status_code == 404, url
    assert client.get("/muracietlerim/SZ-000000-NOSUCH/").status_code == 404


def test_muracietlerim_reads_in_english(client):
    sign_in(client, AYSEL)
    client.get("/dil/en?next=/")
    text = client.get("/muracietlerim/SZ-250514-DM7K2Q/").get_data(as_text=True)
    assert "My applications" in text and "Investigated: the meter is intact" in text


def test_the_route_walk_covers_every_meter_damage_and_muracietlerim_route(app):
    from tests.web.test_signed_in_routes import guarded_rules

    walked = {rule.endpoint for rule, _login in guarded_rules(app)}
    ours = {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith(("meter_damage.", "my_applications."))}
    assert len(ours) >= 8 and ours <= walked
    assert {"meter_damage.confirmation", "my_applications.detail"} <= walked
