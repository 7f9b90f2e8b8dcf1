"""Əks əlaqə (feedback) on every service page and every journey's last page: the citizen's
forms (blueprint.py), the component's ticket (tickets.py), and the agency's view and CSV in the
sandbox back office (agency.py). What is stored, and how it is masked: core.feedback."""
from __future__ import annotations

from flask import Flask, request

from web.platform.service_links import service_slug_of_blueprint
from web.portal.feedback import tickets
from web.portal.feedback.agency import agency_bp
from web.portal.feedback.blueprint import bp
from web.platform.config import settings


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    if settings(app).sandbox:  # production has no such page yet
        app.register_blueprint(agency_bp)
    app.jinja_env.globals["feedback_ticket"] = tickets.issue
    app.jinja_env.globals["feedback_service"] = lambda: service_slug_of_blueprint(request.blueprint)
