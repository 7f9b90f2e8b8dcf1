"""Güzəştli mənzil (seed 004): the e-cabinet, choosing a flat, Təsdiq et, signing the purchase
application, withdrawing and the waiting list; and in the sandbox the sale clock /sandbox/satis.

Steps: cabinet.py (the cabinet, no cabinet), choose.py (payment method, project, flats, Təsdiq
et), application.py (the citizen's application, withdrawing), signing.py (Asan İmza PIN2, e-imza
token PIN), waiting_room.py (the queue in front of the sale), public_log.py (the sale's public
allocation log and its file, no sign-in), sandbox_clock.py (the sale's phase, reset and
waiting-room capacity, sandbox only)."""
from __future__ import annotations

from flask import Flask

from core.kernel.db import utcnow
from core.platform import jobs
from web.platform.service_links import register_start
from web.services.housing import application, cabinet, choose, signing, waiting_room
from web.services.housing.blueprint import SERVICE_SLUG, bp
from web.services.housing.public_log import public_log_bp
from web.services.housing.sandbox_clock import sandbox_bp

ROUTE_MODULES = (cabinet, choose, application, signing, waiting_room)  # each adds its steps to bp


def init_app(app: Flask) -> None:
    if not app.config.get("SANDBOX"):
        return  # no adapter for the agency's real sale system (nor for signing) yet
    room = waiting_room.build_room(app)
    app.extensions["housing"] = {"clock": utcnow, "waiting_room": room}
    jobs.provide("housing_admissions", (room.store, room.window))  # the same room in jobs here
    app.register_blueprint(bp)
    app.register_blueprint(sandbox_bp)
    app.register_blueprint(public_log_bp)  # public: no sign-in (the allocation log)
    register_start(app, SERVICE_SLUG, "housing.cabinet")
