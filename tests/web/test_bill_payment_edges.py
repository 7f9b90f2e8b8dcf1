"""The bill payment journey at its edges: any input gets a page (never a 5xx), the bank's
answer arrives late, the provider is down when the bank has already taken the money."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from core.bill_payment import billing
from core.platform import job_queue
from core.bill_payment.systems import BAKTELEKOM
from core.kernel.db import transaction, utcnow
from core.bill_payment.models import BillingAccount
from core.payments.models import Payment
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.test_bill_payment import START, amount_and_card, choose, enter_line

FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=40)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BILLING_DELAY_SECONDS": 0}


@FUZZ
@given(city=text, number=text)
def test_any_city_and_number_get_a_page_never_a_server_error(client, city, number):
    response = client.submit(START, {"city": city, "number": number})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        check_page(response)


@FUZZ
@given(amount=text, card_type=text)
def test_any_amount_and_card_type_get_a_page_never_a_server_error(client, amount, card_type):
    if client.get("/rabite-ve-kommunal-odenisler/mebleg").status_code != 200:
        enter_line(client)
        choose(client)
    response = amount_and_card(client, amount=amount, card_type=card_type)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
        assert "Xəta:" in response.get_data(as_text=True)


@FUZZ
@given(service=text)
def test_any_service_chosen_on_the_debts_page_gets_a_page(client, service):
    if client.get("/rabite-ve-kommunal-odenisler/borclar").status_code != 200:
        enter_line(client)
    response = choose(client, service)
    assert response.status_code in (200, 302)


def confirmed(client) -> str:
    enter_line(client)
    choose(client)
    amount_and_card(client)
    client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    return "/rabite-ve-kommunal-odenisler/kart"


def card(client, url):
    return client.submit(url, {"number": "5555 5555 5555 4444", "exp_month": "12",
                               "exp_year": "2030", "cvv": "123"})


def test_while_another_request_is_paying_the_citizen_is_told_to_wait_not_charged_again(
        client, app):
    url = confirmed(client)
    factory = app.extensions["egov_db"].session_factory
    with transaction(factory) as session:
        reference = session.query(billing.BillPayment).one().reference
        subject = f"{billing.SERVICE_SLUG}:{reference}"
        now = utcnow()
        session.add(Payment(idempotency_key=f"{subject}#1", subject=subject, attempt=1,
                            service_slug=billing.SERVICE_SLUG, description="in flight",
                            amount_qepik=250, brand="visa", last4="1111", status="processing",
                            created_at=now, updated_at=now))
    response = card(client, url)
    assert response.location.endswith("/yoxlanilir")
    page = client.get(response.location)
    check_page(page, budget_kb=LATER_STEP_BUDGET_KB)
    html = page.get_data(as_text=True)
    assert "Ödənişiniz yoxlanılır" in html and "iki dəfə tutulmayacaq" in html
    assert app.extensions["payments"].gateway.charge_count() == 0


def test_money_taken_while_the_provider_is_down_is_booked_by_the_queue_later(client, app):
    url = confirmed(client)
    baktelekom = app.extensions["bill_payment"].systems[BAKTELEKOM]
    baktelekom.down = True
    try:
        paid = card(client, url)
        html = client.get(paid.location).get_data(as_text=True)
        assert "Baktelekom ödənişi hələ qeydə almayıb" in html and "itməyəcək" in html
        job_queue.drain()  # the provider is still down: the job fails and waits for its retry
    finally:
        baktelekom.down = False
    job_queue.drain(now=utcnow() + timedelta(hours=1))
    factory = app.extensions["egov_db"].session_factory
    with transaction(factory) as session:
        assert session.query(billing.BillPayment).one().status == billing.POSTED
        balance = session.query(BillingAccount.balance).filter_by(
            number="4212372", service="telefon").scalar()
    assert balance == 0
    assert "0.00 AZN" in client.get(paid.location).get_data(as_text=True)


def test_a_late_decline_is_told_on_the_card_step(client):
    url = confirmed(client)
    response = client.get(url + "?cavab=declined&kod=insufficient_funds")
    check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    assert "Kartda kifayət qədər vəsait yoxdur" in response.get_data(as_text=True)
