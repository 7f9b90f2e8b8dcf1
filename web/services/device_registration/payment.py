"""The paying end of device registration: card entry (the shared card component and the one
checkout) and "checking your payment"."""
from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, request, session, url_for

from core.device_registration import registration
from core.platform import drafts
from core.device_registration import imei as imei_rules
from core.kernel import money
from core.payments import receipts
from core.payments.cards import CARD_TYPES
from core.device_registration.jobs import finish_after_payment
from core.payments.models import Payment
from core.payments.jobs import settle_payment
from core.payments.service import APPROVED, PENDING
from web.platform import card_step as payments
from web.platform.db import database, db
from web.services.device_registration.forms import IMEI_MESSAGES, FORM_MESSAGES
from web.platform.rendering import render
from web.services.device_registration.blueprint import (adapters, bp, completed_receipt,
                                                        step_labels, wizard)

RECEIPTS_KEY = "device_receipts"  # receipt numbers this browser may open


@dataclass(frozen=True)
class Refused:
    """The IMEI was taken after step 1: nothing is charged."""

    status: str
    reason: str


def remember_receipt(number: str) -> None:
    known = [n for n in session.get(RECEIPTS_KEY, []) if n != number]
    session[RECEIPTS_KEY] = [*known, number][-20:]


def _subject() -> str:
    return registration.payment_subject(wizard.draft().id)


def _finish(payment: Payment):
    """Receipt, application, MCQS job; then the receipt page. Safe to repeat."""
    db().commit()
    application_id = finish_after_payment(database().session_factory, payment)
    receipt = receipts.for_payment(db(), payment.id)
    remember_receipt(receipt.number)
    draft = wizard.draft()
    if draft is not None and application_id is not None:
        drafts.update(db(), draft, receipt_number=receipt.number)
    db().commit()
    return redirect(url_for("device_registration.receipt", number=receipt.number))


def _charge(card, answers: dict, subject: str):
    try:
        taken = registration.imei_taken(database().session_factory, adapters().registry,
                                        answers["imei"])
    except registration.DeviceRegistryUnavailable:
        return Refused("refused", "registry_unavailable")
    if taken:
        return Refused("refused", taken)
    fee = imei_rules.lookup(answers["imei"]).fee_qepik  # from the table, never from the form
    return payments.payment_service().pay(
        subject=subject, service_slug=registration.SERVICE_SLUG,
        description=f"Mobil cihazın qeydiyyatı, İMEİ {answers['imei']}",
        amount_qepik=fee, card=card)


@bp.route("/odenis", methods=["GET", "POST"])
def card():
    if (back := wizard.guard("device_registration.card")) is not None:
        return back
    if completed_receipt():
        return redirect(url_for("device_registration.receipt", number=completed_receipt()))
    answers, subject = wizard.answers(), _subject()
    db().commit()  # the bank and MCQS are asked next: hold no database lock meanwhile
    paid = payments.payment_service().current(subject)
    if paid is not None and paid.status == APPROVED:
        return _finish(paid)  # a refresh or a replayed form after the payment: never again
    step = payments.card_step(card_type=answers["card_type"],
                              pay=lambda card: _charge(card, answers, subject))
    result = step.result
    if result is not None:
        if result.status == APPROVED:
            return _finish(result.payment)
        if result.status == PENDING:
            if result.payment is not None:
                settle_payment.schedule((result.payment.id,), delay=30)
            return redirect(url_for("device_registration.checking"))
        if isinstance(result, Refused):
            step.form.clear_card()
            step.form.number.errors = [FORM_MESSAGES[result.reason]() if result.reason in
                                       FORM_MESSAGES else IMEI_MESSAGES[result.reason]()]
        else:
            step.decline(result.status, result.decline_code)
    elif request.method == "GET":
        notice = _take_notice()
        if notice:
            step.decline(*notice)
    fee = imei_rules.lookup(answers["imei"]).fee_qepik
    return render("device_registration/card.html", form=step.form, card=step.component,
                  steps=step_labels(), amount=money.format_azn(fee),
                  imei=imei_rules.display(answers["imei"]),
                  card_type=CARD_TYPES[answers["card_type"]].label)


def _take_notice():
    draft = wizard.draft()
    notice = draft.data.get("card_notice") if draft else None
    if notice:
        drafts.update(db(), draft, card_notice=None)
        db().commit()
    return notice


@bp.get("/odenis/yoxlanilir")
def checking():
    """The bank's answer was lost, or another request is paying: ask again, never charge."""
    if wizard.draft() is None:
        return redirect(url_for("device_registration.check"))
    if completed_receipt():
        return redirect(url_for("device_registration.receipt", number=completed_receipt()))
    subject = _subject()
    db().commit()
    outcome = payments.payment_service().reconcile_subject(subject)
    if outcome.status == APPROVED:
        return _finish(outcome.payment)
    if outcome.status != PENDING:
        drafts.update(db(), wizard.draft(),
                      card_notice=[outcome.status, outcome.decline_code])
        db().commit()
        return redirect(url_for("device_registration.card"))
    return render("device_registration/checking.html", steps=step_labels(),
                  poll=bool(request.headers.get("HX-Request")))
