"""The four billing systems of the sandbox (contracts/billing.yaml): Baktelekom, Aztelekom,
Azəriqaz and Azərişıq with the demo ledger (core.sandbox.billing), slow by
EGOV_BILLING_DELAY_SECONDS, offline as EGOV_BILLING_DOWN names them, and booking each payment
reference once: core.sandbox.billing.SandboxBillingSystem's behaviour, over HTTP and in the
sandbox's own database."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select

from core.bill_payment.adapters import parse_down
from core.bill_payment.models import BillingAccount, BillingPosting
from core.bill_payment.systems import (PROVIDERS, SERVICES, Posted, ProviderUnavailable,
                                       UnknownAccount)
from core.kernel.db import transaction
from core.kernel.phones import Landline
from core.sandbox import billing as demo_ledger
from core.sandbox.billing import SandboxBillingSystem
from sandbox_service import faults, session_factory

SYSTEM = "billing"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
tables = [BillingAccount, BillingPosting]


def load(session) -> bool:
    return demo_ledger.load(session)


def _provider(code: str) -> SandboxBillingSystem | None:
    if code not in PROVIDERS:
        return None
    settings = current_app.config["EGOV_SETTINGS"]
    return SandboxBillingSystem(code, session_factory(),
                                delay_seconds=settings.billing_delay_seconds,
                                down=code in parse_down(settings.billing_down))


def _problem(status: int, code: str, message: str):
    return jsonify(code=code, message=message), status


def _posted(posted: Posted) -> dict:
    return {"reference": posted.reference, "amount": posted.amount,
            "balance_after": posted.balance_after}


def _unknown_provider(code: str):
    return _problem(404, "unknown_provider", f"no billing system {code!r}")


@bp.get("/<provider>/accounts/<city_code>/<number>")
def balances(provider: str, city_code: str, number: str):
    system = _provider(provider)
    if system is None:
        return _unknown_provider(provider)
    try:
        line = Landline(city_code, number)
    except ValueError as bad:
        return _problem(400, "bad_request", str(bad))
    try:
        found = system.balances(line)
    except ProviderUnavailable:
        return _problem(503, "unavailable", f"{provider} is not answering")
    faults.lose_answer(SYSTEM)
    if not found:
        return _problem(404, "unknown_line", f"{provider} has no account for {line}")
    return jsonify(provider=provider, city_code=city_code, number=number, balances=found)


@bp.post("/<provider>/payments")
def post_payment(provider: str):
    system = _provider(provider)
    if system is None:
        return _unknown_provider(provider)
    key = request.headers.get("Idempotency-Key")
    body = request.get_json(silent=True) or {}
    try:
        line = Landline(str(body.get("city_code")), str(body.get("number")))
        reference, service, amount = str(body["reference"]), body["service"], body["amount"]
    except (ValueError, KeyError) as bad:
        return _problem(400, "bad_request", f"a line, reference, service and amount: {bad}")
    if not key or service not in SERVICES or type(amount) is not int or amount <= 0:
        return _problem(400, "bad_request", "Idempotency-Key, a known service, an amount > 0")
    if key != reference:
        return _problem(400, "key_mismatch", "the Idempotency-Key is the payment reference")
    with transaction(session_factory()) as session:
        earlier = session.execute(select(BillingPosting.id).filter_by(
            provider=provider, reference=reference)).first()
    try:
        posted = system.post_payment(line, service, amount, reference)
    except UnknownAccount:
        return _problem(404, "unknown_account", f"{provider} has no {service} account for {line}")
    except ProviderUnavailable:
        return _problem(503, "unavailable", f"{provider} is not answering")
    faults.lose_answer(SYSTEM)
    return jsonify(_posted(posted)), 200 if earlier else 201


@bp.get("/<provider>/payments/<reference>")
def payment(provider: str, reference: str):
    system = _provider(provider)
    if system is None:
        return _unknown_provider(provider)
    try:
        posted = system.lookup(reference)
    except ProviderUnavailable:
        return _problem(503, "unavailable", f"{provider} is not answering")
    faults.lose_answer(SYSTEM)
    if posted is None:
        return _problem(404, "unknown_payment", f"nothing booked under {reference}")
    return jsonify(_posted(posted))


@bp.post("/sandbox/restore")
def restore_demo_debts():
    """Sandbox only (the /sandbox/borclar page): every demo account back to its demo debt."""
    if not request.headers.get("Idempotency-Key", "").strip():
        return _problem(400, "bad_request", "an Idempotency-Key is required")
    with transaction(session_factory()) as session:
        changed = demo_ledger.restore(session)
    return jsonify(changed=changed)

