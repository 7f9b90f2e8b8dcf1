"""Settling payments whose bank answer was lost, in the background.

    from core.payments import jobs as payment_jobs

    @payment_jobs.on_approved("my-service-slug")
    def finish(factory, payment):        # make the receipt etc.; must be idempotent
        ...

    payment_jobs.settle_payment.schedule((payment.id,), delay=30)   # after a "pending" outcome

A payment settled as approved here is finished by its service's handler, so a citizen who
closed the browser while the bank was slow still gets the service they paid for."""
from __future__ import annotations

import logging
from typing import Callable

from huey import crontab

from core.platform import jobs
from core.payments.models import Payment
from core.payments.service import APPROVED, PENDING, PaymentService, SandboxGateway

log = logging.getLogger("egov.payments")
_handlers: dict[str, Callable] = {}


class StillPending(Exception):
    """The bank has not said yet: the job is retried with backoff."""


def on_approved(service_slug: str):
    def register(handler: Callable) -> Callable:
        _handlers[service_slug] = handler
        return handler
    return register


def build_payments(settings: jobs.JobSettings) -> PaymentService:
    if not settings.sandbox:
        raise RuntimeError("no payment gateway is configured outside the sandbox")
    factory = jobs.session_factory()
    return PaymentService(factory, SandboxGateway(factory))


def payments() -> PaymentService:
    return jobs.resource("payments", build_payments)


def finish(payment: Payment) -> None:
    handler = _handlers.get(payment.service_slug)
    if handler is not None:
        handler(jobs.session_factory(), payment)


@jobs.task()
def settle_payment(payment_id: int) -> None:
    outcome = payments().reconcile(payment_id)
    log.info("payment %s settled as %s", payment_id, outcome.status)
    if outcome.status == PENDING:
        raise StillPending(payment_id)
    if outcome.status == APPROVED:
        finish(outcome.payment)


@jobs.huey.periodic_task(crontab(minute="*/5"))
def settle_unsettled_payments() -> None:
    for payment_id in payments().unsettled_ids():
        settle_payment(payment_id)
