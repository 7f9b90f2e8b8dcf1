"""Rabitə və kommunal xidmət haqlarının ödənilməsi (seed 001): debts by city and number, pay
one by card, receipt with print and e-mail."""
from __future__ import annotations

from flask import Flask

from core.bill_payment import billing
from core.bill_payment.jobs import parse_down
from core.bill_payment.systems import sandbox_systems
from core.platform import jobs
from web.platform.service_links import register_start
from web.services.bill_payment import payment, sandbox, steps
from web.services.bill_payment.blueprint import Adapters, bp

ROUTE_MODULES = (steps, payment)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    if not app.config.get("SANDBOX"):
        return  # no adapters for the real billing systems yet: the service stays "coming soon"
    factory = app.extensions["egov_db"].session_factory
    found = sandbox_systems(factory, delay_seconds=float(app.config["BILLING_DELAY_SECONDS"]),
                            down=parse_down(app.config.get("BILLING_DOWN")))
    app.extensions["bill_payment"] = Adapters(systems=found)
    jobs.provide("billing_systems", found)  # tasks run in this process see the same sandbox
    app.register_blueprint(bp)
    app.register_blueprint(sandbox.bp)
    register_start(app, billing.SERVICE_SLUG, "bill_payment.line")
