"""Paying one bill payment by card: the shared payment service charges, billing books it.

    result = pay_by_card(factory, systems, payments, reference, check.card)
    result.status  # approved | declined | pending | unavailable | cancelled

The payment service (core.payments.service) charges a subject at most once, so a double click, a
refresh or concurrent requests for one BillPayment move money once; the BillPayment's
conditional transitions and the provider's booking by reference lower the debt once. When
the provider is down after the bank took the money, the payment stays "charged" and
`post_outstanding` (run by the job queue) books it later: the money is never lost."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.bill_payment import billing
from core.payments import checkout as card_checkout
from core.payments.service import APPROVED, DECLINED, UNAVAILABLE
from core.platform import usage
from core.bill_payment.systems import PROVIDER_NAMES, BillingSystem, ProviderUnavailable
from core.payments.cards import CardDetails
from core.kernel.db import transaction
from core.bill_payment.models import BillPayment
from core.payments.models import Payment
from core.kernel.money import format_amount

CANCELLED = "cancelled"


@dataclass(frozen=True)
class CheckoutResult:
    status: str  # approved | declined | pending | unavailable | cancelled
    payment: BillPayment
    decline_code: str | None = None

    @property
    def posted(self) -> bool:
        return self.payment.status == billing.POSTED


def subject_of(reference: str) -> str:
    """What the checkout charges at most once."""
    return card_checkout.subject_of(billing.SERVICE_SLUG, reference)


def order_of(payment: BillPayment) -> card_checkout.Order:
    return card_checkout.Order(billing.SERVICE_SLUG, payment.reference, description_of(payment),
                               payment.amount)


def description_of(payment: BillPayment) -> str:
    return (f"{PROVIDER_NAMES[payment.provider]} {payment.service}, "
            f"({payment.city_code}) {payment.number}, {format_amount(payment.amount)} AZN")


def pay_by_card(session_factory: sessionmaker[Session], systems: Mapping[str, BillingSystem],
                checkout: card_checkout.Checkout, reference: str,
                card: CardDetails) -> CheckoutResult:
    with transaction(session_factory) as session:
        payment = _get(session, reference)
    if payment.status == billing.CANCELLED:
        return CheckoutResult(CANCELLED, payment)
    if payment.status in (billing.CHARGED, billing.POSTED):
        return _book(session_factory, systems, reference)  # paid already: never again
    outcome = checkout.pay(order_of(payment), card,
                           before_charge=lambda: _hold(session_factory, reference),
                           on_approved=_approved_step(systems, reference))
    if outcome.status == card_checkout.REFUSED:  # cancelled before the bank was asked
        with transaction(session_factory) as session:
            return CheckoutResult(CANCELLED, _get(session, reference))
    if outcome.status in (DECLINED, UNAVAILABLE):
        with transaction(session_factory) as session:
            billing.release_hold(session, reference)
    return _after(session_factory, reference, outcome)


def _hold(session_factory: sessionmaker[Session], reference: str) -> str | None:
    """None to go on to the bank; CANCELLED if the citizen cancelled first. A payment that a
    second submit of the same form charged meanwhile goes on too: the payment service gives
    that charge back instead of making another (it was wrongly answered "cancelled")."""
    with transaction(session_factory) as session:
        if billing.hold_for_charge(session, reference):
            return None
        status = _get(session, reference).status
        return None if status in (billing.CHARGED, billing.POSTED) else CANCELLED


def check_pending(session_factory: sessionmaker[Session], systems: Mapping[str, BillingSystem],
                  checkout: card_checkout.Checkout, reference: str) -> CheckoutResult:
    """For a "checking your payment" page: ask what became of a charge whose answer was lost."""
    with transaction(session_factory) as session:
        payment = _get(session, reference)
    if payment.status in (billing.CHARGED, billing.POSTED):
        return _book(session_factory, systems, reference)
    outcome = checkout.settle(subject_of(reference),
                              on_approved=_approved_step(systems, reference))
    return _after(session_factory, reference, outcome)


def _approved_step(systems: Mapping[str, BillingSystem], reference: str):
    return lambda factory, charge: apply_approved(factory, systems, reference, charge)


def apply_approved(session_factory: sessionmaker[Session], systems: Mapping[str, BillingSystem],
                   reference: str, charge: Payment) -> CheckoutResult:
    """The bank approved `charge` for this bill payment: note it and book it. Idempotent, so
    the request and the background settling job may both call it."""
    with transaction(session_factory) as session:
        if billing.record_charge(session, reference, gateway_reference=charge.gateway_reference,
                                 card_brand=charge.brand, card_last4=charge.last4):
            # Counted in the same transaction as the charge: once per payment, however many
            # requests saw the approval.
            usage.record_completion(session, billing.SERVICE_SLUG)
    return _book(session_factory, systems, reference)


def reference_of(subject: str) -> str | None:
    return card_checkout.key_of(billing.SERVICE_SLUG, subject)


def _after(session_factory, reference: str,
           outcome: card_checkout.CheckoutOutcome) -> CheckoutResult:
    if outcome.status == APPROVED:
        return outcome.finished  # apply_approved's result
    with transaction(session_factory) as session:
        payment = _get(session, reference)
    return CheckoutResult(outcome.status, payment, outcome.decline_code)


def _book(session_factory, systems, reference: str) -> CheckoutResult:
    try:
        payment = billing.post(session_factory, systems, reference)
    except ProviderUnavailable:
        with transaction(session_factory) as session:
            payment = _get(session, reference)
    return CheckoutResult(APPROVED, payment)


def _get(session: Session, reference: str) -> BillPayment:
    payment = billing.find(session, reference)
    if payment is None:
        raise LookupError(reference)
    return payment


def outstanding(session: Session, limit: int = 100) -> list[str]:
    """Payments the bank took that no provider has booked yet."""
    return list(session.execute(
        select(BillPayment.reference).where(BillPayment.status == billing.CHARGED)
        .order_by(BillPayment.id).limit(limit)
    ).scalars())


def post_outstanding(session_factory: sessionmaker[Session],
                     systems: Mapping[str, BillingSystem]) -> tuple[int, int]:
    """Book every charged payment whose provider is back. Returns (booked, still waiting)."""
    with transaction(session_factory) as session:
        references = outstanding(session)
    booked = 0
    for reference in references:
        try:
            billing.post(session_factory, systems, reference)
            booked += 1
        except ProviderUnavailable:
            continue
    return booked, len(references) - booked
