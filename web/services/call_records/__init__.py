"""Cari ay şəhərlərarası və beynəlxalq danışıqlar (seed 003): this month's intercity and
international calls of the citizen's own landlines."""
from __future__ import annotations

from flask import Flask

from core.call_records import adapters
from core.call_records.records import CallRecordsUnavailable
from core.platform import this_process
from web.platform.errors import render_error
from web.platform.readiness import not_connected
from web.platform.service_links import register_start
from web.services.call_records import records
from web.services.call_records.blueprint import SERVICE_SLUG, bp

ROUTE_MODULES = (records,)  # adds its pages to bp


def init_app(app: Flask) -> None:
    found = this_process.resource(adapters.build)
    not_connected(app, SERVICE_SLUG, found.missing)
    if found.missing:
        return  # the operators' call-records system is not connected: Tezliklə
    app.extensions["call_records"] = found
    # the operators' system did not answer: the citizen is told to try again in a few minutes
    app.register_error_handler(CallRecordsUnavailable, lambda _error: render_error(503))
    app.register_blueprint(bp)
    register_start(app, SERVICE_SLUG, "call_records.start")
