"""MCQS of the sandbox (contracts/mcqs.yaml): the demo register (Rəşad's Nokia is registered),
accepting an application at once and registering it EGOV_REGISTRY_DELAY_SECONDS later, as
core.sandbox.devices.SandboxDeviceRegistry always has, here over HTTP and in
the sandbox's own database. `confirm_registration` sends the portal the signed
registrationConfirmed callback of a registered device (the portal also keeps asking)."""
from __future__ import annotations

import json
import logging
import time
from typing import Callable

import httpx
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.device_registration import imei as imei_rules
from core.device_registration.models import SandboxRegistryDevice
from core.device_registration.registration import DeviceRejected, Submission
from core.kernel.db import transaction, utcnow
from core.sandbox import devices
from core.sandbox.devices import SandboxDeviceRegistry
from sandbox_service import faults, session_factory
from sandbox_service.callbacks import send_signed

log = logging.getLogger("egov.sandbox.mcqs")

SYSTEM = "mcqs"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
tables = [SandboxRegistryDevice]


def load(session) -> bool:
    return devices.load_registry(session)


def _registry() -> SandboxDeviceRegistry:
    settings = current_app.config["EGOV_SETTINGS"]
    return SandboxDeviceRegistry(session_factory(), delay_seconds=settings.registry_delay_seconds)


def _problem(status: int, code: str, message: str):
    return jsonify(code=code, message=message), status


def _registration(row: SandboxRegistryDevice) -> dict:
    left = max((row.registers_at - utcnow()).total_seconds(), 0.0)
    return {"reference": row.reference, "imei": row.imei, "application_ref": row.application_ref,
            "status": "registered" if left <= 0 else "registering", "check_again_after": left,
            "registers_at": row.registers_at.isoformat() + "Z"}


def _find(factory=None, **where) -> SandboxRegistryDevice | None:
    with transaction(factory or session_factory()) as session:
        row = session.execute(select(SandboxRegistryDevice).filter_by(**where)).scalar_one_or_none()
        if row is not None:
            session.expunge(row)
        return row


@bp.get("/devices/<imei>")
def device(imei: str):
    row = _find(imei=imei)
    faults.lose_answer(SYSTEM)
    if row is None:
        return _problem(404, "unknown_device", "not registered")
    answer = _registration(row)
    return jsonify(imei=row.imei, reference=row.reference, status=answer["status"])


@bp.post("/registrations")
def submit():
    key = request.headers.get("Idempotency-Key")
    body = request.get_json(silent=True) or {}
    missing = [name for name in ("application_ref", "imei", "fin", "full_name") if not body.get(name)]
    if not key or missing or imei_rules.problem(str(body.get("imei"))):
        return _problem(400, "bad_request", f"Idempotency-Key and a valid body needed {missing}")
    if key != body["application_ref"]:
        return _problem(400, "key_mismatch", "the Idempotency-Key is the application_ref")
    earlier = _find(application_ref=key)
    submission = Submission(key, body["imei"], body["fin"], body["full_name"], body.get("model"))
    try:
        reference = _registry().submit(submission)
    except DeviceRejected as refused:
        return _problem(409, "imei_registered", str(refused))
    except IntegrityError:  # the key was used for another IMEI, or a concurrent twin won
        row = _find(application_ref=key)
        if row is None or row.imei != submission.imei:
            return _problem(409, "key_reused", "this key was used for another IMEI")
        reference = row.reference
    faults.lose_answer(SYSTEM)
    return jsonify(_registration(_find(reference=reference))), 200 if earlier else 201


@bp.get("/registrations/<reference>")
def registration(reference: str):
    row = _find(reference=reference)
    faults.lose_answer(SYSTEM)
    if row is None:
        return _problem(404, "unknown_registration", "no such reference")
    return jsonify(_registration(row))


# The confirmation, sent to the portal -------------------------------------------------------

def confirm_registration(factory, reference: str, *, callback_url: str, secret: str,
                         transport: httpx.BaseTransport | None = None, attempts: int = 3,
                         sleep: Callable[[float], None] = time.sleep) -> bool:
    """POST a registered device's confirmation to the portal, signed (webhook
    registrationConfirmed); repeated with backoff while the portal does not answer or fails.
    Safe to call again: the portal applies it once. True when the portal took it."""
    row = _find(factory, reference=reference)
    if row is None or row.registers_at > utcnow():
        return False
    body = json.dumps(_registration(row), sort_keys=True).encode()
    return send_signed(callback_url, body, secret, what=f"confirmation of {reference}",
                       transport=transport, attempts=attempts, sleep=sleep)
