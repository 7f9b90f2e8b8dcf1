"""e-imza in the sandbox service (contracts/eimza.yaml): the certificates on the citizen's
tokens, signing in and signing a document with the token PIN, and, for the sandbox only, what
the 157 Call Centre and the issuing centre do (a token's counters, unblocking with the PUK, a
new token). The rules are core.auth.eimza's: 10 wrong PINs block the token, 3 wrong PUKs and
only a new token helps, an expired or revoked certificate is refused before the PIN is asked."""
from __future__ import annotations

import hmac

from flask import Blueprint, request
from sqlalchemy.orm import Session

from core.auth import Document, Method, sandbox_signature
from core.auth.eimza import Certificate, TokenResult
from core.auth.models import EimzaCertificate, EimzaToken
from core.sandbox.accounts import load_eimza
from core.sandbox.eimza import SandboxEimza
from sandbox_service.systems._sign_in_common import (
    answers_table, body, forget_old_answers, once, problem, read,
)

SYSTEM = "eimza"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")
Answer = answers_table(SYSTEM)
tables = [EimzaToken, EimzaCertificate, Answer]
tokens = SandboxEimza()


def load(session) -> None:
    load_eimza(session)


def certificate_json(certificate: Certificate | None) -> dict | None:
    if certificate is None:
        return None
    return {"serial": certificate.serial, "token_serial": certificate.token_serial,
            "fin": certificate.fin, "full_name": certificate.full_name,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_until": certificate.valid_until.isoformat(), "revoked": certificate.revoked}


def _result(result: TokenResult) -> tuple[dict, int]:
    if not result.ok:
        return {"code": result.refusal.value, "message": "The token refused",
                "attempts_left": result.attempts_left,
                "certificate": certificate_json(result.certificate)}, 422
    return {"identity": {"fin": result.identity.fin, "full_name": result.identity.full_name},
            "attempts_left": result.attempts_left,
            "certificate": certificate_json(result.certificate),
            "signature": result.signature}, 200


# --- what the portal asks -------------------------------------------------------------------
@bp.get("/certificates")
def certificates():
    fin = request.args.get("fin") or None
    plugged = request.args.get("tokens")
    wanted = [s for s in plugged.split(",") if s] if plugged is not None else None
    return read(lambda session: ({"certificates": [
        certificate_json(c) for c in tokens.certificates(session, fin, tokens=wanted)]}, 200))


@bp.get("/certificates/<serial>")
def certificate(serial: str):
    def work(session):
        found = tokens.certificate(session, serial)
        if found is None:
            return {"code": "unknown_certificate", "message": "No such certificate"}, 404
        return certificate_json(found), 200

    return read(work)


@bp.post("/sign-ins")
def sign_in():
    asked = body()
    return once(SYSTEM, Answer, lambda session: _result(tokens.sign_in(
        session, str(asked.get("certificate_serial") or ""), str(asked.get("pin") or ""))))


@bp.post("/signatures")
def sign():
    asked = body()
    document = asked.get("document")
    if not (isinstance(document, dict) and document.get("digest")):
        return problem(400, "bad_request", "a signature needs the document")
    return once(SYSTEM, Answer, lambda session: _result(tokens.sign(
        session, str(asked.get("certificate_serial") or ""), str(asked.get("pin") or ""),
        Document(str(document.get("title") or ""), str(document["digest"])))))


@bp.get("/signatures/verification")
def verification():
    fin, digest, value = (request.args.get(name, "") for name in ("fin", "digest", "value"))
    expected = sandbox_signature(Method.EIMZA, fin, digest)
    return {"valid": bool(value) and hmac.compare_digest(value, expected)}, 200


# --- the 157 Call Centre and the issuing centre (sandbox only) --------------------------------
@bp.get("/holders/<fin>/tokens")
def holder_tokens(fin: str):
    return read(lambda session: ({"tokens": [
        {"serial": state.serial,
         "certificates": [certificate_json(c) for c in state.certificates],
         "pin_attempts_left": state.pin_attempts_left,
         "puk_attempts_left": state.puk_attempts_left,
         "blocked": state.blocked, "blocked_for_good": state.blocked_for_good}
        for state in tokens.tokens(session, fin)]}, 200))


@bp.post("/tokens/<serial>/puk")
def unblock(serial: str):
    puk = str(body().get("puk") or "")
    return once(SYSTEM, Answer, lambda session: (
        {"result": tokens.unblock_with_puk(session, serial, puk).value}, 200))


@bp.post("/tokens/<serial>/replacement")
def replacement(serial: str):
    return once(SYSTEM, Answer, lambda session: (
        {"issued": tokens.issue_new_token(session, serial)}, 200))


def housekeeping(session: Session) -> int:
    """Kept answers past their use."""
    return forget_old_answers(session, Answer)

