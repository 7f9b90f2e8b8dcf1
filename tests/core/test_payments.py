import logging
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.kernel import db
from core.payments.cards import check_card
from core.payments.models import Payment, SandboxBankCharge
from core.payments.service import (APPROVED, DECLINED, PENDING, UNAVAILABLE, GatewayTimeout,
                           PaymentService)
from core.sandbox.bank import SandboxGateway


@pytest.fixture
def gateway(factory):
    return SandboxGateway(factory, delay_seconds=0)


@pytest.fixture
def service(factory, gateway, clock):
    return PaymentService(factory, gateway, clock=clock)


def card(number="4111111111111111", card_type="visa", cvv="123"):
    result = check_card(number, "12", str(date.today().year + 3), cvv, card_type=card_type)
    assert result.ok, result.errors
    return result.card


def pay(service, subject="test:draft-1", number="4111111111111111", card_type="visa",
        amount=3000):
    return service.pay(subject=subject, service_slug="test", description="Test payment",
                       amount_qepik=amount, card=card(number, card_type))


def test_an_approved_test_card_is_charged_once_and_only_brand_and_last_four_are_kept(
        service, gateway, factory):
    outcome = pay(service)
    assert outcome.status == APPROVED and outcome.charged_now
    assert outcome.payment.brand == "visa" and outcome.payment.last4 == "1111"
    assert outcome.payment.gateway_reference.startswith("SBX")
    assert outcome.payment.amount_qepik == 3000
    assert gateway.charge_count() == 1


@pytest.mark.parametrize("number, code", [("4000000000000002", "declined"),
                                          ("4000000000009995", "insufficient_funds")])
def test_declining_test_cards_are_declined_with_their_reason(service, gateway, number, code):
    outcome = pay(service, number=number)
    assert outcome.status == DECLINED and outcome.decline_code == code
    assert gateway.charge_count() == 0


def test_after_a_decline_another_card_can_be_tried_as_a_new_attempt(service, gateway):
    assert pay(service, number="4000000000000002").status == DECLINED
    outcome = pay(service, number="5555555555554444", card_type="maestro_mastercard")
    assert outcome.status == APPROVED and outcome.payment.attempt == 2
    assert outcome.payment.idempotency_key == "test:draft-1#2"
    assert gateway.charge_count() == 1


def test_replaying_the_payment_after_approval_never_charges_again(service, gateway):
    first = pay(service)
    for _ in range(5):
        again = pay(service, number="5555555555554444", card_type="maestro_mastercard")
        assert again.status == APPROVED and not again.charged_now
        assert again.payment.id == first.payment.id
    assert gateway.charge_count() == 1


def test_a_double_submit_at_the_same_moment_charges_exactly_once(factory):
    gateway = SandboxGateway(factory, delay_seconds=0.3)
    service = PaymentService(factory, gateway)
    outcomes, barrier = [], threading.Barrier(6)

    def submit():
        barrier.wait()
        outcomes.append(pay(service).status)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gateway.charge_count() == 1
    assert outcomes.count(APPROVED) >= 1
    assert set(outcomes) <= {APPROVED, PENDING}
    assert service.reconcile_subject("test:draft-1").status == APPROVED


def test_a_lost_bank_answer_is_reconciled_to_the_charge_the_bank_made(service, gateway):
    gateway.failure = "timeout"
    outcome = pay(service)
    assert outcome.status == APPROVED and outcome.payment.gateway_reference
    gateway.failure = None
    assert pay(service).status == APPROVED
    assert gateway.charge_count() == 1


def test_a_timeout_while_the_bank_is_unreachable_stays_pending_then_settles(service, gateway):
    gateway.failure = "timeout"
    original_lookup = gateway.lookup

    def unreachable(order_id):
        raise GatewayTimeout("still down")

    gateway.lookup = unreachable
    outcome = pay(service)
    assert outcome.status == PENDING
    assert pay(service).status == PENDING  # a retry while unknown does not charge again
    gateway.lookup = original_lookup
    gateway.failure = None
    assert service.reconcile_subject("test:draft-1").status == APPROVED
    assert pay(service).status == APPROVED
    assert gateway.charge_count() == 1


def test_a_request_lost_before_the_bank_lets_the_citizen_try_again(service, gateway):
    gateway.failure = "lost"
    assert pay(service).status == UNAVAILABLE
    gateway.failure = None
    outcome = pay(service)
    assert outcome.status == APPROVED and outcome.payment.attempt == 2
    assert gateway.charge_count() == 1


def test_a_bank_that_is_down_charges_nothing_and_says_so(service, gateway):
    gateway.failure = "down"
    outcome = pay(service)
    assert outcome.status == UNAVAILABLE and outcome.decline_code == "gateway_unavailable"
    assert gateway.charge_count() == 0


def test_a_missing_charge_is_only_given_up_after_the_gateways_settle_window(
        factory, clock):
    gateway = SandboxGateway(factory, delay_seconds=0, failure="lost")
    gateway.settle_window = timedelta(minutes=5)
    service = PaymentService(factory, gateway, clock=clock)
    assert pay(service).status == PENDING
    clock.now += timedelta(minutes=4)
    assert service.reconcile_subject("test:draft-1").status == PENDING
    clock.now += timedelta(minutes=2)
    assert service.reconcile_subject("test:draft-1").status == UNAVAILABLE


def test_a_payment_left_processing_by_a_crash_is_reconciled_once_stale(service, gateway,
                                                                       factory, clock):
    with db.transaction(factory) as session:
        session.add(Payment(idempotency_key="test:draft-1#1", subject="test:draft-1",
                            attempt=1, service_slug="test", description="x",
                            amount_qepik=3000, brand="visa", last4="1111",
                            status="processing", created_at=clock.now, updated_at=clock.now))
    assert pay(service).status == PENDING
    clock.now += timedelta(minutes=2)
    assert service.unsettled_ids()
    assert pay(service).status == UNAVAILABLE  # the bank never saw it: settled as failed
    assert pay(service).status == APPROVED
    assert gateway.charge_count() == 1


def test_the_card_number_and_cvv_reach_neither_the_database_nor_the_logs(
        service, factory, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    pay(service, number="4000000000000002")
    pay(service, number="5555555555554444", card_type="maestro_mastercard")
    with db.transaction(factory) as session:
        assert session.query(SandboxBankCharge).count() == 2
        for table in db.Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                assert not any("5555555555554444" in str(v) or "4000000000000002" in str(v)
                               for v in row), (table.name, row)
    factory.kw["bind"].dispose()
    if database_url.startswith("sqlite:///"):  # and not in the file's free pages either
        path = Path(database_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for secret in (b"4000000000000002", b"5555555555554444", b"555555555555"):
            assert secret not in raw
    assert "5555555555554444" not in caplog.text and "4000000000000002" not in caplog.text


def test_an_amount_of_zero_is_never_sent_to_the_bank(service):
    with pytest.raises(ValueError):
        pay(service, amount=0)
