"""The sandbox's acquiring bank (contracts/bank.yaml): the test cards of demo-data.md, one
charge per order id in the sandbox's database, and a lookup by order id.

Besides the run-time faults (sandbox_service.faults), the settings' EGOV_GATEWAY_DELAY_SECONDS
(how long a charge takes; 0.8 s when unset) and EGOV_GATEWAY_FAILURE keep the meanings they
have for the in-process SandboxGateway:
    down     every call answers 503: nothing charged;
    timeout  the card is charged and the answer is lost (reconciliation finds the charge);
    lost     the request is lost before the bank: nothing charged, no answer."""
from __future__ import annotations

import secrets
import time

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.kernel.db import transaction, utcnow
from core.payments.cards import detect_brand
from core.payments.models import SandboxBankCharge
from core.sandbox.bank import sandbox_decision
from sandbox_service import faults, session_factory

SYSTEM = "bank"
DEFAULT_DELAY_SECONDS = 0.8

bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
tables = [SandboxBankCharge]


def _settings():
    return current_app.config["EGOV_SETTINGS"]


def _problem(status: int, code: str, message: str, **extra):
    return jsonify(code=code, message=message, **extra), status


@bp.before_request
def _configured_failure():
    token = _settings().bank_token  # the sandbox's and the portal's: one EGOV_BANK_TOKEN
    if token and request.headers.get("Authorization") != f"Bearer {token}":
        return _problem(401, "unauthorized", "the bearer token is missing or wrong")
    if _settings().gateway_failure == "down":
        return _problem(503, "unavailable", "the sandbox bank is down (EGOV_GATEWAY_FAILURE)")
    return None


@bp.post("/charges")
def charge():
    body = request.get_json(silent=True)
    order_id = request.headers.get("Idempotency-Key", "")
    problem = _malformed(body, order_id)
    if problem:
        return _problem(400, "bad_request", problem)
    delay = _settings().gateway_delay_seconds
    time.sleep(DEFAULT_DELAY_SECONDS if delay is None else delay)
    if _settings().gateway_failure == "lost":
        raise faults.AnswerLostOnPurpose(SYSTEM)
    row, first = _charge_once(body)
    if row.amount_qepik != body["amount_qepik"]:
        return _problem(409, "order_reused", "this order id was charged for another amount")
    if _settings().gateway_failure == "timeout":
        raise faults.AnswerLostOnPurpose(SYSTEM)
    faults.lose_answer(SYSTEM)
    if not row.approved:
        return _problem(402, row.decline_code or "declined", "the card was declined",
                        reference=row.reference, order_id=row.order_id)
    return jsonify(_charge_json(row)), 201 if first else 200


@bp.get("/charges/<path:order_id>")
def lookup(order_id: str):
    with transaction(session_factory()) as session:
        row = _by_order(session, order_id)
        answer = None if row is None else _charge_json(row)
    faults.lose_answer(SYSTEM)
    if answer is None:
        return _problem(404, "not_found", "no charge for this order")
    return jsonify(answer)


def _malformed(body, order_id: str) -> str | None:
    if not isinstance(body, dict):
        return "a JSON body is needed"
    if not order_id or body.get("order_id") != order_id:
        return "the Idempotency-Key header must be the order id"
    card = body.get("card")
    amount = body.get("amount_qepik")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return "amount_qepik must be a positive whole number"
    if body.get("currency") != "AZN":
        return "only AZN is taken"
    if not isinstance(card, dict):
        return "card is needed"
    number = card.get("number")
    if not (isinstance(number, str) and number.isdigit() and detect_brand(number)):
        return "card.number is not a card number"
    month, year, cvv = card.get("exp_month"), card.get("exp_year"), card.get("cvv")
    if not (isinstance(month, int) and 1 <= month <= 12 and isinstance(year, int)):
        return "card expiry is malformed"
    if not (isinstance(cvv, str) and cvv.isdigit() and len(cvv) in (3, 4)):
        return "card.cvv is malformed"
    return None


def _charge_once(body: dict) -> tuple[SandboxBankCharge, bool]:
    """The order's charge: made now (True) or found from before (False); never two."""
    card = body["card"]
    try:
        with transaction(session_factory()) as session:
            existing = _by_order(session, body["order_id"])
            if existing is not None:
                return existing, False
            code = sandbox_decision(card["number"], card["exp_month"], card["exp_year"],
                                    utcnow().date())
            row = SandboxBankCharge(
                order_id=body["order_id"], reference="SBX" + secrets.token_hex(6).upper(),
                amount_qepik=body["amount_qepik"], brand=detect_brand(card["number"]).value,
                last4=card["number"][-4:], approved=code is None, decline_code=code,
                created_at=utcnow())
            session.add(row)
            session.flush()
            return row, True
    except IntegrityError:  # the same order at the same moment: the other request charged it
        with transaction(session_factory()) as session:
            return _by_order(session, body["order_id"]), False


def _by_order(session, order_id: str) -> SandboxBankCharge | None:
    return session.execute(
        select(SandboxBankCharge).where(SandboxBankCharge.order_id == order_id)
    ).scalar_one_or_none()


def _charge_json(row: SandboxBankCharge) -> dict:
    return {"order_id": row.order_id, "reference": row.reference,
            "status": "approved" if row.approved else "declined",
            "decline_code": row.decline_code, "amount_qepik": row.amount_qepik,
            "currency": "AZN", "brand": row.brand, "last4": row.last4,
            "created_at": row.created_at.isoformat() + "Z"}
