"""Sign-out makes the browser forget the citizen (finding 8 of the hardening probe): the next
person at the same browser sees an empty form, not her draft with her FİN, and her receipt
is no longer theirs to open."""
from __future__ import annotations

from core.sandbox.citizens import AYSEL
from tests.web.auth_support import sign_in_with_password
from tests.web.device_registration_support import BASE, check, register


def _sign_out(client):
    assert client.submit("/cixis", {}).status_code == 303


def test_after_sign_out_the_device_service_opens_an_empty_form(client):
    assert sign_in_with_password(client, AYSEL).status_code == 303
    assert check(client, "353325111234567").status_code == 302
    assert f'value="{AYSEL.fin}"' in client.get(f"{BASE}/").get_data(as_text=True)  # her draft
    _sign_out(client)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert f'value="{AYSEL.fin}"' not in page and 'value="353325111234567"' not in page
    assert client.get(f"{BASE}/melumatlar").status_code == 302  # no draft to go on with


def test_after_sign_out_her_receipt_is_not_found(client):
    assert sign_in_with_password(client, AYSEL).status_code == 303
    paid = register(client)
    assert paid.status_code == 302
    receipt_url = paid.headers["Location"]
    assert client.get(receipt_url).status_code == 200
    _sign_out(client)
    assert client.get(receipt_url).status_code == 404


def test_the_language_chosen_survives_sign_out(client):
    sign_in_with_password(client, AYSEL)
    client.get("/dil/en?next=/")
    _sign_out(client)
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
