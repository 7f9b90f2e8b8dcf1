"""One session per citizen in the e-cabinet, and beyond the seed: a citizen whose other browser
is gone ends that session from the new one by signing in once more. And every e-cabinet route,
walked by a citizen signed in with an enhanced signature, answers without a server error and
shows nothing of another citizen."""
from __future__ import annotations

import re

from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import check_page
from tests.web.housing_support import CABINET, HOUSING, enter_with_asan_imza, enter_with_token, press, free_flats
from tests.web.test_signed_in_routes import build, guarded_rules

TAKE_OVER = re.compile(r'href="(/daxil-ol/e-imza\?[^"]*bitir=1[^"]*)"')


def test_a_second_browser_is_refused_with_the_seeds_explanation_and_an_offer_to_end_the_first(
        app, client):
    enter_with_asan_imza(app, client, RESHAD)
    second = app.test_client()
    refused = enter_with_token(second, RESHAD)
    assert refused.status_code == 409
    page = check_page(refused)
    assert "Siz artıq başqa pəncərədən daxil olmusunuz" in page.text
    assert "yalnız bir kompüterdən" in page.text
    assert "Elektron imza ilə daxil olub o sessiyanı bitirin" in page.text
    assert "Asan İmza ilə daxil olub o sessiyanı bitirin" in page.text
    assert client.get(CABINET).status_code == 200  # refusing changed nothing


def test_signing_in_again_from_the_offer_ends_the_other_session(app, client):
    enter_with_asan_imza(app, client, RESHAD)
    press(client, free_flats(client)[0])
    second = app.test_client()
    html = enter_with_token(second, RESHAD).get_data(as_text=True)
    link = TAKE_OVER.search(html).group(1).replace("&amp;", "&")
    check_page(second.get(link))
    response = second.submit(link, {"certificate": f"AZ-ICA-{RESHAD.fin}",
                                    "pin": RESHAD.token_pin})
    assert response.headers["Location"] == CABINET
    assert second.get(CABINET).status_code == 200
    gone = client.get(CABINET)
    assert gone.status_code == 303 and "bitdi=1" in gone.headers["Location"]
    # the flat he chose stays his in the new session
    assert "Sizin seçiminiz" in second.get("/guzestli-menzil/satis/1/layihe/1/?usul=ipoteka") \
        .get_data(as_text=True)


def test_a_password_cannot_end_the_other_session(app, client):
    enter_with_token(client, RESHAD)
    second = app.test_client()
    response = second.submit(f"/daxil-ol/sifre?xidmet={HOUSING}&bitir=1&next={CABINET}",
                             {"login": RESHAD.login, "password": RESHAD.password},
                             form_url="/daxil-ol/sifre")
    assert response.status_code in (303, 409)
    assert client.get(CABINET).status_code == 200  # still signed in


def test_the_take_over_mark_does_nothing_without_a_single_session_service(app, client):
    enter_with_token(client, AYSEL)  # housing session of Aysel
    second = app.test_client()
    second.submit("/daxil-ol/e-imza?bitir=1", {"certificate": f"AZ-ICA-{AYSEL.fin}",
                                               "pin": AYSEL.token_pin})
    assert client.get(CABINET).status_code == 200


def test_every_cabinet_route_walked_by_reshad_signed_in_with_e_imza_shows_only_his_own(app):
    aysel = app.test_client()
    enter_with_token(aysel, AYSEL)
    press(aysel, free_flats(aysel)[0])  # Aysel holds a flat: nothing of hers may show
    reshad = app.test_client()
    enter_with_token(reshad, RESHAD)
    app.config["WTF_CSRF_ENABLED"] = False  # bare POSTs: CSRF is proven elsewhere
    walked = 0
    for rule, login in guarded_rules(app):
        if not rule.endpoint.startswith("housing."):
            continue
        for url in build(app, rule, login, {}):
            for method in {"GET", "POST"} & rule.methods:
                response = reshad.open(url, method=method)
                assert response.status_code < 500, (method, url, response.status_code)
                body = response.get_data(as_text=True)
                for secret in (AYSEL.fin, AYSEL.surname, AYSEL.mobile[1:]):
                    assert secret not in body, (method, url, secret)
                walked += 1
    assert walked >= 12


def test_the_sandbox_sale_reset_lets_a_stopped_runs_citizen_in_from_a_new_browser(app, client):
    """QA's journeys run again after a run was stopped half-way: its browser, still holding
    Rəşad's one session, is gone. Resetting the demo sale lets the next browser in."""
    enter_with_asan_imza(app, client, RESHAD)
    tester = app.test_client()
    assert enter_with_token(tester, RESHAD).status_code == 409
    tester.submit("/sandbox/satis/sifirla", {}, form_url="/sandbox/satis/")
    assert enter_with_token(tester, RESHAD).headers["Location"] == CABINET
    assert tester.get(CABINET).status_code == 200
    refused = client.get(CABINET)  # the old browser, if it comes back, is the one refused now
    assert refused.status_code == 409, refused.status_code
