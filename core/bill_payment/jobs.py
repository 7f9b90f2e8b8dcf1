"""Jobs of bill payment: book with the provider a payment the bank took while the provider was
down, and finish a payment whose bank answer came only in the background. References only in
the payloads."""
from __future__ import annotations

import logging

from huey import crontab

from core.bill_payment import checkout as billing_checkout
from core.platform import job_queue, this_process
from core.payments import checkout as card_checkout
from core.bill_payment.billing import SERVICE_SLUG, find
from core.bill_payment import adapters
from core.bill_payment.systems import BillingSystem, ProviderUnavailable
from core.kernel.db import transaction
from core.bill_payment.models import BillPayment

log = logging.getLogger("egov.billing")


def systems() -> dict[str, BillingSystem]:
    found = this_process.resource(adapters.build).systems
    if found is None:
        raise ProviderUnavailable("billing")
    return found


class NotBookedYet(Exception):
    """The provider is still down: the queue tries again later."""


@job_queue.task()
def post_bill_payment(reference: str) -> None:
    try:
        payment = billing_checkout.billing.post(this_process.session_factory(), systems(),
                                                reference)
    except ProviderUnavailable:
        raise NotBookedYet(reference) from None
    log.info("bill payment %s: %s", reference, payment.status)


@job_queue.huey.periodic_task(crontab(minute="*/5"))
def post_outstanding_bill_payments() -> None:
    """After the bounded retries of one job ran out, the payment is still not lost."""
    booked, waiting = billing_checkout.post_outstanding(this_process.session_factory(), systems())
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
