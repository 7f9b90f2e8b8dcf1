"""The telephone operator's call records in the sandbox (contracts/call_records.yaml): the demo
lines and calls of core.sandbox.call_records, read against the same operator's ledger of the
"cari" debt that the sandbox billing systems (sandbox_service/systems/billing.py, which creates
and loads that table) book payments to: paying the debt marks the calls paid."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, jsonify, request

from core.call_records.records import Call
from core.kernel.db import utcnow
from core.kernel.phones import Landline
from core.sandbox.call_records import SandboxCallRecords
from sandbox_service import faults, session_factory

SYSTEM = "call_records"
bp = Blueprint(SYSTEM, __name__, url_prefix=f"/{SYSTEM}")


def _operator() -> SandboxCallRecords:
    return SandboxCallRecords(session_factory=session_factory())


def _problem(status: int, code: str, message: str):
    return jsonify(code=code, message=message), status


def utc_text(moment: datetime) -> str:
    return moment.isoformat() + "Z"


def parse_utc(text: str) -> datetime:
    """ISO 8601 as naive UTC (the portal's way of keeping times)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _call(call: Call) -> dict:
    return {"started_at": utc_text(call.started_at), "duration_seconds": call.duration_seconds,
            "dialled": {"country": call.dialled.country, "area": call.dialled.area,
                        "subscriber": call.dialled.subscriber},
            "amount": call.amount, "paid": call.paid}


@bp.get("/holders/<fin>/landlines")
def landlines(fin: str):
    lines = _operator().landlines_of(fin)
    faults.lose_answer(SYSTEM)
    return jsonify(fin=fin, landlines=[{"city_code": line.city_code, "number": line.number}
                                       for line in lines])


@bp.get("/landlines/<city_code>/<number>/calls")
def calls(city_code: str, number: str):
    try:
        line = Landline(city_code, number)
        until = parse_utc(request.args["until"]) if request.args.get("until") else utcnow()
    except ValueError as bad:
        return _problem(400, "bad_request", str(bad))
    found = sorted(_operator().calls_this_month(line, until), key=lambda c: c.started_at)
    faults.lose_answer(SYSTEM)
    return jsonify(city_code=city_code, number=number, calls=[_call(c) for c in found])
