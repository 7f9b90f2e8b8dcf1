"""The sandbox's SMS provider (contracts/sms.yaml): every SMS it accepts goes into its inbox
once per Idempotency-Key, and QA reads a number's messages (one-time codes) back with
GET /sms/messages?to=994501234567. A number on no Azerbaijani mobile operator is refused
(422 invalid_number), as a real provider refuses it: the outbox's permanent failure."""
from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.kernel.db import transaction, utcnow
from core.kernel.phones import MOBILE_CODES
from sandbox_service import faults, session_factory

SYSTEM = "sms"
INTERNATIONAL = re.compile(r"994([0-9]{2})[0-9]{7}")
MAX_TEXT = 918

bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")


class SandboxTables(DeclarativeBase):
    """Not the portal's Base: the sandbox's own tables stay out of the portal's schema and
    migrations (core.schema.metadata), which test_migrations compares with the models."""


class SandboxSmsMessage(SandboxTables):
    """One SMS the sandbox provider accepted (its inbox), keyed by the sender's idempotency key."""

    __tablename__ = "sandbox_sms_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    to: Mapped[str] = mapped_column(String(15), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    sender: Mapped[str] = mapped_column(String(11), nullable=False)
    client_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    @property
    def reference(self) -> str:
        return f"SBX-SMS-{self.id}"


tables = [SandboxSmsMessage]


def _problem(status: int, code: str, message: str):
    return jsonify(code=code, message=message), status


@bp.before_request
def _authorised():
    token = current_app.config["EGOV_SETTINGS"].sms_token  # one EGOV_SMS_TOKEN for both sides
    if token and request.headers.get("Authorization") != f"Bearer {token}":
        return _problem(401, "unauthorized", "the bearer token is missing or wrong")
    return None


@bp.post("/messages")
def send():
    body = request.get_json(silent=True)
    key = request.headers.get("Idempotency-Key", "")
    if not key or len(key) > 100:
        return _problem(400, "bad_request", "an Idempotency-Key header is needed")
    if not isinstance(body, dict) or not isinstance(body.get("text"), str) \
            or not body["text"].strip() or len(body["text"]) > MAX_TEXT:
        return _problem(400, "bad_request", "a text of 1 to 918 characters is needed")
    to = body.get("to")
    number = INTERNATIONAL.fullmatch(to) if isinstance(to, str) else None
    if number is None or number.group(1) not in MOBILE_CODES:
        return _problem(422, "invalid_number", "not an Azerbaijani mobile number")
    answer, first = _accept_once(key, body)
    faults.lose_answer(SYSTEM)
    return jsonify(answer), 201 if first else 200


@bp.get("/messages")
def for_number():
    to = request.args.get("to", "")
    if re.fullmatch(r"0[0-9]{9}", to):
        to = "994" + to[1:]
    if not INTERNATIONAL.fullmatch(to):
        return _problem(400, "bad_request", "?to=994XXXXXXXXX is needed")
    limit = min(max(request.args.get("limit", 20, type=int) or 20, 1), 100)
    with transaction(session_factory()) as session:
        rows = session.execute(
            select(SandboxSmsMessage).where(SandboxSmsMessage.to == to)
            .order_by(SandboxSmsMessage.id.desc()).limit(limit)).scalars()
        messages = [_message_json(row) for row in rows]
    return jsonify(messages=messages)


def _accept_once(key: str, body: dict) -> tuple[dict, bool]:
    try:
        with transaction(session_factory()) as session:
            existing = _by_key(session, key)
            if existing is not None:
                return _message_json(existing), False
            row = SandboxSmsMessage(
                idempotency_key=key, to=body["to"], text=body["text"],
                sender=str(body.get("sender") or "E-GOV")[:11],
                client_ref=str(body["client_ref"])[:100] if body.get("client_ref") else None,
                created_at=utcnow())
            session.add(row)
            session.flush()
            return _message_json(row), True
    except IntegrityError:  # the same key at the same moment: the other request kept it
        with transaction(session_factory()) as session:
            return _message_json(_by_key(session, key)), False


def _by_key(session, key: str) -> SandboxSmsMessage | None:
    return session.execute(
        select(SandboxSmsMessage).where(SandboxSmsMessage.idempotency_key == key)
    ).scalar_one_or_none()


def _message_json(row: SandboxSmsMessage) -> dict:
    return {"id": row.reference, "to": row.to, "text": row.text, "sender": row.sender,
            "client_ref": row.client_ref, "status": "delivered",
            "created_at": row.created_at.isoformat() + "Z"}
