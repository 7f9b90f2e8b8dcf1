"""Güzəştli mənzil (seed 004): the e-cabinet, choosing a flat, Təsdiq et, signing the purchase
application, withdrawing and the waiting list; and in the sandbox the sale clock /sandbox/satis.

Steps: cabinet.py (the cabinet, no cabinet), choose.py (payment method, project, flats, Təsdiq
et), application.py (the citizen's application, withdrawing), signing.py (Asan İmza PIN2, e-imza
token PIN), waiting_room.py (the queue in front of the sale, as the steps meet it),
queue_page.py (the queue page, its shared status and leaving it: no session read), public_log.py (the sale's public allocation log and its file, no
sign-in), transparency.py (the log's signed checkpoint, tiles, a buyer's proof and the proof
lookup, no sign-in), sandbox_clock.py (the sale's phase, reset and waiting-room capacity,
sandbox only)."""
from __future__ import annotations

from flask import Flask

from core.housing.jobs import build_room
from core.housing.log_keys import log_signer, witnesses
from core.housing.sale_view import SaleViews
from core.housing.waiting_room.room import RecentLatency
from core.kernel.db import utcnow
from core.platform import this_process
from web.platform import config
from web.platform.crowd_gate import CrowdGate
from web.platform.readiness import not_connected
from web.platform.service_links import register_start
from web.services.housing import (
    application, cabinet, choose, queue_page, signing, transparency, waiting_room,
)
from web.services.housing import public_log
from web.services.housing.blueprint import SERVICE_SLUG, bp, public_log_bp
from web.services.housing.queue_page import STATUS_PATH
from web.services.housing.sandbox_clock import sandbox_bp

ROUTE_MODULES = (cabinet, choose, application, signing, waiting_room)  # each adds its steps to bp
PUBLIC_MODULES = (public_log, transparency)  # the public log's page, file, tiles and proofs


def init_app(app: Flask) -> None:
    settings = config.settings(app)
    signing = app.extensions["auth"].signing
    if signing is None or not settings.sandbox:
        # the sale system is the portal's own, its sales are set up in the sandbox only so far;
        # a purchase is signed with Asan İmza or e-imza
        not_connected(app, SERVICE_SLUG, ["asan_imza", "eimza"] if signing is None
                      else ["sales (the agency's sales are set up in the sandbox only)"])
        return
    room = this_process.resource(build_room)  # the same room as the jobs run in this process
    app.extensions["housing"] = {
        "clock": utcnow, "waiting_room": room,
        "views": SaleViews(app.extensions["egov_db"].read_session_factory),
        "latency": RecentLatency(),
        "log_key": log_signer(settings).verifier_key(), "log_witnesses": witnesses(settings),
    }
    app.register_blueprint(bp)
    if settings.sandbox:
        app.register_blueprint(sandbox_bp)
    app.register_blueprint(public_log_bp)  # public: no sign-in (the allocation log)
    app.wsgi_app = CrowdGate(app.wsgi_app, waiting_room.crowd_of(lambda: room, STATUS_PATH),
                             at_once=settings.crowd_at_once,
                             most_waiting=max(1, settings.threads // 2))
    queue_page.init_app(app)  # the queue page and its shared status: no session read
    register_start(app, SERVICE_SLUG, "housing.cabinet")
