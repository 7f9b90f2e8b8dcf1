"""Cari ay şəhərlərarası və beynəlxalq danışıqlar (seed 003): this month's intercity and
international calls of the citizen's own landlines."""
from __future__ import annotations

from flask import Flask

from core.sandbox.call_records import SandboxCallRecords
from web.platform.service_links import register_start
from web.services.call_records import records
from web.services.call_records.blueprint import SERVICE_SLUG, bp

ROUTE_MODULES = (records,)  # adds its pages to bp


def init_app(app: Flask) -> None:
    if not app.config.get("SANDBOX"):
        return  # no adapter for the operators' real call-records system yet
    # the same operator's ledger bill payment posts to: paid debt, paid calls
    app.extensions["call_records"] = SandboxCallRecords(
        session_factory=app.extensions["egov_db"].session_factory)
    app.register_blueprint(bp)
    register_start(app, SERVICE_SLUG, "call_records.start")
