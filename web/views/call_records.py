"""Intercity and international calls made this month (seed 003), for signed-in citizens and
only for the landlines registered in their own name: any other number, in the URL or in a
form value, is 404 (web.auth ownership), so nothing hints that it exists."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, request
from flask_babel import format_date, format_decimal, format_time, get_locale

from core.platform import catalogue
from core.platform import usage
from core.call_records.records import CallRecordsPort, parse_line_key, records_for, to_baku
from core.sandbox.call_records import SandboxCallRecords
from core.kernel.db import utcnow
from core.kernel.money import to_decimal
from web.auth import Ownership, current_citizen, protect_blueprint
from web.db import db
from web.rendering import render
from web.services import guide_url, register_start, start_url

SERVICE_SLUG = "seherlerarasi-danisiqlar"
PAYMENTS_SLUG = "rabite-ve-kommunal-odenisler"

bp = Blueprint("call_records", __name__, url_prefix="/seherlerarasi-danisiqlar")


def port() -> CallRecordsPort:
    return current_app.extensions["call_records"]


def _own_lines(fin: str) -> list[str]:
    return [line.key for line in port().landlines_of(fin)]


LANDLINES = Ownership("landline", _own_lines, parse_line_key)
protect_blueprint(bp, SERVICE_SLUG, owned={"line": LANDLINES, "nomre": LANDLINES})


@bp.get("/")
def start():
    lines = port().landlines_of(current_citizen().fin)
    if not lines:
        return render("call_records/no_lines.html", service=catalogue.service(SERVICE_SLUG))
    return _show(request.args.get("nomre") or lines[0].key, lines)


@bp.get("/<line>/")
def line(line: str):
    return _show(line, port().landlines_of(current_citizen().fin))


def _show(key: str, lines):
    now = utcnow()
    records = records_for(port(), current_citizen().fin, key, now)
    if records is None:
        abort(404)
    usage.record_completion(db(), SERVICE_SLUG)
    db().commit()
    service = catalogue.service(SERVICE_SLUG)
    payments = catalogue.service(PAYMENTS_SLUG)
    rows = [{
        "date": format_date(to_baku(call.started_at), "dd.MM"),
        "time": format_time(to_baku(call.started_at), "HH:mm"),
        "duration": call.duration_seconds,
        "number": call.dialled.masked,
        "amount": _amount(call.amount),
        "paid": call.paid,
    } for call in records.calls]
    return render(
        "call_records/records.html", service=service, records=records, rows=rows,
        lines=lines, amount=_amount, usage_count=usage.usage_count(db(), SERVICE_SLUG),
        month=format_date(to_baku(now), "LLLL yyyy"),
        guide=guide_url(service, str(get_locale() or "az")),
        pay_url=start_url(payments) if payments and records.totals.unpaid_amount else None,
    )


def _amount(qepik: int) -> str:
    """0,80 in Azerbaijani (as the seed shows it), 0.80 in English."""
    return format_decimal(to_decimal(qepik), format="#,##0.00")


def init_app(app: Flask) -> None:
    if not app.config.get("SANDBOX"):
        return  # no adapter for the operators' real call-records system yet
    app.extensions["call_records"] = SandboxCallRecords()
    app.register_blueprint(bp)
    register_start(app, SERVICE_SLUG, "call_records.start")
