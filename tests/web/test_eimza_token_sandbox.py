"""E-imza sign-in without handing anyone a list of holders or a token to block (hardening round
three, row 7): the form lists only the tokens plugged into this browser (the sandbox token page
stands in for the USB token and the signing program), one client's wrong PINs are stopped
before they use up the token's 10, and a blocked token is unblocked by the 157 Call Centre with
its PUK, as seed 004 says."""
from __future__ import annotations

from core.auth.guess_limits import EIMZA
from core.auth.models import EimzaToken
from core.sandbox.accounts import NIGAR
from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import check_page
from tests.web.auth_support import plug_in_token, sign_in_with_token

SIGN_IN = "/daxil-ol/e-imza"


def failures(db, citizen) -> int:
    found = db.get(EimzaToken, f"TKN-{citizen.fin}").pin_failures
    db.rollback()
    return found


def test_a_visitor_is_shown_no_ones_certificate(client):
    page = check_page(client.get(SIGN_IN))
    for person in (AYSEL, RESHAD, NIGAR):
        assert person.fin not in page.text and person.full_name not in page.text
    assert "Kompüterə taxılmış token tapılmadı" in page.text
    assert "/sandbox/e-imza/" in page.text  # the sandbox says where to plug one in


def test_the_form_lists_only_the_tokens_plugged_into_this_browser(app, client):
    plug_in_token(client, AYSEL.fin)
    page = check_page(client.get(SIGN_IN))
    assert AYSEL.full_name in page.text and RESHAD.full_name not in page.text
    other = app.test_client()
    assert AYSEL.full_name not in check_page(other.get(SIGN_IN)).text


def test_a_certificate_not_plugged_in_is_refused_without_touching_its_token(client, db):
    page = check_page(client.submit(SIGN_IN, {"certificate": f"AZ-ICA-{RESHAD.fin}",
                                              "pin": "000000"}))
    assert "Tokeninizdəki sertifikatı seçin" in page.text
    assert failures(db, RESHAD) == 0


def test_one_client_guessing_pins_is_stopped_before_the_token_is_blocked(app, client, db):
    for _ in range(EIMZA.credential_client.max_failures):
        page = check_page(sign_in_with_token(client, RESHAD, pin="000000"))
        assert "PIN kod yanlışdır" in page.text
    stopped = check_page(sign_in_with_token(client, RESHAD))  # even the right PIN now
    assert "dəqiqə sonra yenidən cəhd edin" in stopped.text
    assert failures(db, RESHAD) == EIMZA.credential_client.max_failures
    own = app.test_client()  # Rəşad himself, elsewhere, signs in as always
    response = sign_in_with_token(own, RESHAD, environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert response.status_code == 303


def block(app, citizen) -> None:
    for n in range(10):
        sign_in_with_token(app.test_client(), citizen, pin="000000",
                           environ_base={"REMOTE_ADDR": f"203.0.113.{n + 1}"})


def enter_puk(client, citizen, puk):
    return client.submit(f"/sandbox/e-imza/{citizen.fin}/puk",
                         {"token": f"TKN-{citizen.fin}", "puk": puk},
                         form_url=f"/sandbox/e-imza/{citizen.fin}")


def test_the_157_call_centre_unblocks_a_blocked_token_with_its_puk(app, client):
    block(app, RESHAD)
    page = check_page(client.get(f"/sandbox/e-imza/{RESHAD.fin}"))
    assert "157 Çağrı Mərkəzi" in page.text and "puk" in page.ids
    wrong = check_page(client.get(enter_puk(client, RESHAD, "00000000").headers["Location"]))
    assert "PUK kod yanlışdır" in wrong.text and "Qalan cəhdlər: 2" in wrong.text
    right = check_page(client.get(enter_puk(client, RESHAD, RESHAD.token_puk).headers["Location"]))
    assert "blokdan çıxardı" in right.text
    assert sign_in_with_token(client, RESHAD, environ_base={"REMOTE_ADDR": "192.0.2.10"}
                              ).status_code == 303


def test_three_wrong_puks_end_the_token_until_a_new_one_is_issued(app, client):
    block(app, RESHAD)
    for puk in ("00000000", "00000001", "00000002"):
        enter_puk(client, RESHAD, puk)
    page = check_page(client.get(f"/sandbox/e-imza/{RESHAD.fin}"))
    assert "birdəfəlik bloka düşüb" in page.text
    client.submit(f"/sandbox/e-imza/{RESHAD.fin}/yeni-token", {"token": f"TKN-{RESHAD.fin}"},
                  form_url=f"/sandbox/e-imza/{RESHAD.fin}")
    assert sign_in_with_token(client, RESHAD, environ_base={"REMOTE_ADDR": "192.0.2.10"}
                              ).status_code == 303


def test_the_token_page_exists_only_for_a_fin_with_a_token(client):
    for fin in ("5ZX8K2p", "AAAAAAA", "%0A", "5ZX8K2P5"):
        assert client.get(f"/sandbox/e-imza/{fin}").status_code == 404
    response = client.submit(f"/sandbox/e-imza/{AYSEL.fin}/tax", {"token": f"TKN-{RESHAD.fin}"},
                             form_url=f"/sandbox/e-imza/{AYSEL.fin}")
    assert response.status_code == 404
