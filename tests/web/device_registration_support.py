"""Steps of the device registration journey as a test client takes them."""
from __future__ import annotations

from datetime import date

from core.platform.security_code import SANDBOX_TEST_CODE
from tests.conftest import csrf_token

BASE = "/mobil-cihazlarin-qeydiyyati"
AYSEL = {"id_card_number": "AZE12345678", "fin": "5ZX8K2P"}
FUTURE_YEAR = str(date.today().year + 3)


def check(client, imei="353325111234567", code=SANDBOX_TEST_CODE, **person):
    data = {**AYSEL, **person, "imei": imei, "security_code": code}
    return client.submit(f"{BASE}/", data)


def details(client, operator="50", subscriber="1234567", card_type="visa"):
    return client.submit(f"{BASE}/melumatlar",
                         {"operator": operator, "subscriber": subscriber, "card_type": card_type})


def card_form_token(client) -> str:
    return csrf_token(client.get(f"{BASE}/odenis").get_data(as_text=True))


def pay(client, number="4111 1111 1111 1111", month="12", year=FUTURE_YEAR, cvv="123",
        token=None):
    data = {"number": number, "exp_month": month, "exp_year": year, "cvv": cvv,
            "csrf_token": token or card_form_token(client)}
    return client.post(f"{BASE}/odenis", data=data)


def register(client, imei="353325111234567", card_type="visa", number="4111 1111 1111 1111"):
    """Steps 1–3 with demo values; returns the card step's response."""
    assert check(client, imei).status_code == 302
    assert details(client, card_type=card_type).status_code == 302
    return pay(client, number=number)
