"""Əks əlaqə, the agency's side (sandbox back office, no sign-in, as /sandbox/azerisiq): per
service the Bəli / Xeyr answers counted by day, the problem reports newest first, and all of it
as CSV. Production has no such page yet; it will sit behind the back office's own protection."""
from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Iterator

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import get_locale

from core.feedback import store
from core.kernel.db import utcnow
from core.platform import catalogue
from web.platform.db import db, reading
from web.platform.rendering import render
from web.portal.feedback.words import LANGUAGE_NAMES, PAGES

agency_bp = Blueprint("feedback_agency", __name__, url_prefix="/sandbox/eks-elaqe")
DAYS = 30
SHOWN_PROBLEMS = 100
CSV_COLUMNS = ("time_baku", "service", "page", "language", "kind", "answer", "doing",
               "went_wrong", "reply_to", "masked")
# A cell a spreadsheet would run as a formula (OWASP "CSV injection") is kept as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@agency_bp.get("/")
def overview():
    chosen = catalogue.service(request.args.get("xidmet", ""))
    since = store.baku_day(utcnow()) - timedelta(days=DAYS - 1)
    by_service: dict[str, list[store.DayCount]] = {}
    for count in store.daily_counts(db(), since):
        by_service.setdefault(count.service_slug, []).append(count)
    services = [s for s in catalogue.SERVICES if chosen is None or s.slug == chosen.slug]
    problems = store.problems(db(), SHOWN_PROBLEMS, service_slug=chosen.slug if chosen else None)
    return render("feedback/agency.html", services=services, by_service=by_service,
                  problems=problems, chosen=chosen, days=DAYS, shown=SHOWN_PROBLEMS,
                  pages=PAGES, languages=LANGUAGE_NAMES, locale_code=str(get_locale() or "az"),
                  service_name=_service_name)


def _service_name(slug: str) -> str:
    service = catalogue.service(slug)
    return service.name(str(get_locale() or "az")) if service else slug


@agency_bp.get("/eks-elaqe.csv")
def export():
    stamp = store.baku_day(utcnow()).strftime("%Y%m%d")
    response = Response(stream_with_context(_csv_lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="eks-elaqe-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv_lines() -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so a spreadsheet reads the Azerbaijani letters as UTF-8
    writer.writerow(CSV_COLUMNS)
    with reading() as session:
        for entry in store.export_rows(session):
            writer.writerow([_cell(value) for value in _row(entry)])
            if buffer.tell() > 32 * 1024:
                yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _row(entry) -> tuple:
    moment = entry.created_at.replace(tzinfo=store.UTC).astimezone(store.BAKU)
    answer = "" if entry.helpful is None else ("yes" if entry.helpful else "no")
    return (moment.strftime("%Y-%m-%d %H:%M:%S"), entry.service_slug, entry.page, entry.language,
            entry.kind, answer, entry.doing or "", entry.went_wrong or "", entry.reply_to or "",
            entry.masked)


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text
