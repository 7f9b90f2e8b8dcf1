"""The one checkout every paying service uses: charge an order at most once, settle a lost
answer the same way, and run the service's "on approved" step once the money is taken.

    from core.payments.checkout import Checkout, Order, on_approved

    @on_approved("my-service-slug")          # also run by the settling job, after a lost answer
    def finish(factory, payment): ...        # receipt, application…; must be idempotent

    order = Order("my-service-slug", key=draft.id, description="…", amount_qepik=3000)
    outcome = checkout.pay(order, card, before_charge=reserve)   # reserve: a refusal or None
    outcome.status   # approved | declined | pending | unavailable | refused
    outcome.finished # what the on-approved step returned (approved only)

    outcome = checkout.settle(order.subject) # the "checking your payment" page: never charges

A "pending" outcome schedules the settling job (settle_later), so a citizen who closes the
browser while the bank is slow still gets what they paid for. The card lives only in `pay`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.orm import Session, sessionmaker

from core.payments.cards import CardDetails
from core.payments.models import Payment
from core.payments.service import APPROVED, PENDING, PaymentOutcome, PaymentService

REFUSED = "refused"  # the service refused before any bank was asked (before_charge)

OnApproved = Callable[[sessionmaker[Session], Payment], Any]
_handlers: dict[str, OnApproved] = {}


def on_approved(service_slug: str):
    """Register the service's step for an approved payment (a decorator)."""
    def register(handler: OnApproved) -> OnApproved:
        _handlers[service_slug] = handler
        return handler
    return register


def finish(factory: sessionmaker[Session], payment: Payment) -> Any:
    """Run the on-approved step of the payment's service (if it has one)."""
    handler = _handlers.get(payment.service_slug)
    return handler(factory, payment) if handler is not None else None


def subject_of(service_slug: str, key: str) -> str:
    return f"{service_slug}:{key}"


def key_of(service_slug: str, subject: str) -> str | None:
    prefix = f"{service_slug}:"
    return subject[len(prefix):] if subject.startswith(prefix) else None


@dataclass(frozen=True)
class Order:
    service_slug: str
    key: str  # the service's own reference: a draft id, a bill payment reference
    description: str
    amount_qepik: int

    @property
    def subject(self) -> str:
        """What is charged at most once."""
        return subject_of(self.service_slug, self.key)


@dataclass(frozen=True)
class CheckoutOutcome:
    status: str  # approved | declined | pending | unavailable | refused
    payment: Payment | None = None
    finished: Any = None
    refusal: str | None = None

    @property
    def decline_code(self) -> str | None:
        return self.payment.decline_code if self.payment is not None else None


class Checkout:
    def __init__(self, session_factory: sessionmaker[Session], payments: PaymentService, *,
                 settle_later: Callable[[int], None] | None = None,
                 record_outcome: Callable[[str, str], None] | None = None):
        """record_outcome(service_slug, status) is told the outcome of every `pay` (metrics)."""
        self._factory = session_factory
        self.payments = payments
        self._settle_later = settle_later
        self._record_outcome = record_outcome or (lambda service_slug, status: None)

    def pay(self, order: Order, card: CardDetails, *,
            before_charge: Callable[[], str | None] | None = None,
            on_approved: OnApproved | None = None) -> CheckoutOutcome:
        outcome = self._pay(order, card, before_charge, on_approved)
        self._record_outcome(order.service_slug, outcome.status)
        return outcome

    def _pay(self, order: Order, card: CardDetails, before_charge, on_approved) -> CheckoutOutcome:
        paid = self.payments.approved(order.subject)
        if paid is not None:  # a refresh or a replayed form after the payment: never again
            return self._finished(paid, on_approved)
        if before_charge is not None:
            refusal = before_charge()
            if refusal is not None:
                return CheckoutOutcome(REFUSED, refusal=refusal)
        outcome = self.payments.pay(subject=order.subject, service_slug=order.service_slug,
                                    description=order.description,
                                    amount_qepik=order.amount_qepik, card=card)
        return self._after(outcome, on_approved)

    def settle(self, subject: str, *, on_approved: OnApproved | None = None) -> CheckoutOutcome:
        """Ask what became of the subject's charge; never starts one."""
        return self._after(self.payments.reconcile_subject(subject), on_approved)

    def approved(self, subject: str) -> Payment | None:
        return self.payments.approved(subject)

    def current(self, subject: str) -> Payment | None:
        return self.payments.current(subject)

    def _after(self, outcome: PaymentOutcome, on_approved: OnApproved | None) -> CheckoutOutcome:
        if outcome.status == APPROVED:
            return self._finished(outcome.payment, on_approved)
        if outcome.status == PENDING and outcome.payment is not None and self._settle_later:
            self._settle_later(outcome.payment.id)
        return CheckoutOutcome(outcome.status, outcome.payment)

    def _finished(self, payment: Payment, on_approved: OnApproved | None) -> CheckoutOutcome:
        step = on_approved or (lambda factory, paid: finish(factory, paid))
        return CheckoutOutcome(APPROVED, payment, finished=step(self._factory, payment))
