"""Mobil cihazların qeydiyyatı (seed 000): IMEI registration, fee, card payment, receipt, and
the device registry (MCQS) within 24 hours."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from core.device_registration import imei as imei_rules
from core.device_registration import adapters, registration
from core.device_registration.http_registry import accept_confirmation
from core.platform import this_process
from web.platform.db import db
from web.platform import callbacks
from web.platform.readiness import not_connected
from web.platform.service_links import register_start
from web.portal import receipts as receipts_page
from web.portal.my_applications import words
from web.services.device_registration import details, payment, receipt
from web.services.device_registration.blueprint import bp
from web.services.device_registration.texts import FACT_LABELS, STATUSES

ROUTE_MODULES = (details, payment, receipt)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    # Worded even when the service is not connected: its earlier applications stay listed.
    words.describe("device_registration.", {
        f"device_registration.{key}": text for key, text in {**STATUSES, **FACT_LABELS}.items()})
    found = this_process.resource(adapters.build)  # the same MCQS as the jobs run in this process
    not_connected(app, registration.SERVICE_SLUG, found.missing)
    if found.missing or "payments" not in app.extensions:
        return  # the registry, MCQS or the bank is not connected: the service says Tezliklə
    app.extensions["device_registration"] = found
    callbacks.register(app, "mcqs", _registration_confirmed)
    app.register_blueprint(bp)
    register_start(app, registration.SERVICE_SLUG, "device_registration.check")
    receipts_page.describe(app, registration.SERVICE_SLUG, _describe_receipt)


def _describe_receipt(found) -> list[tuple[str, str]]:
    """What the public verification page adds for a device registration receipt."""
    application = registration.for_receipt(db(), found.id)
    if application is None:
        return []
    return [(_("İMEİ"), imei_rules.display(application.imei)),
            (_("Qeydiyyatın vəziyyəti"), receipt.status_text(application)[0])]


def _registration_confirmed(body: bytes, signature: str, secret: str) -> tuple[int, dict]:
    """MCQS's signed word that a device is registered: the application marked once."""
    session = db()
    outcome = accept_confirmation(session, body, signature, secret)
    session.commit()
    return outcome.status, {"outcome": outcome.outcome}

