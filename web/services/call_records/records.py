"""The call records pages (seed 003 Şəkil 5): the citizen's own lines, this month's calls
with their totals."""
from __future__ import annotations

from flask import abort, request
from flask_babel import format_date, format_decimal, format_time, get_locale

from core.platform import catalogue
from core.call_records.records import records_for, to_baku
from core.kernel.db import utcnow
from core.kernel.money import to_decimal
from web.auth.guard import current_citizen
from web.platform.rendering import render
from web.platform.service_links import guide_url, start_url
from web.platform.usage_counts import count_use_once, shown_count

from web.services.call_records.blueprint import PAYMENTS_SLUG, SERVICE_SLUG, bp, adapters


@bp.get("/")
def start():
    lines = adapters().records.landlines_of(current_citizen().fin)
    if not lines:
        return render("call_records/no_lines.html", service=catalogue.service(SERVICE_SLUG))
    return _show(request.args.get("nomre") or lines[0].key, lines)


@bp.get("/<line>/")
def line(line: str):
    return _show(line, adapters().records.landlines_of(current_citizen().fin))


def _show(key: str, lines):
    now = utcnow()
    records = records_for(adapters().records, current_citizen().fin, key, now)
    if records is None:
        abort(404)
    count_use_once(SERVICE_SLUG)
    used = shown_count(SERVICE_SLUG)
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
        lines=lines, amount=_amount, usage_count=used,
        month=format_date(to_baku(now), "LLLL yyyy"),
        guide=guide_url(service, str(get_locale() or "az")),
        pay_url=start_url(payments) if payments and records.totals.unpaid_amount else None,
    )


def _amount(qepik: int) -> str:
    """0,80 in Azerbaijani (as the seed shows it), 0.80 in English."""
    return format_decimal(to_decimal(qepik), format="#,##0.00")
