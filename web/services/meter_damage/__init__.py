"""Əhali və Qeyri-Əhali abonentinin sayğac zədələnməsinin araşdırılması (seed 002): a signed-in
citizen reports a damaged electricity meter to Azərişıq; SMS and e-mail when it is registered
and when its result is recorded; the application shows in Müraciətlərim.

Steps (one URL each, web.platform.wizard): Əsas məlumatlar (steps.basic), Müraciət məlumatları
(steps.kind, steps.details), Əlaqə məlumatları (contact.contact), the check and
Müraciəti göndər (contact.check), the confirmation (contact.confirmation). The sandbox
Azərişıq's back office is sandbox_azerisiq.py."""
from __future__ import annotations

from flask import Flask

from core.meter_damage.azerisiq import SandboxAzerisiq
from core.platform import jobs
from core.sandbox import electricity
from web.platform.service_links import register_start
from web.portal.my_applications import words
from web.services.meter_damage import contact, steps
from web.services.meter_damage.blueprint import SERVICE_SLUG, Adapters, bp
from web.services.meter_damage.sandbox_azerisiq import sandbox_bp
from web.services.meter_damage.texts import DAMAGE_KINDS, FACT_LABELS, KINDS, RESULTS, STATUSES

ROUTE_MODULES = (steps, contact)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    if not app.config.get("SANDBOX"):
        return  # no connection to Azərişıq's real interface yet: the service says "Tezliklə"
    factory = app.extensions["egov_db"].session_factory
    port = SandboxAzerisiq(factory, delay_seconds=float(app.config["AZERISIQ_DELAY_SECONDS"]),
                           down=bool(app.config.get("AZERISIQ_DOWN")))
    app.extensions["meter_damage"] = Adapters(people=electricity.people(),
                                              subscribers=electricity.subscribers(),
                                              azerisiq=port)
    jobs.provide("azerisiq", port)  # a job run in this process sees the same sandbox
    app.register_blueprint(bp)
    app.register_blueprint(sandbox_bp)
    register_start(app, SERVICE_SLUG, "meter_damage.basic")
    words.describe("meter_damage.", {
        **{f"meter_damage.{k}": v for k, v in STATUSES.items()},
        **{f"meter_damage.result.{k}": v for k, v in RESULTS.items()},
        **{f"meter_damage.kind.{k}": v for k, v in KINDS.items()},
        **{f"meter_damage.damage.{k}": v for k, v in DAMAGE_KINDS.items()},
        **{f"meter_damage.{k}": v for k, v in FACT_LABELS.items()},
    })
