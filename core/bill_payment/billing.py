"""Paying a landline's telephone, internet, intercity, gas and electricity debts (seed 001).

What a line owes comes from the billing systems (core.bill_payment.systems); each debt is paid on
its own. A payment is a `BillPayment` row that goes new -> charged (the bank took the money)
-> posted (the provider booked it and the debt fell). Every transition is a conditional
UPDATE, so a double submit, a replay or concurrent requests move it once, and the provider
books by the payment's reference, so a repeated post never lowers the debt twice."""
from __future__ import annotations

import re
import secrets
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel import money
from core.bill_payment.systems import (
    PROVIDERS, SERVICES, BillingSystem, Landline, Posted, ProviderUnavailable, provider_for,
)
from core.kernel.db import transaction, utcnow
from core.bill_payment.models import BillPayment
from core.platform import catalogue

SERVICE_SLUG = catalogue.BILL_PAYMENT

MINIMUM_AMOUNT = 1  # 0.01 AZN
# One payment may settle any debt in full; beyond that an advance is capped, so a slip of
# the finger (25000 for 250.00) is caught before the bank is asked.
MAXIMUM_AMOUNT = 1000_00
LOOKUP_TIMEOUT_SECONDS = 8.0

# Statuses of a BillPayment.
NEW, CHARGED, POSTED, CANCELLED = "new", "charged", "posted", "cancelled"
PAYING = "paying"  # the bank is being asked: no longer cancellable until it has answered

_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_NUMBERISH = re.compile(r"[0-9]+[.,][0-9]{3,}")


# ---------------------------------------------------------------- what the line owes

@dataclass(frozen=True)
class DebtItem:
    service: str
    provider: str
    balance: int | None  # qəpik; None when the provider did not answer

    @property
    def available(self) -> bool:
        return self.balance is not None

    @property
    def owed(self) -> int:
        return max(self.balance or 0, 0)

    @property
    def advance(self) -> int:
        return max(-(self.balance or 0), 0)


@dataclass(frozen=True)
class Statement:
    line: Landline
    items: tuple[DebtItem, ...]
    # True: a provider knows the line. False: every provider answered and none knows it.
    # None: the providers that might know it did not answer.
    known: bool | None

    @property
    def unavailable_providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.provider for i in self.items if not i.available))

    @property
    def complete(self) -> bool:
        return all(item.available for item in self.items)

    @property
    def total_owed(self) -> int:
        return sum(item.owed for item in self.items)

    @property
    def nothing_owed(self) -> bool:
        return bool(self.known) and self.complete and self.total_owed == 0

    def item(self, service: str) -> DebtItem | None:
        return next((i for i in self.items if i.service == service), None)


def statement(systems: Mapping[str, BillingSystem], line: Landline,
              timeout: float = LOOKUP_TIMEOUT_SECONDS) -> Statement:
    """Ask every provider of the line at once; one that is down or slower than `timeout`
    gives "try later" items for its services while the others still show."""
    wanted = {code: [s for s in SERVICES if provider_for(line.city_code, s) == code]
              for code in PROVIDERS}
    wanted = {code: services for code, services in wanted.items() if services}
    pool = ThreadPoolExecutor(max_workers=len(wanted), thread_name_prefix="billing")
    try:
        futures = {code: pool.submit(systems[code].balances, line) for code in wanted}
        answers: dict[str, dict[str, int] | None] = {}
        for code, future in futures.items():
            try:
                answers[code] = future.result(timeout=timeout)
            except (ProviderUnavailable, FutureTimeout):
                answers[code] = None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)

    items = []
    for code, services in wanted.items():
        answer = answers[code]
        for service in services:
            if answer is None:
                items.append(DebtItem(service, code, None))
            elif service in answer:
                items.append(DebtItem(service, code, answer[service]))
    items.sort(key=lambda item: SERVICES.index(item.service))
    if any(answers.values()):
        known: bool | None = True
    elif any(answer is None for answer in answers.values()):
        known = None
    else:
        known = False
    return Statement(line=line, items=tuple(items) if known else (), known=known)


# ---------------------------------------------------------------- amount rules

@dataclass(frozen=True)
class AmountCheck:
    amount: int | None  # qəpik, when acceptable
    problem: str | None  # empty, not_a_number, too_many_decimals, too_small, too_large
    maximum: int
    advance: int = 0  # the part beyond the debt, paid in advance

    @property
    def ok(self) -> bool:
        return self.problem is None


def default_amount(debt: int) -> int | None:
    """The amount offered to pay: the whole debt, or nothing to suggest when none is owed."""
    return debt if debt >= MINIMUM_AMOUNT else None


def maximum_amount(debt: int) -> int:
    return max(MAXIMUM_AMOUNT, debt)


def check_amount(text: str | None, debt: int) -> AmountCheck:
    """The rules for what a citizen may pay against a debt of `debt` qəpik."""
    limit = maximum_amount(debt)
    cleaned = (text or "").strip()
    if not cleaned:
        return AmountCheck(None, "empty", limit)
    try:
        amount = money.parse_amount(cleaned)
    except money.AmountError:
        compact = cleaned.replace(" ", "").replace("\u00a0", "")
        problem = "too_many_decimals" if _NUMBERISH.fullmatch(compact) else "not_a_number"
        return AmountCheck(None, problem, limit)
    if amount < MINIMUM_AMOUNT:
        return AmountCheck(None, "too_small", limit)
    if amount > limit:
        return AmountCheck(None, "too_large", limit)
    return AmountCheck(amount, None, limit, advance=max(amount - max(debt, 0), 0))


# ---------------------------------------------------------------- payments

def new_reference() -> str:
    stamp = utcnow().strftime("%y%m%d")
    tail = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
    return f"RK-{stamp}-{tail}"


def start_payment(session: Session, *, key: str, line: Landline, service: str, amount: int,
                  debt_before: int, card_type: str | None = None) -> BillPayment:
    """The payment for one intent `key` (one confirmation of one draft). Asking again with the
    same key returns the same payment, whoever asks first."""
    existing = find_by_key(session, key)
    if existing is not None:
        return existing
    if amount < MINIMUM_AMOUNT or amount > maximum_amount(debt_before):
        raise ValueError("amount outside the payment rules")
    payment = BillPayment(
        reference=new_reference(), idempotency_key=key,
        provider=provider_for(line.city_code, service), service=service,
        city_code=line.city_code, number=line.number, amount=amount,
        debt_before=debt_before, card_type=card_type, status=NEW,
    )
    try:
        with session.begin_nested():
            session.add(payment)
    except IntegrityError:
        existing = find_by_key(session, key)
        if existing is None:
            raise
        return existing
    return payment


def unchanged_new_payment(session: Session, reference: str | None, *, line: Landline,
                          service: str, amount: int, card_type: str | None) -> BillPayment | None:
    """The payment a repeated Təsdiqlə goes on with: the bank not yet asked, for the same
    line, service, amount and card type. None when a new payment is needed."""
    payment = find(session, reference) if reference else None
    if payment is None or payment.status != NEW:
        return None
    same = (payment.city_code, payment.number, payment.service, payment.amount, payment.card_type)
    return payment if same == (line.city_code, line.number, service, amount, card_type) else None


def find_by_key(session: Session, key: str) -> BillPayment | None:
    return session.execute(
        select(BillPayment).where(BillPayment.idempotency_key == key)
    ).scalar_one_or_none()


def find(session: Session, reference: str) -> BillPayment | None:
    return session.execute(
        select(BillPayment).where(BillPayment.reference == reference)
    ).scalar_one_or_none()


def cancel(session: Session, reference: str) -> bool:
    """Cancel a payment the bank has not been asked to take. False once a charge is under way
    (paying) or done: a conditional write, so it loses to a card step that got there first."""
    result = session.execute(
        update(BillPayment).where(BillPayment.reference == reference, BillPayment.status == NEW)
        .values(status=CANCELLED)
    )
    return bool(result.rowcount)


def hold_for_charge(session: Session, reference: str) -> bool:
    """The card step is about to ask the bank: new -> paying, unless it was cancelled first.
    Concurrent card steps of one payment may both hold it (the checkout charges once)."""
    result = session.execute(
        update(BillPayment)
        .where(BillPayment.reference == reference, BillPayment.status.in_((NEW, PAYING)))
        .values(status=PAYING)
    )
    return bool(result.rowcount)


def release_hold(session: Session, reference: str) -> None:
    """The bank certainly took nothing (declined, unreachable): cancellable again."""
    session.execute(update(BillPayment).where(
        BillPayment.reference == reference, BillPayment.status == PAYING).values(status=NEW))


def record_charge(session: Session, reference: str, *, gateway_reference: str,
                  card_brand: str, card_last4: str) -> bool:
    """Note that the bank took the money. True only for the call that made the change; a
    cancelled payment the bank charged anyway is still owed its posting, so it counts too."""
    if not (card_last4.isdigit() and len(card_last4) == 4):
        raise ValueError("keep only the last four digits of a card")
    result = session.execute(
        update(BillPayment)
        .where(BillPayment.reference == reference,
               BillPayment.status.in_((NEW, PAYING, CANCELLED)))
        .values(status=CHARGED, gateway_reference=gateway_reference, card_brand=card_brand,
                card_last4=card_last4, charged_at=utcnow())
    )
    session.flush()
    return bool(result.rowcount)


def post(session_factory: sessionmaker[Session], systems: Mapping[str, BillingSystem],
         reference: str) -> BillPayment:
    """Book a charged payment with its provider so the debt falls. Safe to repeat and to run
    concurrently: the provider books each reference once. Raises ProviderUnavailable (the
    payment stays charged and a job posts it later)."""
    with transaction(session_factory) as session:
        payment = find(session, reference)
        if payment is None:
            raise LookupError(reference)
        if payment.status != CHARGED:
            return payment
        line = Landline(payment.city_code, payment.number)
        service, amount, provider = payment.service, payment.amount, payment.provider

    posted: Posted = systems[provider].post_payment(line, service, amount, reference)

    with transaction(session_factory) as session:
        session.execute(
            update(BillPayment)
            .where(BillPayment.reference == reference, BillPayment.status == CHARGED)
            .values(status=POSTED, balance_after=posted.balance_after, posted_at=utcnow())
        )
        return find(session, reference)
