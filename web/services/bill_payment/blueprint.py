"""Rabitə və kommunal xidmət haqlarının ödənilməsi (seed 001), no sign-in: the blueprint and what
its steps share. The steps are steps.py (number, debts, amount, confirmation) and payment.py
(card, checking, success with the e-mail notice)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app
from flask_babel import gettext as _

from core.bill_payment.adapters import Adapters
from core.bill_payment import billing
from core.kernel.phones import Landline
from core.platform.ratelimit import RateLimit
from web.platform.wording import city_label
from web.platform.wizard import Wizard

bp = Blueprint("bill_payment", __name__, url_prefix=f"/{billing.SERVICE_SLUG}")
wizard = Wizard(billing.SERVICE_SLUG, (
    "bill_payment.line", "bill_payment.debts", "bill_payment.amount", "bill_payment.confirm",
    "bill_payment.card",
))
# Looking up numbers that do not exist, again and again, is how debts of strangers would be
# fished for: a client gets 20 misses per 10 minutes.
UNKNOWN_NUMBERS = RateLimit("bill-unknown-number", 20, timedelta(minutes=10))


def adapters() -> Adapters:
    return current_app.extensions["bill_payment"]


def steps() -> list[str]:
    return [_("Nömrə"), _("Borclar"), _("Məbləğ"), _("Təsdiq"), _("Kart")]


def current_line() -> Landline:
    answers = wizard.answers()
    return Landline(answers["city"], answers["number"])


def line_title(line: Landline) -> str:
    return f"{city_label(line.city_code)} {line.number}"
