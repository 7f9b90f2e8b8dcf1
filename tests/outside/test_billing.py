"""The four billing systems over HTTP against the sandbox service in this process
(contracts/billing.yaml): a payment is booked once however its answers are lost, an unknown
account is a definite no asked once, and a provider that is down answers at once."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from core.bill_payment import billing
from core.bill_payment.http_systems import HttpBillingSystem, http_systems
from core.bill_payment.models import BillingAccount, BillingPosting, BillPayment
from core.bill_payment.systems import (
    AZERIQAZ, BAKTELEKOM, CARI, QAZ, TELEFON, Landline, ProviderUnavailable, UnknownAccount,
)
from core.kernel import db
from core.platform.outside import CircuitBreaker, OutsideSystem, current_request_id
from core.platform.settings import Settings
from core.sandbox.billing import ACCOUNTS
from sandbox_service import create_app
from tests.outside.support import CountingTransport

AYSEL_LINE = Landline("12", "4212372")
RESHAD_LINE = Landline("18", "6541234")
GAS_DOWN_LINE = Landline("22", "2554411")
NOBODY_LINE = Landline("12", "9999999")


def make_sandbox(tmp_path, **settings):
    settings.setdefault("billing_delay_seconds", 0)
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}", **settings))


@pytest.fixture
def sandbox(tmp_path):
    return make_sandbox(tmp_path)


@pytest.fixture
def transport(sandbox):
    return CountingTransport(sandbox)


def systems_on(transport, **client) -> dict[str, HttpBillingSystem]:
    return http_systems(OutsideSystem("billing", "http://sandbox/billing",
                                              transport=transport, sleep=lambda s: None,
                                              **client))


def fault(sandbox, **switch):
    assert sandbox.test_client().post("/faults/billing", json=switch).status_code == 200


def ledger(sandbox, line: Landline, service: str) -> tuple[int, int]:
    """The provider's balance of the account and how many payments it has booked on it."""
    with db.transaction(sandbox.extensions["sandbox_db"]) as session:
        account = session.execute(select(BillingAccount).filter_by(
            city_code=line.city_code, number=line.number, service=service)).scalar_one()
        booked = session.execute(select(func.count()).select_from(BillingPosting).filter_by(
            account_id=account.id)).scalar_one()
        return account.balance, booked


def test_the_balances_over_http_are_the_demo_ledger(transport):
    systems = systems_on(transport)
    for city_code, number, _holder, balances, faulty in ACCOUNTS:
        line = Landline(city_code, number)
        statement = billing.statement(systems, line)
        assert {item.service: item.balance for item in statement.items} == {
            service: None if service in faulty else amount
            for service, amount in balances.items()}
    assert billing.statement(systems, NOBODY_LINE).known is False


def test_a_payment_whose_answer_is_lost_is_posted_again_and_booked_once(sandbox, transport):
    fault(sandbox, mode="lost", count=1)
    posted = systems_on(transport)[BAKTELEKOM].post_payment(AYSEL_LINE, TELEFON, 100, "REF1")
    assert transport.calls[("POST", "/billing/baktelekom/payments")] == 2
    assert posted.balance_after == 150
    assert ledger(sandbox, AYSEL_LINE, TELEFON) == (150, 1)


def test_when_every_answer_is_lost_the_booking_is_found_by_its_reference(sandbox, transport):
    fault(sandbox, mode="lost", count=3)  # the first post and both retries
    posted = systems_on(transport)[BAKTELEKOM].post_payment(AYSEL_LINE, TELEFON, 250, "REF2")
    assert transport.calls[("POST", "/billing/baktelekom/payments")] == 3
    assert transport.calls[("GET", "/billing/baktelekom/payments/REF2")] == 1
    assert (posted.reference, posted.balance_after) == ("REF2", 0)
    assert ledger(sandbox, AYSEL_LINE, TELEFON) == (0, 1)


def test_a_provider_failing_with_500_is_retried_and_books_once(sandbox, transport):
    fault(sandbox, mode="error", count=2)
    systems = systems_on(transport)
    first = systems[AZERIQAZ].post_payment(AYSEL_LINE, QAZ, 240, "REF3")
    assert systems[AZERIQAZ].post_payment(AYSEL_LINE, QAZ, 240, "REF3") == first
    assert ledger(sandbox, AYSEL_LINE, QAZ) == (1000, 1)


def test_a_charged_payment_is_posted_through_the_http_adapter(sandbox, transport, database_url):
    engine = db.make_engine(database_url)
    factory = db.make_session_factory(engine)
    try:
        with db.transaction(factory) as session:
            payment = billing.start_payment(session, key="http:1", line=RESHAD_LINE,
                                            service=CARI, amount=315, debt_before=315)
            billing.record_charge(session, payment.reference, gateway_reference="GW-HTTP1",
                                  card_brand="visa", card_last4="1111")
            reference = payment.reference
        fault(sandbox, mode="lost", count=1)
        systems = systems_on(transport)
        assert billing.post(factory, systems, reference).status == billing.POSTED
        assert billing.post(factory, systems, reference).status == billing.POSTED
        with db.transaction(factory) as session:
            assert session.execute(select(BillPayment.balance_after).filter_by(
                reference=reference)).scalar_one() == 0
    finally:
        engine.dispose()
    assert ledger(sandbox, RESHAD_LINE, CARI) == (0, 1)


def test_an_unknown_account_is_a_definite_no_asked_once(transport):
    with pytest.raises(UnknownAccount):
        systems_on(transport)[BAKTELEKOM].post_payment(NOBODY_LINE, TELEFON, 100, "REF4")
    assert transport.calls[("POST", "/billing/baktelekom/payments")] == 1


def test_a_provider_that_is_down_answers_at_once_and_books_nothing(tmp_path):
    sandbox = make_sandbox(tmp_path, billing_down="azeriqaz")
    systems = systems_on(CountingTransport(sandbox))
    for _ in range(2):  # three attempts each: the fifth failure opens Azəriqaz's circuit
        started = time.perf_counter()
        with pytest.raises(ProviderUnavailable):
            systems[AZERIQAZ].post_payment(AYSEL_LINE, QAZ, 100, "REF5")
        assert time.perf_counter() - started < 1.0
    assert systems[AZERIQAZ].system.breaker.is_open
    assert not systems[BAKTELEKOM].system.breaker.is_open
    statement = billing.statement(systems, AYSEL_LINE)
    assert statement.unavailable_providers == (AZERIQAZ,)
    assert statement.item(TELEFON).balance == 250  # Baktelekom's circuit is its own
    assert ledger(sandbox, AYSEL_LINE, QAZ) == (1240, 0)


def test_the_line_whose_gas_provider_does_not_answer_still_does_not(transport):
    with pytest.raises(ProviderUnavailable):
        systems_on(transport)[AZERIQAZ].balances(GAS_DOWN_LINE)


def test_with_its_circuit_open_a_provider_answers_at_once_without_a_call(sandbox, transport):
    systems = systems_on(transport, breaker=None)
    azeriqaz = HttpBillingSystem(AZERIQAZ, OutsideSystem(
        "billing", "http://sandbox/billing", transport=transport, sleep=lambda s: None,
        breaker=CircuitBreaker(failures_to_open=3, open_seconds=60)))
    fault(sandbox, mode="down")
    with pytest.raises(ProviderUnavailable):
        azeriqaz.balances(AYSEL_LINE)
    fault(sandbox, mode="slow", seconds=5)
    calls = sum(transport.calls.values())
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable, match="circuit open"):
        azeriqaz.post_payment(AYSEL_LINE, QAZ, 100, "REF6")
    assert time.perf_counter() - started < 1.0
    assert sum(transport.calls.values()) == calls
    sandbox.test_client().delete("/faults/billing")
    assert systems[BAKTELEKOM].balances(AYSEL_LINE)[TELEFON] == 250


def test_a_booking_carries_its_reference_as_the_key_and_the_portal_requests_id(transport):
    token = current_request_id.set("req-42")
    try:
        systems_on(transport)[BAKTELEKOM].post_payment(AYSEL_LINE, TELEFON, 50, "REF7")
    finally:
        current_request_id.reset(token)
    sent = transport.headers[-1]
    assert (sent["Idempotency-Key"], sent["X-Request-ID"]) == ("REF7", "req-42")


def test_the_sandbox_providers_answer_as_slowly_as_billing_delay_seconds(tmp_path):
    slow = make_sandbox(tmp_path, billing_delay_seconds=0.2)
    started = time.perf_counter()
    assert systems_on(CountingTransport(slow))[AZERIQAZ].balances(AYSEL_LINE) == {QAZ: 1240}
    assert time.perf_counter() - started >= 0.2
