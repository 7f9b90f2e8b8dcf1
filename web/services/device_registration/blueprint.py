"""Mobil cihazların qeydiyyatı (seed 000), no sign-in: the blueprint and what its steps share
(the wizard, the adapters, the step labels). The steps are details.py (1–2), payment.py (card,
checking) and receipt.py (receipt, ARXİV)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from core.device_registration.adapters import Adapters
from core.device_registration import registration
from core.platform.ratelimit import RateLimit
from web.platform import card_step as payments
from web.platform.db import db
from web.platform.wizard import Wizard

bp = Blueprint("device_registration", __name__, url_prefix=f"/{registration.SERVICE_SLUG}")
wizard = Wizard(registration.SERVICE_SLUG, (
    "device_registration.check", "device_registration.details", "device_registration.card",
))
# Wrong security codes and documents that do not belong together, per client: guessing
# whose FİN matches which card is slowed to a crawl.
FAILURES = RateLimit("device-registration", 10, timedelta(minutes=15))
CHALLENGE_KEY = "device_registration_challenge"
CODE_PASS = timedelta(minutes=10)  # a right code is not asked again while other fields are fixed
CODE_PASS_USES = 5


def adapters() -> Adapters:
    return current_app.extensions["device_registration"]


def step_labels() -> list[str]:
    return [_("Sənədlər və İMEİ"), _("Məlumatlar"), _("Kartla ödəniş")]


def client_key() -> str:
    return request.remote_addr or "unknown"


def completed_receipt() -> str | None:
    draft = wizard.draft()
    return draft.data.get("receipt_number") if draft else None


def payment_under_way() -> bool:
    """A charge for this draft is approved or its answer is awaited: the application it pays
    for may no longer change (the IMEI, and so the fee, are fixed)."""
    draft = wizard.draft()
    if draft is None or draft.data.get("receipt_number"):
        return False
    subject = registration.payment_subject(draft.id)
    db().commit()  # the payment service reads in a transaction of its own
    current = payments.payment_service().current(subject)
    return current is not None and current.status in ("processing", "unknown", "approved")
