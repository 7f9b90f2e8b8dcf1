"""Rabitə və kommunal xidmət haqlarının ödənilməsi (seed 001): debts by city and number, pay
one by card, receipt with print and e-mail."""
from __future__ import annotations

from flask import Flask

from core.bill_payment import billing
from core.bill_payment import adapters
from core.platform import this_process
from web.platform.config import settings
from web.platform.readiness import not_connected
from web.platform.service_links import register_start
from web.services.bill_payment import payment, sandbox, steps
from web.services.bill_payment.blueprint import bp

ROUTE_MODULES = (steps, payment)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    found = this_process.resource(adapters.build)  # the same systems as this process's jobs
    not_connected(app, billing.SERVICE_SLUG, found.missing)
    if found.missing or "payments" not in app.extensions:
        return  # a billing system or the bank is not connected: the service says Tezliklə
    app.extensions["bill_payment"] = found
    app.register_blueprint(bp)
    if settings(app).sandbox:
        app.register_blueprint(sandbox.bp)
    register_start(app, billing.SERVICE_SLUG, "bill_payment.line")
