"""Card payments in the web layer, shared by every paying service.

    from web.platform import card_step as payments

    step = payments.card_step(card_type=draft["card_type"],
                              pay=lambda card: payments.payment_service().pay(
                                  subject=..., service_slug=..., description=...,
                                  amount_qepik=..., card=card))
    if step.result is not None:              # the bank was asked (whatever `pay` returned)
        if step.result.status == "approved": return redirect(success_url)
        if step.result.status == "pending":  return redirect(checking_url)
        step.decline(step.result.status, step.result.decline_code)
    return render("my_service/card.html", form=step.form, card=step.component, ...)

and in the template: {% from "components/card_entry.html" import card_entry %}
{{ card_entry(card) }}  — the fields, the CVV help, the accepted brands and the İRƏLİ button.

A browser without JavaScript that posts the card form would see nothing while the bank
answers (seconds with a slow bank): give `follow` (the bank's result -> the address to go on
to; runs after the answer, may write the draft but not the session) and the step answers such
a post at once with a "Ödənişiniz yoxlanılır" page (step.response: return it), asks the bank
while that page is on screen, then sends the browser on with <meta http-equiv="refresh">.
With JavaScript the form shows its own spinner (components/card_entry.html).

Commit the request's database session before calling `pay` on SQLite (the payment service
uses transactions of its own). The card number and CVV live only in this request."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from flask import (Flask, Response, current_app, render_template, request, session,
                   stream_with_context)

from core.payments import jobs as payment_jobs
from core.payments.cards import CARD_TYPES, CardDetails, CardType
from core.payments.checkout import Checkout
from core.platform import this_process
from core.payments import adapters
from core.payments.service import PaymentGateway, PaymentService
from core.payments.http_gateway import BadSignature, apply_settlement
from core.payments.receipts import ReceiptSigner
from core.payments.service import APPROVED
from web.platform import callbacks
from web.platform.readiness import not_connected
from web.forms.card import CardForm, decline_message
from web.platform import metrics

T = TypeVar("T")


@dataclass
class CardEntry:
    """What components/card_entry.html draws."""

    form: CardForm
    card_type: CardType | None
    button_label: str | None = None


@dataclass
class CardStep(Generic[T]):
    form: CardForm
    component: CardEntry
    result: T | None = None
    response: Response | None = None  # the streamed "checking your payment" page (no JS)

    def decline(self, status: str, decline_code: str | None = None) -> None:
        """Show the bank's answer at the card number, with empty card fields to try again."""
        self.form.clear_card()
        self.form.number.errors = [decline_message(status, decline_code)]


def card_step(*, card_type: str, pay: Callable[[CardDetails], T],
              button_label: str | None = None,
              follow: Callable[[T], str] | None = None) -> CardStep[T]:
    form = CardForm()
    step = CardStep(form, CardEntry(form, CARD_TYPES.get(card_type), button_label))
    if request.method == "POST" and form.validate_card(card_type):
        card = form.card
        form.clear_card()
        if follow is not None and _plain_browser_post():
            step.response = _paying_page(lambda: follow(pay(card)))
        else:
            step.result = pay(card)
    return step


CONTINUE_MARK = "<!--continue-->"


def _plain_browser_post() -> bool:
    """A page load by a browser (it asks for HTML), not htmx's request nor an API client."""
    return not request.headers.get("HX-Request") and request.accept_mimetypes.accept_html


def _paying_page(charge_then_follow: Callable[[], str]) -> Response:
    """The "Ödənişiniz yoxlanılır" page sent before the bank is asked; once it has answered,
    the rest of the page sends the browser on (a link too, should refresh be switched off)."""
    page = render_template("components/paying.html", fragment=False, error_list=[])
    before, after = page.split(CONTINUE_MARK, 1)

    def body():
        yield before
        target = charge_then_follow()
        yield render_template("components/paying_done.html", target=target)
        yield after

    response = Response(stream_with_context(body()), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # a proxy passes the first part on at once
    return response


RECEIPTS_KEY = "receipts"  # {service slug: [receipt references this browser may open]}
RECEIPTS_KEPT = 20


@dataclass
class Payments:
    service: PaymentService
    gateway: PaymentGateway
    checkout: Checkout


def init_app(app: Flask) -> None:
    """The sandbox bank and the payment service on app.extensions["payments"]."""
    factory = app.extensions["egov_db"].session_factory
    found = this_process.resource(adapters.build)  # the same bank as the jobs run in this process
    not_connected(app, "payments", found.missing)
    if found.payments is None:
        return  # no acquiring bank is connected: paying services stay closed
    service = found.payments
    app.extensions["payments"] = Payments(
        service, service.gateway, Checkout(factory, service,
                                           settle_later=payment_jobs.settle_later,
                                           record_outcome=metrics.count_payment))
    callbacks.register(app, "bank", _bank_settled)


def _bank_settled(body: bytes, signature: str, secret: str) -> tuple[int, dict]:
    """The bank's signed settlement notice: the payment settled once, and the service it paid
    for finished (as the settling job would) when it is approved."""
    try:
        outcome = apply_settlement(payment_service(), body, signature, secret)
    except BadSignature:
        return 401, {"code": "bad_signature", "message": "not signed"}
    except ValueError as wrong:
        return 400, {"code": "bad_request", "message": str(wrong)}
    if outcome is None:
        return 404, {"code": "unknown_order", "message": "no such order"}
    if outcome.status == APPROVED:
        payment_jobs.finish(outcome.payment)
    return 204, {}


def payments() -> Payments:
    return current_app.extensions["payments"]


def payment_service() -> PaymentService:
    return payments().service


def checkout() -> Checkout:
    return payments().checkout


def remember_receipt(service_slug: str, reference: str) -> None:
    known = dict(session.get(RECEIPTS_KEY, {}))
    kept = [r for r in known.get(service_slug, []) if r != reference]
    known[service_slug] = [*kept, reference][-RECEIPTS_KEPT:]
    session[RECEIPTS_KEY] = known


def may_open_receipt(service_slug: str, reference: str) -> bool:
    return reference in session.get(RECEIPTS_KEY, {}).get(service_slug, [])


def forget_receipts() -> None:
    session.pop(RECEIPTS_KEY, None)


def receipt_signer() -> ReceiptSigner:
    return ReceiptSigner(current_app.config["SECRET_KEY"])
