"""İmtina et pressed while the card step is asking the bank (finding 5 of the hardening
probe): cancelling is a conditional write that loses to the charge under way, and the
citizen is told so, never "cancelled, nothing charged" after a charge."""
from __future__ import annotations

import threading
import time

import pytest

from core.bill_payment import billing
from core.kernel.db import transaction
from tests.conftest import csrf_token
from tests.web.test_bill_payment_edges import confirmed

BASE = "/rabite-ve-kommunal-odenisler"
CARD = {"number": "5555 5555 5555 4444", "exp_month": "12", "exp_year": "2030", "cvv": "123"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "GATEWAY_DELAY_SECONDS": 1.0}


def _same_browser(app, client):
    other = app.test_client()
    other.set_cookie("egov_session", client.get_cookie("egov_session").value)
    return other


def test_cancelling_while_the_bank_is_asked_is_refused_and_says_so(app, client):
    card_url = confirmed(client)
    card_token = csrf_token(client.get(card_url).get_data(as_text=True))
    cancel_token = csrf_token(client.get(f"{BASE}/tesdiq").get_data(as_text=True))
    second_tab = _same_browser(app, client)
    answers = {}

    def pay():
        answers["card"] = client.post(card_url, data={**CARD, "csrf_token": card_token})

    paying = threading.Thread(target=pay)
    paying.start()
    time.sleep(0.3)
    cancelled = second_tab.post(f"{BASE}/tesdiq", data={"action": "cancel",
                                                        "csrf_token": cancel_token})
    paying.join(10)

    assert app.extensions["payments"].gateway.charge_count() == 1  # the bank took it
    assert "/borclar" not in cancelled.location
    told = second_tab.get(cancelled.location, follow_redirects=True).get_data(as_text=True)
    assert "İmtina etmək mümkün olmadı" in told
    assert "heç bir məbləğ tutulmayıb" not in told
    debts = second_tab.get(f"{BASE}/borclar").get_data(as_text=True)
    assert "Ödəniş ləğv edildi" not in debts
    factory = app.extensions["egov_db"].session_factory
    with transaction(factory) as session:
        payment = session.query(billing.BillPayment).one()
        assert payment.status in (billing.CHARGED, billing.POSTED)


def test_cancelling_before_the_card_step_still_charges_nothing(app, client):
    card_url = confirmed(client)
    card_token = csrf_token(client.get(card_url).get_data(as_text=True))
    response = client.submit(f"{BASE}/tesdiq", {"action": "cancel"})
    assert response.location.endswith("/borclar")
    client.post(card_url, data={**CARD, "csrf_token": card_token})
    assert app.extensions["payments"].gateway.charge_count() == 0
