"""The Güzəştli mənzil e-cabinet's blueprint and what its steps share: the signed-in citizen's
cabinet, the clock (injectable: app.extensions["housing"]["clock"]), the signing port, and
sending the SMS a step queued once its transaction has committed.

Every route needs a citizen signed in with an enhanced signature (Asan İmza or e-imza) in the
one session the service allows (web.auth.guard, catalogue "guzestli-menzil"). URL arguments name
sales, projects and flats, which are public; the citizen's own place is found from the FİN of
the session, never from the URL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from decimal import Decimal
from functools import lru_cache

from flask import Blueprint, abort, current_app, redirect, request, url_for
from babel.numbers import format_decimal
from flask_babel import get_locale

from core.platform import catalogue
from core.housing import holds
from core.housing import sale as sales
from core.housing.models import Cabinet
from core.housing.sale_view import SaleViews
from core.notifications.jobs import enqueue
from web.auth.guard import current_citizen, protect_blueprint
from web.platform.db import READING_METHODS, db, reading, write

SERVICE_SLUG = catalogue.HOUSING
BAKU = timezone(timedelta(hours=4))

bp = Blueprint("housing", __name__, url_prefix=f"/{SERVICE_SLUG}")
protect_blueprint(bp, SERVICE_SLUG, unowned={
    "sale_id": ("1",), "project_id": ("1",), "flat_id": ("1",),
})
# The sale's public allocation log (public_log.py, transparency.py): no sign-in. Its URL
# numbers stop at the database's integer: a larger one is no sale or entry (404), not a
# database error.
public_log_bp = Blueprint("housing_log", __name__, url_prefix=f"/{SERVICE_SLUG}/satis")
NUMBER = "int(max=2147483647)"


def sale_or_404(sale_id: int):
    sale = sales.sale(db(), sale_id)
    if sale is None:
        abort(404)
    return sale


def now() -> datetime:
    return current_app.extensions["housing"]["clock"]()


def signing():
    return current_app.extensions["auth"].signing


def fin() -> str:
    return current_citizen().fin


def my_cabinet() -> Cabinet | None:
    """The citizen's e-cabinet, from this process's copy (read on a connection of its own,
    handed back at once: a step never holds two)."""
    return sale_views().cabinet(fin())


def sale_views() -> SaleViews:
    return current_app.extensions["housing"]["views"]


def commit_and_notify(pending: list[int]) -> None:
    """Commit the step, then hand the SMS it queued to the job queue. (The lists show the
    change within a second, in every process alike; the citizen's own place at once.)"""
    db().commit()
    for message_id in pending:
        enqueue(message_id)


def lapse_due_holds() -> None:
    """End the holds past their time, and hand their SMS to the job queue. A GET, whose db()
    takes no write lock, ends them in a short write of its own, once a read found one due."""
    if request.method not in READING_METHODS:
        commit_and_notify(holds.lapse_due(db(), now()))
        return
    moment = now()
    with reading() as reader:
        if not holds.any_due(reader, moment):
            return
    pending = write(lambda session: holds.lapse_due(session, moment))
    db().rollback()  # what it read before the write is read again, after it
    for message_id in pending:
        enqueue(message_id)


def baku_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone(BAKU).strftime("%H:%M")


def minutes_left(until: datetime | None) -> int:
    if until is None:
        return 0
    return max(0, -(-int((until - now()).total_seconds()) // 60))


def to_application(result_code: str | None = None):
    return redirect(url_for("housing.application", netice=result_code), 303)


def price(qepik: int) -> str:
    """68.544,00 in Azerbaijani, 68,544.00 in English."""
    return _formatted(qepik, 100, "#,##0.00", str(get_locale()))


def area(dm2: int) -> str:
    return _formatted(dm2, 100, "#,##0.0", str(get_locale()))


@lru_cache(maxsize=4096)
def _formatted(value: int, per_unit: int, pattern: str, locale: str) -> str:
    """A sale's list shows hundreds of prices and areas on every reload; Babel's formatting
    of each is the page's costliest call, and a flat's price never changes, so each is worked
    out once per language."""
    return format_decimal(Decimal(value) / per_unit, format=pattern, locale=locale)
