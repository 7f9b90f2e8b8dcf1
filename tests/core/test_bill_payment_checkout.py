"""Paying a debt by card through the shared payment service: one charge per payment however
often or concurrently it is submitted, and the debt falls by exactly what was really paid."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.bill_payment import billing
from core.bill_payment import checkout
from core.platform import usage
from core.bill_payment.systems import BAKTELEKOM, QAZ, TELEFON, Landline
from core.payments.cards import check_card
from core.kernel.db import transaction
from core.bill_payment.models import BillingAccount, BillingPosting
from core.payments.models import SandboxBankCharge
from core.payments.checkout import Checkout
from core.payments.service import PaymentService
from core.sandbox.bank import SandboxGateway
from core.sandbox.billing import sandbox_systems

LINE = Landline("12", "4212372")
MASTERCARD = check_card("5555 5555 5555 4444", "12", "2030", "123",
                        card_type="maestro_mastercard").card
DECLINED_VISA = check_card("4000 0000 0000 0002", "12", "2030", "123", card_type="visa").card


@pytest.fixture
def gateway(factory):
    return SandboxGateway(factory, delay_seconds=0.05)


@pytest.fixture
def service(factory, gateway):
    return Checkout(factory, PaymentService(factory, gateway))


def start(factory, key: str, amount: int, service_code=TELEFON, debt=250) -> str:
    with transaction(factory) as session:
        return billing.start_payment(session, key=key, line=LINE, service=service_code,
                                     amount=amount, debt_before=debt).reference


def balance(factory, service_code=TELEFON) -> int:
    with transaction(factory) as session:
        return session.execute(select(BillingAccount.balance).where(
            BillingAccount.number == LINE.number, BillingAccount.service == service_code,
        )).scalar_one()


def bank_charges(factory) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(SandboxBankCharge).where(
            SandboxBankCharge.approved.is_(True)))


def test_paying_2_50_for_the_telephone_with_the_demo_mastercard_leaves_0_00(factory, service):
    reference = start(factory, "draft:1", 250)
    result = checkout.pay_by_card(factory, sandbox_systems(factory), service, reference,
                                  MASTERCARD)
    assert result.status == "approved" and result.posted
    assert result.payment.card_brand == "mastercard" and result.payment.card_last4 == "4444"
    assert result.payment.gateway_reference.startswith("SBX")
    assert balance(factory) == 0 and bank_charges(factory) == 1


def test_a_double_submit_of_one_payment_charges_once_and_lowers_the_debt_once(factory,
                                                                             service, gateway):
    reference = start(factory, "draft:1", 250)
    systems = sandbox_systems(factory)
    barrier = threading.Barrier(8)

    def submit(_):
        barrier.wait()
        return checkout.pay_by_card(factory, systems, service, reference, MASTERCARD).status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(submit, range(8)))
    # A request that finds another one paying right now is told to wait, never charged again.
    assert set(statuses) <= {"approved", "pending"} and "approved" in statuses
    assert checkout.check_pending(factory, systems, service, reference).posted
    assert gateway.charge_count(checkout.subject_of(reference)) == 1
    assert balance(factory) == 0
    with transaction(factory) as session:
        assert usage.usage_count(session, billing.SERVICE_SLUG) == 1


def test_concurrent_payments_against_one_debt_each_count_exactly_once(factory, service):
    systems = sandbox_systems(factory)
    references = [start(factory, f"citizen-{i}:1", 50) for i in range(6)]
    barrier = threading.Barrier(len(references))

    def pay(reference):
        barrier.wait()
        return checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)

    with ThreadPoolExecutor(len(references)) as pool:
        results = list(pool.map(pay, references))
    assert all(r.status == "approved" and r.posted for r in results)
    # 2.50 owed, six payments of 0.50: the last 0.50 is an advance, none is lost or doubled.
    assert balance(factory) == 250 - 6 * 50
    assert bank_charges(factory) == 6
    with transaction(factory) as session:
        booked = session.execute(select(BillingPosting.amount)).scalars().all()
    assert sorted(booked) == [50] * 6
    assert sorted(r.payment.balance_after for r in results) == [-50, 0, 50, 100, 150, 200]
    with transaction(factory) as session:  # six completed payments, six uses of the service
        assert usage.usage_count(session, billing.SERVICE_SLUG) == 6


def test_a_declined_card_lowers_nothing_and_another_card_can_be_tried(factory, service):
    systems = sandbox_systems(factory)
    reference = start(factory, "draft:1", 1240, QAZ, 1240)
    declined = checkout.pay_by_card(factory, systems, service, reference, DECLINED_VISA)
    assert declined.status == "declined" and declined.decline_code == "declined"
    assert balance(factory, QAZ) == 1240 and declined.payment.status == billing.NEW
    approved = checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)
    assert approved.status == "approved" and balance(factory, QAZ) == 0
    assert bank_charges(factory) == 1


def test_submitting_again_after_success_charges_nothing_more(factory, service):
    systems = sandbox_systems(factory)
    reference = start(factory, "draft:1", 250)
    checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)
    again = checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)
    assert again.status == "approved" and bank_charges(factory) == 1 and balance(factory) == 0


def test_a_cancelled_payment_is_never_charged(factory, service):
    reference = start(factory, "draft:1", 250)
    with transaction(factory) as session:
        billing.cancel(session, reference)
    result = checkout.pay_by_card(factory, sandbox_systems(factory), service, reference,
                                  MASTERCARD)
    assert result.status == "cancelled" and bank_charges(factory) == 0 and balance(factory) == 250


def test_when_the_bank_answer_is_lost_the_payment_is_reconciled_not_repeated(factory):
    gateway = SandboxGateway(factory, delay_seconds=0, failure="timeout")
    service = Checkout(factory, PaymentService(factory, gateway))
    systems = sandbox_systems(factory)
    reference = start(factory, "draft:1", 250)
    result = checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)
    gateway.failure = None
    if result.status == "pending":
        result = checkout.check_pending(factory, systems, service, reference)
    assert result.status == "approved" and result.posted
    assert bank_charges(factory) == 1 and balance(factory) == 0


def test_a_payment_taken_while_the_provider_is_down_is_booked_by_the_retry_job(factory,
                                                                               service):
    systems = sandbox_systems(factory, down=frozenset({BAKTELEKOM}))
    reference = start(factory, "draft:1", 250)
    result = checkout.pay_by_card(factory, systems, service, reference, MASTERCARD)
    assert result.status == "approved" and not result.posted
    assert result.payment.status == billing.CHARGED and balance(factory) == 250
    assert checkout.post_outstanding(factory, systems) == (0, 1)
    systems[BAKTELEKOM].down = False
    assert checkout.post_outstanding(factory, systems) == (1, 0)
    assert balance(factory) == 0 and bank_charges(factory) == 1


def test_the_bank_is_never_shown_more_than_the_payment_description(factory, service):
    reference = start(factory, "draft:1", 250)
    checkout.pay_by_card(factory, sandbox_systems(factory), service, reference, MASTERCARD)
    with transaction(factory) as session:
        payment = billing.find(session, reference)
        assert checkout.description_of(payment) == "Baktelekom telefon, (12) 4212372, 2.50 AZN"



def test_a_second_submit_that_finds_the_payment_charged_goes_on_and_is_not_cancelled(
        factory, service, gateway):
    """The race a double submit can lose: it read the payment as new, then the other submit
    charged it before this one held it. It goes on (and is given the charge already made);
    it used to be told "cancelled". A payment the citizen did cancel is still refused."""
    reference = start(factory, "draft:1", 250)
    systems = sandbox_systems(factory)
    assert checkout.pay_by_card(factory, systems, service, reference, MASTERCARD).status == \
        "approved"
    assert checkout._hold(factory, reference) is None  # noqa: SLF001
    assert gateway.charge_count(checkout.subject_of(reference)) == 1
    cancelled = start(factory, "draft:2", 100)
    with transaction(factory) as session:
        assert billing.cancel(session, cancelled)
    assert checkout._hold(factory, cancelled) == checkout.CANCELLED  # noqa: SLF001
