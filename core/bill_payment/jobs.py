"""Jobs of bill payment: book with the provider a payment the bank took while the provider was
down, and finish a payment whose bank answer came only in the background. References only in
the payloads."""
from __future__ import annotations

import logging

from huey import crontab

from core.bill_payment import checkout as billing_checkout
from core.platform import jobs
from core.payments import checkout as card_checkout
from core.bill_payment.billing import SERVICE_SLUG, find
from core.bill_payment.systems import PROVIDERS, BillingSystem, ProviderUnavailable, sandbox_systems
from core.kernel.db import transaction
from core.bill_payment.models import BillPayment

log = logging.getLogger("egov.billing")


def build_systems(settings: jobs.JobSettings) -> dict[str, BillingSystem]:
    if not settings.sandbox:
        raise RuntimeError("no billing system adapters are configured outside the sandbox")
    return sandbox_systems(
        jobs.session_factory(),
        delay_seconds=float(settings.options.get("billing_delay_seconds") or 0),
        down=parse_down(settings.options.get("billing_down")),
    )


def parse_down(text: str | None) -> frozenset[str]:
    """EGOV_BILLING_DOWN=azeriqaz,azerisiq takes those sandbox providers offline."""
    codes = {part.strip().lower() for part in (text or "").split(",") if part.strip()}
    unknown = codes - set(PROVIDERS)
    if unknown:
        raise ValueError(f"EGOV_BILLING_DOWN names unknown providers: {sorted(unknown)}")
    return frozenset(codes)


def systems() -> dict[str, BillingSystem]:
    return jobs.resource("billing_systems", build_systems)


class NotBookedYet(Exception):
    """The provider is still down: the queue tries again later."""


@jobs.task()
def post_bill_payment(reference: str) -> None:
    try:
        payment = billing_checkout.billing.post(jobs.session_factory(), systems(), reference)
    except ProviderUnavailable:
        raise NotBookedYet(reference) from None
    log.info("bill payment %s: %s", reference, payment.status)


@jobs.huey.periodic_task(crontab(minute="*/5"))
def post_outstanding_bill_payments() -> None:
    """After the bounded retries of one job ran out, the payment is still not lost."""
    booked, waiting = billing_checkout.post_outstanding(jobs.session_factory(), systems())
    if booked or waiting:
        log.info("outstanding bill payments: %s booked, %s still waiting", booked, waiting)


@card_checkout.on_approved(SERVICE_SLUG)
def finish_after_payment(factory, payment) -> BillPayment | None:
    reference = billing_checkout.reference_of(payment.subject)
    with transaction(factory) as session:
        if reference is None or find(session, reference) is None:
            log.error("payment %s approved but bill payment %s is unknown", payment.id, reference)
            return None
    result = billing_checkout.apply_approved(factory, systems(), reference, payment)
    if not result.posted:
        post_bill_payment(reference)
    return result.payment
