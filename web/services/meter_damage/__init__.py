"""Əhali və Qeyri-Əhali abonentinin sayğac zədələnməsinin araşdırılması (seed 002): a signed-in
citizen reports a damaged electricity meter to Azərişıq; SMS and e-mail when it is registered
and when its result is recorded; the application shows in Müraciətlərim.

Steps (one URL each, web.platform.wizard): Əsas məlumatlar (steps.basic), Müraciət məlumatları
(steps.kind, steps.details), Əlaqə məlumatları (contact.contact), the check and
Müraciəti göndər (contact.check), the confirmation (contact.confirmation). The sandbox
Azərişıq's back office is sandbox_azerisiq.py."""
from __future__ import annotations

from flask import Flask

from core.meter_damage import adapters
from core.meter_damage.http_azerisiq import accept_result
from core.meter_damage.jobs import after_commit
from core.platform import this_process
from web.platform import callbacks
from web.platform.config import settings
from web.platform.db import db
from web.platform.readiness import not_connected
from web.platform.service_links import register_start
from web.portal.my_applications import words
from web.services.meter_damage import contact, steps
from web.services.meter_damage.blueprint import SERVICE_SLUG, bp
from web.services.meter_damage.sandbox_azerisiq import sandbox_bp
from web.services.meter_damage.texts import DAMAGE_KINDS, FACT_LABELS, KINDS, RESULTS, STATUSES

ROUTE_MODULES = (steps, contact)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    # Müraciətlərim words the citizen's earlier applications even while Azərişıq is away
    words.describe("meter_damage.", {
        **{f"meter_damage.{k}": v for k, v in STATUSES.items()},
        **{f"meter_damage.result.{k}": v for k, v in RESULTS.items()},
        **{f"meter_damage.kind.{k}": v for k, v in KINDS.items()},
        **{f"meter_damage.damage.{k}": v for k, v in DAMAGE_KINDS.items()},
        **{f"meter_damage.{k}": v for k, v in FACT_LABELS.items()},
    })
    found = this_process.resource(adapters.build)  # the same Azərişıq as this process's jobs
    not_connected(app, SERVICE_SLUG, found.missing)
    if found.missing:
        return  # the registry or Azərişıq is not connected: the service says Tezliklə
    app.extensions["meter_damage"] = found
    callbacks.register(app, "azerisiq", _azerisiq_decided)
    app.register_blueprint(bp)
    if settings(app).sandbox:
        app.register_blueprint(sandbox_bp)
    register_start(app, SERVICE_SLUG, "meter_damage.basic")


def _azerisiq_decided(body: bytes, signature: str, secret: str) -> tuple[int, dict]:
    """Azərişıq's result for a case (its signed caseDecided callback): recorded once, and the
    citizen's SMS and e-mail queued after the commit."""
    session = db()
    outcome = accept_result(session, body, signature, secret)
    session.commit()
    after_commit(None, outcome.message_ids)
    return outcome.status, {"outcome": outcome.outcome}
