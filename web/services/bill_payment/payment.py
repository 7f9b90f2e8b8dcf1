"""The paying end of the bill payment journey: card entry (the shared card component and the
one checkout), the "checking your payment" page, success with print and the e-mail notice."""
from __future__ import annotations

from flask import abort, redirect, request, session, url_for
from flask_babel import gettext as _

from core.bill_payment import billing
from core.bill_payment import checkout as billing_checkout
from core.notifications import outbox as notifications
from core.bill_payment.jobs import post_bill_payment
from core.notifications.jobs import enqueue
from web.services.bill_payment.texts import (azn, card_type_label, notice, receipt_rows,
                                             service_name)
from web.platform import card_step as shared
from web.platform.db import database, db
from web.forms.bill_payment import EmailForm
from web.platform.wording import city_label
from web.platform.rendering import render
from web.services.bill_payment.blueprint import bp, steps, adapters, wizard

def _remember(reference: str) -> None:
    """This browser paid it: the only one that may see it."""
    shared.remember_receipt(billing.SERVICE_SLUG, reference)


def _current_payment():
    reference = wizard.answers().get("reference")
    return billing.find(db(), reference) if reference else None


def _after_charge(result: billing_checkout.CheckoutResult, **shown):
    reference = result.payment.reference
    if result.status == "approved":
        _remember(reference)
        if not result.posted:
            post_bill_payment(reference)  # the provider is down: the queue books it later
        return redirect(url_for("bill_payment.paid", reference=reference, **shown))
    if result.status == "pending":
        return redirect(url_for("bill_payment.checking"))
    if result.status == "cancelled":
        return redirect(url_for("bill_payment.debts"))
    return None


def _card_context(payment) -> dict:
    return {
        "steps": steps(), "azn": azn,
        "rows": [(_("Nömrə"), f"{city_label(payment.city_code)} {payment.number}"),
                 (_("Xidmət"), service_name(payment.service)),
                 (_("Məbləğ"), azn(payment.amount)),
                 (_("Kart növü"), card_type_label(payment.card_type))],
    }


@bp.route("/kart", methods=["GET", "POST"])
@wizard.step
def card():
    payment = _current_payment()
    if payment is None:
        return redirect(url_for("bill_payment.confirm"))
    if payment.status in (billing.CHARGED, billing.POSTED):
        _remember(payment.reference)
        return redirect(url_for("bill_payment.paid", reference=payment.reference))
    if payment.status == billing.CANCELLED:
        return redirect(url_for("bill_payment.debts"))
    reference = payment.reference
    db().commit()  # hold no database lock while the bank is asked
    return _card_step(reference, payment)


def _card_step(reference: str, payment):
    outcome = shared.card_step(
        card_type=payment.card_type,
        pay=lambda card: billing_checkout.pay_by_card(
            database().session_factory, adapters().systems, shared.checkout(), reference, card),
        # without JavaScript, once the bank has answered: the checking page shows the result
        follow=lambda result: url_for("bill_payment.checking"),
    )
    if outcome.response is not None:
        return outcome.response
    if outcome.result is not None:
        following = _after_charge(outcome.result)
        if following is not None:
            return following
        outcome.decline(outcome.result.status, outcome.result.decline_code)
    elif request.args.get("cavab") in ("declined", "unavailable"):
        outcome.decline(request.args["cavab"], request.args.get("kod"))
    return render("bill_payment/card.html", form=outcome.form, card=outcome.component,
                  **_card_context(payment))


@bp.get("/yoxlanilir")
def checking():
    """The bank's answer was lost or another request is paying: ask again, never charge again."""
    payment = _current_payment()
    if payment is None:
        return redirect(url_for("bill_payment.line"))
    reference = payment.reference
    db().commit()
    result = billing_checkout.check_pending(database().session_factory, adapters().systems,
                                            shared.checkout(), reference)
    if result.status == "pending":  # still no answer: this page again, never a redirect loop
        return render("bill_payment/checking.html", steps=steps(),
                      too_late=request.args.get("imtina") == "gec")
    too_late = request.args.get("imtina") == "gec"  # İmtina et lost to this charge
    following = _after_charge(result, **({"imtina": "gec"} if too_late else {}))
    # Declined after all: the card step says so and lets the citizen try another card.
    return following or redirect(url_for("bill_payment.card", cavab=result.status,
                                         kod=result.decline_code or None))


def _paid_payment(reference: str):
    if not shared.may_open_receipt(billing.SERVICE_SLUG, reference):
        abort(404)
    payment = billing.find(db(), reference)
    if payment is None or payment.status not in (billing.CHARGED, billing.POSTED):
        abort(404)
    return payment


# The notice's e-mail form answers with a redirect either way (Post/Redirect/Get), so Back
# never meets the browser's "Confirm Form Resubmission": a mistyped address comes back to the
# page once (MISTYPED), the sentence that it was sent is announced once (JUST_SENT).
MISTYPED, JUST_SENT = "bill_notice_mistyped", "bill_notice_just_sent"


@bp.get("/qebz/<reference>")
def paid(reference: str):
    payment = _paid_payment(reference)
    mistyped = session.pop(MISTYPED, None) or {}
    if mistyped.get("reference") == reference:
        form = EmailForm(formdata=None, data={"email": mistyped.get("email", "")})
        form.check_address()
    else:
        form = EmailForm(data={"email": session.get("bill_notice_email", "")})
    announce = session.pop(JUST_SENT, None) == reference
    sent_to = session.get("bill_notices", {}).get(payment.reference)
    return render("bill_payment/paid.html", payment=payment, form=form,
                  rows=receipt_rows(payment), sent_to=sent_to, announce=announce,
                  service=service_name(payment.service), amount=azn(payment.amount),
                  too_late=request.args.get("imtina") == "gec")


@bp.post("/qebz/<reference>/e-poct")
def send_notice(reference: str):
    payment = _paid_payment(reference)
    form = EmailForm()
    page = url_for("bill_payment.paid", reference=reference)
    if not form.validate():  # CSRFProtect has checked the token before this view
        session[MISTYPED] = {"reference": reference, "email": form.email.data or ""}
        return redirect(page + "#email", 303)
    subject, text = notice(payment)
    message = notifications.queue_email(db(), form.address, subject, text,
                                        dedupe_key=f"bill:{reference}:{form.address.lower()}")
    db().commit()
    enqueue(message.id)
    session["bill_notices"] = {**session.get("bill_notices", {}), reference: form.address}
    session["bill_notice_email"] = form.address
    session[JUST_SENT] = reference
    return redirect(page + "#notice-sent", 303)

