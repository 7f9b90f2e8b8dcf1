"""Cari ay şəhərlərarası və beynəlxalq danışıqlar (seed 003): the blueprint, for signed-in
citizens and only for the landlines registered in their own name: any other number, in the URL or in a
form value, is 404 (web.auth.guard ownership), so nothing hints that it exists."""
from __future__ import annotations

from flask import Blueprint, current_app

from core.call_records.adapters import Adapters
from core.call_records.records import parse_line_key
from web.auth.guard import Ownership, protect_blueprint
from core.platform import catalogue

SERVICE_SLUG = catalogue.CALL_RECORDS
PAYMENTS_SLUG = catalogue.BILL_PAYMENT

bp = Blueprint("call_records", __name__, url_prefix=f"/{SERVICE_SLUG}")


def adapters() -> Adapters:
    return current_app.extensions["call_records"]


def _own_lines(fin: str) -> list[str]:
    return [line.key for line in adapters().records.landlines_of(fin)]


LANDLINES = Ownership("landline", _own_lines, parse_line_key)
protect_blueprint(bp, SERVICE_SLUG, owned={"line": LANDLINES, "nomre": LANDLINES})
