"""Card payments: the gateway port and an idempotent payment service (the sandbox bank is
core.sandbox.bank).

How a paying service uses it (the card step's POST handler):

    from core.payments.cards import check_card
    from core.payments.service import PaymentService

    check = check_card(number, month, year, cvv, card_type=draft["card_type"])
    if not check.ok: ...show check.errors at the fields...
    outcome = payments.pay(                      # payments: a PaymentService
        subject=f"{service_slug}:{draft.id}",    # what is being paid for, once
        service_slug=service_slug,
        description="Mobil cihazın qeydiyyatı, IMEI 353325111234567",
        amount_qepik=3000,
        card=check.card,
    )
    outcome.status  # "approved" | "declined" | "pending" | "unavailable"

- The same subject is never charged twice: a double click, a refresh, a replayed POST or a
  retry after a timeout returns the payment already made (charged_now=False). A new attempt
  (a new idempotency key, `<subject>#<n>`) starts only after the previous one certainly
  moved no money, so after a decline the citizen simply tries another card.
- "pending" means the bank's answer was lost (timeout) or another request is paying right
  now: show a "checking" page that calls `payments.reconcile_subject(subject)` again; the
  job `reconcile_payments` also settles them in the background.
- Only brand, last four, amount, status and the gateway reference are stored
  (core.payments.models.Payment). The CardDetails object lives only in the request.
- `payments.approved(subject)` gives the approved Payment (or None) for receipts;
  core.payments.receipts.issue() makes the receipt once per payment.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel import db
from core.payments.cards import CardDetails
from core.kernel.money import format_amount
from core.payments.models import Payment

log = logging.getLogger("egov.payments")

APPROVED, DECLINED, PENDING, UNAVAILABLE = "approved", "declined", "pending", "unavailable"
# Payment.status values
PROCESSING, FAILED, UNKNOWN = "processing", "failed", "unknown"
SETTLED = frozenset({APPROVED, DECLINED, FAILED})


class GatewayError(Exception):
    """The gateway could not give an answer."""


class GatewayUnavailable(GatewayError):
    """Refused before the request was sent: certainly nothing was charged."""


class GatewayTimeout(GatewayError):
    """The request may have reached the bank; only a lookup can tell what happened."""


@dataclass(frozen=True)
class ChargeRequest:
    order_id: str  # our idempotency key: the gateway dedupes on it
    amount_qepik: int
    currency: str
    description: str
    card: CardDetails


@dataclass(frozen=True)
class ChargeResult:
    approved: bool
    reference: str
    decline_code: str | None = None  # declined, insufficient_funds, expired_card


class PaymentGateway(Protocol):
    # How long after a request was sent a missing charge is certainly not coming.
    settle_window: timedelta

    def charge(self, request: ChargeRequest) -> ChargeResult: ...

    def lookup(self, order_id: str) -> ChargeResult | None: ...


# Payment service --------------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentOutcome:
    status: str  # approved | declined | pending | unavailable
    payment: Payment | None
    charged_now: bool = False

    @property
    def decline_code(self) -> str | None:
        return self.payment.decline_code if self.payment is not None else None


class PaymentService:
    def __init__(self, session_factory: sessionmaker[Session], gateway: PaymentGateway, *,
                 clock: Callable[[], datetime] = db.utcnow,
                 stale_after: timedelta = timedelta(seconds=90)):
        self._factory = session_factory
        self.gateway = gateway
        self._clock = clock
        # A "processing" row older than this lost its request (crash): ask the bank.
        self._stale_after = stale_after

    def pay(self, *, subject: str, service_slug: str, description: str, amount_qepik: int,
            card: CardDetails) -> PaymentOutcome:
        if amount_qepik <= 0:
            raise ValueError("a payment needs a positive amount")
        payment, is_new = self._start_attempt(subject, service_slug, description,
                                              amount_qepik, card)
        if not is_new:
            if payment.status == APPROVED:
                return PaymentOutcome(APPROVED, payment)
            return self.reconcile(payment.id)  # still open: never start a second charge
        request = ChargeRequest(payment.idempotency_key, amount_qepik, payment.currency,
                                description, card)
        log.info("charging %s: %s AZN, %s ••%s", payment.idempotency_key,
                 format_amount(amount_qepik), card.brand.value, card.last4)
        try:
            result = self.gateway.charge(request)
        except GatewayUnavailable:
            log.warning("gateway unavailable for %s", payment.idempotency_key)
            payment = self._settle(payment.id, FAILED, decline_code="gateway_unavailable")
            return PaymentOutcome(UNAVAILABLE, payment)
        except GatewayTimeout:
            log.warning("gateway timeout for %s: reconciling", payment.idempotency_key)
            self._settle(payment.id, UNKNOWN)
            return self.reconcile(payment.id)
        payment = self._apply(payment.id, result)
        return PaymentOutcome(_outcome_status(payment), payment,
                              charged_now=payment.status == APPROVED)

    def current(self, subject: str) -> Payment | None:
        with db.transaction(self._factory) as session:
            return _latest(session, subject)

    def approved(self, subject: str) -> Payment | None:
        payment = self.current(subject)
        return payment if payment is not None and payment.status == APPROVED else None

    def reconcile_subject(self, subject: str) -> PaymentOutcome:
        payment = self.current(subject)
        if payment is None:
            return PaymentOutcome(DECLINED, None)
        return self.reconcile(payment.id)

    def reconcile(self, payment_id: int) -> PaymentOutcome:
        """Settle an attempt whose answer was lost by asking the bank what it did."""
        with db.transaction(self._factory) as session:
            payment = session.get(Payment, payment_id)
        if payment.status in SETTLED:
            return PaymentOutcome(_outcome_status(payment), payment)
        now = self._clock()
        if payment.status == PROCESSING and now - payment.updated_at < self._stale_after:
            return PaymentOutcome(PENDING, payment)
        try:
            result = self.gateway.lookup(payment.idempotency_key)
        except GatewayError:
            return PaymentOutcome(PENDING, payment)
        if result is not None:
            payment = self._apply(payment.id, result)
            log.info("reconciled %s: %s", payment.idempotency_key, payment.status)
        elif now - payment.created_at >= self.gateway.settle_window:
            payment = self._settle(payment.id, FAILED, decline_code="not_received")
            log.info("reconciled %s: never reached the bank", payment.idempotency_key)
        else:
            self._settle(payment.id, UNKNOWN)
            return PaymentOutcome(PENDING, payment)
        return PaymentOutcome(_outcome_status(payment), payment)

    def settle_order(self, order_id: str, result: ChargeResult) -> PaymentOutcome | None:
        """The bank's later word on an order (its signed settlement notice, applied by
        core.payments.http_gateway): None for an order that is not ours."""
        with db.transaction(self._factory) as session:
            payment_id = session.execute(
                select(Payment.id).where(Payment.idempotency_key == order_id)
            ).scalar_one_or_none()
        if payment_id is None:
            return None
        payment = self._apply(payment_id, result)
        if (payment.status == APPROVED) != result.approved:
            log.warning("bank settled %s as %s, the portal has %s", order_id,
                        APPROVED if result.approved else DECLINED, payment.status)
        return PaymentOutcome(_outcome_status(payment), payment)

    def unsettled_ids(self) -> list[int]:
        with db.transaction(self._factory) as session:
            return list(session.execute(
                select(Payment.id).where(Payment.status.in_((PROCESSING, UNKNOWN)))
            ).scalars())

    def _start_attempt(self, subject, service_slug, description, amount_qepik,
                       card) -> tuple[Payment, bool]:
        try:
            with db.transaction(self._factory) as session:
                latest = _latest(session, subject, lock=True)
                if latest is not None and latest.status not in (DECLINED, FAILED):
                    return latest, False  # approved, or an earlier attempt is still open
                attempt = 1 if latest is None else latest.attempt + 1
                now = self._clock()
                payment = Payment(
                    idempotency_key=f"{subject}#{attempt}", subject=subject, attempt=attempt,
                    service_slug=service_slug, description=description[:200],
                    amount_qepik=amount_qepik, currency="AZN", brand=card.brand.value,
                    last4=card.last4, status=PROCESSING, created_at=now, updated_at=now,
                )
                session.add(payment)
                session.flush()
                return payment, True
        except IntegrityError:  # a concurrent request started the same attempt first
            return self.current(subject), False

    def _settle(self, payment_id: int, status: str, *, decline_code: str | None = None,
                reference: str | None = None) -> Payment:
        with db.transaction(self._factory) as session:
            payment = session.get(Payment, payment_id, with_for_update=True)
            if payment.status not in SETTLED:
                payment.status = status
                payment.decline_code = decline_code
                payment.gateway_reference = reference or payment.gateway_reference
                payment.updated_at = self._clock()
            return payment

    def _apply(self, payment_id: int, result: ChargeResult) -> Payment:
        if result.approved:
            return self._settle(payment_id, APPROVED, reference=result.reference)
        return self._settle(payment_id, DECLINED, reference=result.reference,
                            decline_code=result.decline_code or "declined")


def _latest(session: Session, subject: str, *, lock: bool = False) -> Payment | None:
    query = select(Payment).where(Payment.subject == subject).order_by(Payment.attempt.desc())
    if lock:
        query = query.with_for_update()
    return session.execute(query.limit(1)).scalar_one_or_none()


def _outcome_status(payment: Payment) -> str:
    if payment.status == APPROVED:
        return APPROVED
    if payment.status == DECLINED:
        return DECLINED
    if payment.status == FAILED:  # nothing was charged; the citizen may simply try again
        return UNAVAILABLE
    return PENDING
