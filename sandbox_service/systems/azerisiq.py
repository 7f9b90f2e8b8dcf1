"""Azərişıq ASC (contracts/azerisiq.yaml): its subscriber register (the demo records of
core.sandbox.electricity), its cases (sandbox_azerisiq_case in the sandbox's database, one per
application however often it is sent), and its result callback to the portal, signed.

    POST /azerisiq/cases        Idempotency-Key: SZ-…   opens the case once; 201, then 200
    GET  /azerisiq/subscribers?fin=5ZX8K2P               the codes in that citizen's name

As today's in-process adapter does, it honours the azerisiq_delay_seconds and azerisiq_down
settings, besides the faults switched on at run time (sandbox_service.faults). A case is
decided by `decide_and_report` (the back office's button), which reports it to the portal's
callback address."""
from __future__ import annotations

import json
import logging
import time
from datetime import timezone
from typing import Callable

import httpx
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction
from core.meter_damage.application import DAMAGE_KINDS
from core.meter_damage.azerisiq import RESULTS, Submission
from core.meter_damage.models import SandboxAzerisiqCase
from core.meter_damage.subscribers import KINDS
from core.sandbox import azerisiq_cases, electricity
from sandbox_service import faults, session_factory
from sandbox_service.callbacks import send_signed

log = logging.getLogger("egov.sandbox.azerisiq")

bp = Blueprint("azerisiq", __name__, url_prefix="/azerisiq")
tables = [SandboxAzerisiqCase]

_TEXT_FIELDS = {"application_ref": 20, "kind": 10, "code": 20, "meter_address": 300,
                "damage_kind": 20, "full_name": 200, "mobile": 10}


def load(session: Session) -> bool:
    """The decided cases behind the demo's earlier applications (core.sandbox.electricity)."""
    added = False
    for citizen, ref, code, address, damage, result, _created, forwarded, resolved in \
            electricity.EARLIER:
        if session.execute(select(SandboxAzerisiqCase.id).where(
                SandboxAzerisiqCase.application_ref == ref)).first():
            continue
        session.add(SandboxAzerisiqCase(
            reference="AZS-" + ref.removeprefix("SZ-"), application_ref=ref,
            kind="business" if isinstance(code, tuple) else "household",
            code=code[1] if isinstance(code, tuple) else code, meter_address=address,
            damage_kind=damage, full_name=citizen.full_name, mobile=citizen.mobile,
            received_at=forwarded, result=result, decided_at=resolved))
        added = True
    session.flush()
    return added


@bp.get("/subscribers")
def subscribers():
    fin = request.args.get("fin", "").strip().upper()
    if not fin:
        return jsonify(code="bad_request", message="fin is required"), 400
    holdings = electricity.subscribers().holdings_of(fin)
    return jsonify(
        fin=fin,
        households=[{"code": h.code, "address": h.address} for h in holdings.households],
        businesses=[{"base_code": b.base_code, "name": b.name,
                     "points": [{"code": p.code, "label": p.label} for p in b.points]}
                    for b in holdings.businesses])


@bp.post("/cases")
def open_case():
    settings = current_app.config["EGOV_SETTINGS"]
    if settings.azerisiq_down:
        return jsonify(code="unavailable", message="azerisiq is down"), 503
    if settings.azerisiq_delay_seconds:
        time.sleep(settings.azerisiq_delay_seconds)
    key = request.headers.get("Idempotency-Key", "").strip()
    body = request.get_json(silent=True)
    if not key or not isinstance(body, dict):
        return jsonify(code="bad_request",
                       message="a JSON body and an Idempotency-Key are required"), 400
    problem = _problem(body, key)
    if problem:
        return jsonify(code="invalid", message=problem), 422
    submission = Submission(
        **{name: body[name] for name in _TEXT_FIELDS}, description=body.get("description"))
    reference, opened = azerisiq_cases.open_case(session_factory(), submission)
    faults.lose_answer(bp.name)  # with a "lost" fault on: opened, and no answer
    with transaction(session_factory()) as session:
        case = azerisiq_cases.case(session, reference)
        answer = _case_json(case)
    return jsonify(answer), 201 if opened else 200


def _problem(body: dict, key: str) -> str | None:
    for name, longest in _TEXT_FIELDS.items():
        value = body.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > longest:
            return f"{name}: required, at most {longest} characters"
    description = body.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > 500):
        return "description: at most 500 characters"
    if body["kind"] not in KINDS:
        return "kind: unknown"
    if body["damage_kind"] not in DAMAGE_KINDS:
        return "damage_kind: unknown"
    if key != body["application_ref"]:
        return "the Idempotency-Key is the application_ref"
    return None


def _case_json(case: SandboxAzerisiqCase) -> dict:
    return {"reference": case.reference, "application_ref": case.application_ref,
            "received_at": _utc(case.received_at), "result": case.result}


def _utc(moment) -> str:
    return moment.replace(tzinfo=timezone.utc).isoformat()


# The back office (the sandbox's own interface, tagged "sandbox" in the contract) -----------

@bp.get("/sandbox/cases")
def back_office_cases():
    limit = min(max(request.args.get("limit", 50, type=int), 1), 200)
    with transaction(session_factory()) as session:
        return jsonify(cases=[_whole_case(case) for case in azerisiq_cases.cases(session, limit)])


@bp.post("/sandbox/cases/<case_reference>/decision")
def back_office_decision(case_reference: str):
    body = request.get_json(silent=True) or {}
    if not request.headers.get("Idempotency-Key", "").strip():
        return jsonify(code="bad_request", message="an Idempotency-Key is required"), 400
    result, note = body.get("result"), body.get("note")
    factory = session_factory()
    with transaction(factory) as session:
        if azerisiq_cases.case(session, case_reference) is None:
            return jsonify(code="unknown_case", message="no such case"), 404
    if result not in RESULTS or (note is not None and not isinstance(note, str)):
        return jsonify(code="invalid", message="result: intact, replace or act"), 422
    settings = current_app.config["EGOV_SETTINGS"]
    with transaction(factory) as session:
        decided = azerisiq_cases.decide(session, case_reference, result, (note or "").strip() or None)
    reported = False
    if decided is not None and settings.callbacks_url and settings.callback_secret:
        reported = report(factory, case_reference, secret=settings.callback_secret,
                          callback_url=f"{settings.callbacks_url.rstrip('/')}/azerisiq")
    return jsonify(decided=decided is not None, reported=reported)


def _whole_case(case: SandboxAzerisiqCase) -> dict:
    return {**_case_json(case), "kind": case.kind, "code": case.code,
            "meter_address": case.meter_address, "damage_kind": case.damage_kind,
            "description": case.description, "full_name": case.full_name,
            "mobile": case.mobile, "note": case.note,
            "decided_at": _utc(case.decided_at) if case.decided_at else None}


# The result, reported to the portal ------------------------------------------------------------

def decide_and_report(factory: sessionmaker[Session], case_reference: str, result: str,
                      note: str | None, *, callback_url: str, secret: str,
                      transport: httpx.BaseTransport | None = None, attempts: int = 3,
                      sleep: Callable[[float], None] = time.sleep) -> bool:
    """Record a case's result once (a second click changes nothing and reports nothing), then
    report it to the portal. True when this call decided it and the portal took it."""
    with transaction(factory) as session:
        decided = azerisiq_cases.decide(session, case_reference, result, note)
    if decided is None:
        return False
    return report(factory, case_reference, callback_url=callback_url, secret=secret,
                  transport=transport, attempts=attempts, sleep=sleep)


def report(factory: sessionmaker[Session], case_reference: str, *, callback_url: str,
           secret: str, transport: httpx.BaseTransport | None = None, attempts: int = 3,
           sleep: Callable[[float], None] = time.sleep) -> bool:
    """POST a decided case's result to the portal, signed (contracts/azerisiq.yaml, webhook
    caseDecided); repeated with backoff while the portal does not answer or fails. Safe to call
    again (a "resend"): the portal records a result once. True when the portal took it."""
    with transaction(factory) as session:
        case = azerisiq_cases.case(session, case_reference)
        if case is None or case.result is None:
            return False
        body = json.dumps({
            "case_reference": case.reference, "application_ref": case.application_ref,
            "result": case.result, "note": case.note, "decided_at": _utc(case.decided_at),
        }, ensure_ascii=False, sort_keys=True).encode()
    return send_signed(callback_url, body, secret, what=f"callback for {case_reference}",
                       transport=transport, attempts=attempts, sleep=sleep)
