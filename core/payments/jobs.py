"""Settling payments whose bank answer was lost, in the background: the checkout
(core.payments.checkout) schedules `settle_payment` after a "pending" outcome, and a payment
settled as approved here is finished by its service's on-approved step, so a citizen who
closed the browser while the bank was slow still gets the service they paid for."""
from __future__ import annotations

import logging

from huey import crontab

from core.platform import job_queue, this_process
from core.payments import checkout
from core.payments.models import Payment
from core.payments import adapters
from core.payments.service import APPROVED, PENDING, PaymentService

log = logging.getLogger("egov.payments")


class StillPending(Exception):
    """The bank has not said yet: the job is retried with backoff."""


def payments() -> PaymentService:
    found = this_process.resource(adapters.build).payments
    if found is None:
        raise RuntimeError("no bank is connected (EGOV_BANK_URL, or the sandbox)")
    return found


def finish(payment: Payment) -> None:
    checkout.finish(this_process.session_factory(), payment)


def settle_later(payment_id: int, delay: int = 30) -> None:
    """What the checkout calls after a "pending" outcome."""
    settle_payment.schedule((payment_id,), delay=delay)


@job_queue.task()
def settle_payment(payment_id: int) -> None:
    outcome = payments().reconcile(payment_id)
    log.info("payment %s settled as %s", payment_id, outcome.status)
    if outcome.status == PENDING:
        raise StillPending(payment_id)
    if outcome.status == APPROVED:
        finish(outcome.payment)


@job_queue.huey.periodic_task(crontab(minute="*/5"))
def settle_unsettled_payments() -> None:
    for payment_id in payments().unsettled_ids():
        settle_payment(payment_id)
