"""e-gov identity in the sandbox service (contracts/egov_identity.yaml): the app service the
portal asks (a sign-in request shown as a QR code and a code, its outcome, mark an approval
used, cancel) and, for the sandbox only, the citizen's app (open a request by its code, approve
with the app PIN, decline). The rules are core.auth.egov_identity's: a request expires after 3
minutes; 5 wrong app PINs in a row lock the app's sign-in for 15 minutes."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy.orm import Session

from core.auth.egov_identity import purge_expired
from core.auth.http_calls import utc_text
from core.auth.models import EgovIdentityRequest, EgovIdentityUser
from core.sandbox.egov_identity import SandboxEgovIdentity, load as load_app_accounts
from sandbox_service.systems._sign_in_common import (
    answers_table, body, forget_old_answers, once, read,
)

SYSTEM = "egov_identity"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
Answer = answers_table(SYSTEM)
tables = [EgovIdentityUser, EgovIdentityRequest, Answer]
service = SandboxEgovIdentity()


def load(session) -> None:
    load_app_accounts(session)


# --- what the portal asks -------------------------------------------------------------------
@bp.post("/requests")
def start():
    def work(session):
        started = service.start(session)
        return {"request_id": started.request_id, "code": started.code,
                "qr_payload": started.qr_payload, "expires_at": utc_text(started.expires_at)}, 201

    return once(SYSTEM, Answer, work)


@bp.get("/requests/<request_id>")
def outcome(request_id: str):
    def work(session):
        found = service.outcome(session, request_id)
        if found is None:
            return {"code": "unknown_request", "message": "No such request"}, 404
        return {"status": found.status.value, "code": found.code,
                "qr_payload": found.qr_payload, "expires_at": utc_text(found.expires_at),
                "identity": {"fin": found.identity.fin, "full_name": found.identity.full_name}
                if found.identity else None}, 200

    return read(work)


@bp.post("/requests/<request_id>/consume")
def consume(request_id: str):
    return once(SYSTEM, Answer, lambda session: (
        {"consumed": service.consume(session, request_id)}, 200))


@bp.post("/requests/<request_id>/cancel")
def cancel(request_id: str):
    def work(session):
        service.cancel(session, request_id)
        return {"cancelled": True}, 200

    return once(SYSTEM, Answer, work)


# --- the citizen's app (sandbox only) -------------------------------------------------------
@bp.get("/apps/<fin>")
def app_screen(fin: str):
    def work(session):
        screen = service.app(session, fin)
        if screen is None:
            return {"code": "unknown_app", "message": "No e-gov identity app for this FİN"}, 404
        opened = screen.request
        return {"fin": screen.fin, "full_name": screen.full_name,
                "locked_until": utc_text(screen.locked_until) if screen.locked_until else None,
                "attempts_left": screen.attempts_left,
                "request": {"request_id": opened.id, "code": opened.code,
                            "expires_at": utc_text(opened.expires_at)}
                if opened is not None else None}, 200

    return read(work)


@bp.post("/apps/<fin>/opened-requests")
def open_request(fin: str):
    code = str(body().get("code") or "")
    return once(SYSTEM, Answer, lambda session: (
        {"result": service.open_request(session, fin, code).value}, 200))


@bp.post("/apps/<fin>/requests/<request_id>/approve")
def approve(fin: str, request_id: str):
    pin = str(body().get("pin") or "")

    def work(session):
        result, left = service.approve(session, fin, request_id, pin)
        return {"result": result.value, "attempts_left": left}, 200

    return once(SYSTEM, Answer, work)


@bp.post("/apps/<fin>/requests/<request_id>/decline")
def decline(fin: str, request_id: str):
    return once(SYSTEM, Answer, lambda session: (
        {"declined": service.decline(session, fin, request_id)}, 200))


def housekeeping(session: Session) -> int:
    """Kept answers past their use, and the sign-in requests long expired (as the
    portal's own housekeeping does with its sandbox's)."""
    return forget_old_answers(session, Answer) + purge_expired(session)

