"""The paying end of device registration: card entry (the shared card component and the one
checkout) and "checking your payment"."""
from __future__ import annotations

from flask import redirect, request, url_for

from core.device_registration import registration, reservations
from core.platform import drafts
from core.device_registration import imei as imei_rules
from core.kernel import money
from core.payments import receipts
from core.payments.cards import CARD_TYPES
from core.payments.checkout import REFUSED, CheckoutOutcome, Order
from core.payments.service import APPROVED, DECLINED, PENDING, UNAVAILABLE
from web.platform import card_step as payments
from web.platform.db import database, db
from web.forms.device_registration import IMEI_MESSAGES, FORM_MESSAGES
from web.platform.rendering import render
from web.services.device_registration.blueprint import (adapters, bp, completed_receipt,
                                                        step_labels, wizard)


def _order(answers: dict) -> Order:
    fee = imei_rules.lookup(answers["imei"]).fee_qepik  # from the table, never from the form
    return Order(registration.SERVICE_SLUG, wizard.draft().id,
                 f"Mobil cihazın qeydiyyatı, İMEİ {answers['imei']}", fee)


def _finish(outcome: CheckoutOutcome):
    """The checkout ran the on-approved step (receipt, application, MCQS job): show the
    receipt. Safe to repeat."""
    receipt = receipts.for_payment(db(), outcome.payment.id)
    payments.remember_receipt(registration.SERVICE_SLUG, receipt.number)
    draft = wizard.draft()
    if draft is not None and outcome.finished is not None:
        drafts.update(db(), draft, receipt_number=receipt.number)
    db().commit()
    return redirect(url_for("device_registration.receipt", number=receipt.number))


def _refusal_message(refusal: str) -> str:
    return FORM_MESSAGES[refusal]() if refusal in FORM_MESSAGES else IMEI_MESSAGES[refusal]()


def _still_free(imei: str, draft_id: str):
    """Before any bank is asked: the IMEI is not registered or paid for meanwhile, and it is
    reserved for this application (a second draft paying for it at once is refused)."""
    def check() -> str | None:
        factory = database().session_factory
        try:
            taken = registration.imei_taken(factory, adapters().registry, imei)
        except registration.DeviceRegistryUnavailable:
            return "registry_unavailable"
        return taken or reservations.reserve(factory, imei, draft_id)
    return check


@bp.route("/odenis", methods=["GET", "POST"])
@wizard.step
def card():
    if completed_receipt():
        return redirect(url_for("device_registration.receipt", number=completed_receipt()))
    answers = wizard.answers()
    order = _order(answers)
    db().commit()  # the bank and MCQS are asked next: hold no database lock meanwhile
    paid = payments.checkout().approved(order.subject)
    if paid is not None:  # a refresh or a replayed form after the payment: never again
        return _finish(payments.checkout().settle(order.subject))
    step = payments.card_step(card_type=answers["card_type"], pay=lambda card: payments.checkout()
                              .pay(order, card, before_charge=_still_free(answers["imei"],
                                                                          order.key)),
                              follow=_follow)
    if step.response is not None:
        return step.response
    result = step.result
    if result is not None and result.status in (DECLINED, UNAVAILABLE):
        # the bank took nothing: another application may have the device now
        reservations.release(database().session_factory, answers["imei"], order.key)
    if result is not None:
        if result.status == APPROVED:
            return _finish(result)
        if result.status == PENDING:
            return redirect(url_for("device_registration.checking"))
        if result.status == REFUSED:
            step.form.clear_card()
            step.form.number.errors = [_refusal_message(result.refusal)]
        else:
            step.decline(result.status, result.decline_code)
    elif request.method == "GET":
        notice = _take_notice()
        if notice and notice[0] == REFUSED:
            step.form.number.errors = [_refusal_message(notice[1])]
        elif notice:
            step.decline(*notice)
    return render("device_registration/card.html", form=step.form, card=step.component,
                  steps=step_labels(), amount=money.format_azn(order.amount_qepik),
                  imei=imei_rules.display(answers["imei"]),
                  card_type=CARD_TYPES[answers["card_type"]].label)


def _follow(result: CheckoutOutcome) -> str:
    """Where a browser without JavaScript goes once the bank has answered: the checking page
    shows the receipt or sends it back to the card with the bank's answer."""
    if result.status == REFUSED:
        drafts.update(db(), wizard.draft(), card_notice=[REFUSED, result.refusal])
        db().commit()
        return url_for("device_registration.card")
    return url_for("device_registration.checking")


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
    subject = registration.payment_subject(wizard.draft().id)
    db().commit()
    outcome = payments.checkout().settle(subject)
    if outcome.status == APPROVED:
        return _finish(outcome)
    if outcome.status != PENDING:
        drafts.update(db(), wizard.draft(),
                      card_notice=[outcome.status, outcome.decline_code])
        db().commit()
        return redirect(url_for("device_registration.card"))
    return render("device_registration/checking.html", steps=step_labels(),
                  poll=bool(request.headers.get("HX-Request")))
