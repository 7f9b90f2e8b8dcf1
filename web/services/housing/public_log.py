"""The sale's public allocation log (bölgü jurnalı): anyone, signed in or not, reads every hold,
signature, lapse, withdrawal and reserve move, 50 entries a page with the newest last, sees the
chain's head and downloads the whole log as JSON Lines to check it with
`python -m core.housing.verify_log`. Citizens appear only as pseudonyms.

A blueprint of its own (blueprint.public_log_bp), not the e-cabinet's: the cabinet's routes all
need sign-in. The page also shows the log's signed checkpoint, the witnesses' cosignatures and
the proof lookup (transparency.py)."""
from __future__ import annotations

from datetime import datetime

from flask import Response, request, stream_with_context, url_for
from flask_babel import format_datetime

from core.housing import allocation_log, events
from core.platform import catalogue
from web.platform.db import db
from web.platform.rendering import render
from web.platform.routing import whole_number
from web.services.housing.blueprint import NUMBER, SERVICE_SLUG, public_log_bp, sale_or_404
from web.services.housing.texts import log_event_name, log_place_name
from web.services.housing.transparency import checkpoint_summary

PER_PAGE = 50
JSON_LINES = "application/jsonl; charset=utf-8"


def _page_number(pages: int) -> int:
    """?sehife=N, the last page (the newest entries) when not given or out of range."""
    asked = whole_number(request.args.get("sehife"), default=pages)
    return asked if 1 <= asked <= pages else pages


def _row(entry: allocation_log.Entry) -> dict:
    moment = datetime.strptime(entry.at, "%Y-%m-%dT%H:%M:%S.%fZ")
    return {"entry": entry, "time": format_datetime(moment, "dd.MM.yyyy HH:mm:ss"),
            "event": log_event_name(entry.kind), "place": log_place_name(entry.position)}


@public_log_bp.get(f"/<{NUMBER}:sale_id>/bolgu-jurnali")
def page(sale_id: int):
    sale = sale_or_404(sale_id)
    count, head = events.head(db(), sale.id)
    pages = max(1, -(-count // PER_PAGE))
    number = _page_number(pages)
    first = (number - 1) * PER_PAGE + 1
    rows = [_row(e) for e in events.entries(db(), sale.id, first, first + PER_PAGE - 1)]
    db().commit()  # SQLite: a read holds the write lock until the transaction ends

    def link(n: int) -> str | None:
        return url_for("housing_log.page", sale_id=sale.id, sehife=n) if 1 <= n <= pages \
            and n != number else None

    return render("housing/public_log.html", service=catalogue.service(SERVICE_SLUG), sale=sale,
                  count=count, head=head, rows=rows, number=number, pages=pages,
                  first_link=link(1), previous_link=link(number - 1),
                  next_link=link(number + 1), last_link=link(pages),
                  download=url_for("housing_log.download", sale_id=sale.id),
                  log=checkpoint_summary(sale.id))


@public_log_bp.get(f"/<{NUMBER}:sale_id>/bolgu-jurnali.jsonl")
def download(sale_id: int):
    sale = sale_or_404(sale_id)
    count, _head = events.head(db(), sale.id)
    db().commit()

    def lines():
        for entry in events.all_entries(db(), sale.id, count):
            yield allocation_log.to_line(entry).encode("utf-8")

    response = Response(stream_with_context(lines()), mimetype="application/jsonl")
    response.headers["Content-Type"] = JSON_LINES
    response.headers["Content-Disposition"] = \
        f'attachment; filename="bolgu-jurnali-satis-{sale.id}.jsonl"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
