"""The acquiring bank over HTTP (contracts/bank.yaml): the PaymentGateway the portal uses
when the bank (or the sandbox service's bank) is reached through core.platform.outside.

    bank = OutsideSystem("bank", settings.bank_url, token=settings.bank_token)
    payments = PaymentService(session_factory, HttpGateway(bank))

A charge is a POST whose Idempotency-Key is the order id, so the client may repeat it after a
lost answer and the bank still charges once. What the client raises becomes what the payment
service understands: nothing sent or the circuit open -> GatewayUnavailable (certainly no
charge); sent and no answer -> GatewayTimeout (reconcile by lookup); the bank's 402 -> a
declined ChargeResult. The card number and CVV are only in the request body: the client logs
method, path, status and time, never a body.

The bank's signed settlement notice (the contract's `settlement` webhook) is applied with
`apply_settlement`; the web layer answers 401 on BadSignature, 400 on ValueError, else 204."""
from __future__ import annotations

import json
import logging
from datetime import timedelta
from urllib.parse import quote

from core.payments.service import (ChargeRequest, ChargeResult, GatewayTimeout,
                                   GatewayUnavailable, PaymentOutcome, PaymentService)
from core.platform.outside import AnswerLost, OutsideSystem, Refused, SystemDown, \
    signature_matches

log = logging.getLogger("egov.payments")

DECLINED_STATUS = 402
ORDER_REUSED_STATUS = 409
DECLINE_CODES = frozenset({"declined", "insufficient_funds", "expired_card"})


class HttpGateway:
    """PaymentGateway over HTTP. `settle_window`: how long after a charge was sent a lookup
    that finds nothing means the bank never got it; shorter, and a request still on its way
    (a slow bank behind a timed-out answer) could be taken for lost and the citizen charged
    twice after trying again."""

    def __init__(self, system: OutsideSystem, *, settle_window: timedelta = timedelta(minutes=2)):
        self.system = system
        self.settle_window = settle_window

    def charge(self, request: ChargeRequest) -> ChargeResult:
        card = request.card
        body = {"order_id": request.order_id, "amount_qepik": request.amount_qepik,
                "currency": request.currency, "description": request.description[:200],
                "card": {"number": card.number, "exp_month": card.exp_month,
                         "exp_year": card.exp_year, "cvv": card.cvv}}
        try:
            answer = self.system.call("POST", "/charges", json=body,
                                      idempotency_key=request.order_id, expect=(200, 201))
        except SystemDown as down:
            raise GatewayUnavailable(str(down)) from None
        except AnswerLost as lost:
            raise GatewayTimeout(str(lost)) from None
        except Refused as refused:
            return _refusal(refused)
        return _charge_result(_json(answer), "charge")

    def lookup(self, order_id: str) -> ChargeResult | None:
        try:
            answer = self.system.call("GET", f"/charges/{quote(order_id, safe='')}",
                                      expect=(200, 404))
        except SystemDown as down:
            raise GatewayUnavailable(str(down)) from None
        except AnswerLost as lost:
            raise GatewayTimeout(str(lost)) from None
        except Refused as refused:
            raise GatewayUnavailable(f"bank refused the lookup: {refused.status}") from None
        if answer.status_code == 404:
            return None
        return _charge_result(_json(answer), "lookup")


def _json(answer):
    try:
        return answer.json()
    except ValueError:
        return None


def _refusal(refused: Refused) -> ChargeResult:
    if refused.status == DECLINED_STATUS:
        code = refused.problem.get("code")
        return ChargeResult(approved=False, reference=str(refused.problem.get("reference", "")),
                            decline_code=code if code in DECLINE_CODES else "declined")
    if refused.status == ORDER_REUSED_STATUS:
        # Something was charged under this order before: only a lookup says what.
        raise GatewayTimeout("bank: order id already used") from None
    # 400, 401, 403 …: the bank refused the request itself, so nothing was charged.
    raise GatewayUnavailable(f"bank refused the charge request: {refused.status}") from None


def _charge_result(data, what: str) -> ChargeResult:
    try:
        status, reference = data["status"], str(data["reference"])
    except (TypeError, KeyError):
        # A 2xx we cannot read: it may have charged, so it is a lost answer.
        raise GatewayTimeout(f"bank: unreadable {what} answer") from None
    if status == "approved":
        return ChargeResult(approved=True, reference=reference)
    code = data.get("decline_code")
    return ChargeResult(approved=False, reference=reference,
                        decline_code=code if code in DECLINE_CODES else "declined")


class BadSignature(Exception):
    """A settlement notice not signed with the callback secret: changes nothing."""


def apply_settlement(payments: PaymentService, body: bytes, signature: str | None,
                     secret: str | None) -> PaymentOutcome | None:
    """The bank's signed word on an order (contracts/bank.yaml, webhook `settlement`).
    Returns the payment's outcome, or None for an order the portal does not know; a repeated
    notice changes nothing (a settled payment stays as it is)."""
    if not secret or not signature_matches(secret, body, signature):
        raise BadSignature("settlement notice not signed with the callback secret")
    data = json.loads(body)
    if not (isinstance(data, dict) and isinstance(data.get("order_id"), str)
            and data.get("status") in ("approved", "declined") and data.get("reference")):
        raise ValueError("a settlement notice names its order_id, status and reference")
    result = _charge_result(data, "settlement")
    return payments.settle_order(data["order_id"], result)
