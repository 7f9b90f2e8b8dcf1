"""Asan İmza in the sandbox service (contracts/asan_imza.yaml): the signature server the
portal asks (start a sign-in or a signature, its outcome, mark a confirmation used) and, for
the sandbox only, the citizen's phone (the request waiting on it, PIN1/PIN2, decline, PUK, a
duplicate SIM). The rules are core.auth.asan_imza's: 3 wrong PINs block until the PUK, 3 wrong
PUKs block the SIM for good, a suspended subscription is refused, a request expires."""
from __future__ import annotations

import hmac

from flask import Blueprint, request
from sqlalchemy.orm import Session

from core.auth import Document, Method, sandbox_signature
from core.auth.asan_imza import Purpose, Refused, normalise_mobile, purge_expired
from core.auth.models import AsanRequest, AsanSubscriber
from core.auth.http_calls import utc_text
from core.sandbox.accounts import load_asan_imza
from core.sandbox.asan_imza import SandboxAsanImza
from sandbox_service.systems._sign_in_common import (
    answers_table, body, forget_old_answers, once, problem, read,
)

SYSTEM = "asan_imza"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
Answer = answers_table(SYSTEM)
tables = [AsanSubscriber, AsanRequest, Answer]
server = SandboxAsanImza()


def load(session) -> None:
    load_asan_imza(session)


# --- what the portal asks -------------------------------------------------------------------
@bp.post("/requests")
def start():
    asked = body()
    try:
        purpose = Purpose(asked.get("purpose"))
    except ValueError:
        return problem(400, "bad_request", "purpose is sign_in or sign")
    document = asked.get("document")
    if purpose is Purpose.SIGN and not (isinstance(document, dict) and document.get("digest")):
        return problem(400, "bad_request", "a signing request needs the document")

    def work(session):
        started = server.start(
            session, mobile=str(asked.get("mobile") or ""), user_id=str(asked.get("user_id") or ""),
            purpose=purpose, holder_fin=asked.get("holder_fin"),
            document=Document(str(document.get("title") or ""), str(document["digest"]))
            if purpose is Purpose.SIGN else None)
        if isinstance(started, Refused):
            return {"code": started.reason.value,
                    "message": "Asan İmza did not send the request to the phone"}, 422
        return {"request_id": started.request_id, "verification_code": started.verification_code,
                "expires_at": utc_text(started.expires_at)}, 201

    return once(SYSTEM, Answer, work)


@bp.get("/requests/<request_id>")
def outcome(request_id: str):
    def work(session):
        found = server.outcome(session, request_id)
        if found is None:
            return {"code": "unknown_request", "message": "No such request"}, 404
        return {
            "status": found.status.value, "purpose": found.purpose.value,
            "verification_code": found.verification_code,
            "expires_at": utc_text(found.expires_at),
            "identity": {"fin": found.identity.fin, "full_name": found.identity.full_name}
            if found.identity else None,
            "signature": found.signature, "document_digest": found.document_digest,
        }, 200

    return read(work)


@bp.post("/requests/<request_id>/consume")
def consume(request_id: str):
    return once(SYSTEM, Answer, lambda session: (
        {"consumed": server.consume(session, request_id)}, 200))


@bp.get("/signatures/verification")
def verification():
    fin, digest, value = (request.args.get(name, "") for name in ("fin", "digest", "value"))
    expected = sandbox_signature(Method.ASAN_IMZA, fin, digest)
    return {"valid": bool(value) and hmac.compare_digest(value, expected)}, 200


# --- the phone (sandbox only) ---------------------------------------------------------------
@bp.get("/phones/<mobile>")
def phone(mobile: str):
    def work(session):
        screen = server.phone(session, normalise_mobile(mobile) or "")
        if screen is None:
            return {"code": "unknown_mobile", "message": "No Asan İmza SIM with this number"}, 404
        waiting = screen.request
        return {
            "mobile": screen.mobile, "full_name": screen.full_name,
            "suspended": screen.suspended, "pin1_blocked": screen.pin1_blocked,
            "pin2_blocked": screen.pin2_blocked, "blocked_for_good": screen.blocked_for_good,
            "pin1_attempts_left": screen.pin1_attempts_left,
            "pin2_attempts_left": screen.pin2_attempts_left,
            "puk_attempts_left": screen.puk_attempts_left,
            "request": {
                "request_id": waiting.id, "purpose": waiting.purpose,
                "verification_code": waiting.verification_code,
                "document_title": waiting.document_title,
                "expires_at": utc_text(waiting.expires_at),
            } if waiting is not None else None,
        }, 200

    return read(work)


@bp.post("/requests/<request_id>/pin")
def enter_pin(request_id: str):
    pin = str(body().get("pin") or "")

    def work(session):
        result, left = server.enter_pin(session, request_id, pin)
        return {"result": result.value, "attempts_left": left}, 200

    return once(SYSTEM, Answer, work)


@bp.post("/requests/<request_id>/decline")
def decline(request_id: str):
    return once(SYSTEM, Answer, lambda session: (
        {"declined": server.decline(session, request_id)}, 200))


@bp.post("/phones/<mobile>/puk")
def enter_puk(mobile: str):
    puk = str(body().get("puk") or "")

    def work(session):
        result, left = server.enter_puk(session, normalise_mobile(mobile) or "", puk)
        return {"result": result.value, "attempts_left": left}, 200

    return once(SYSTEM, Answer, work)


@bp.post("/phones/<mobile>/duplicate-sim")
def duplicate_sim(mobile: str):
    return once(SYSTEM, Answer, lambda session: (
        {"issued": server.issue_duplicate_sim(session, normalise_mobile(mobile) or "")}, 200))


def housekeeping(session: Session) -> int:
    """Kept answers past their use, and the sign-in requests long expired (as the
    portal's own housekeeping does with its sandbox's)."""
    return forget_old_answers(session, Answer) + purge_expired(session)

