"""The pieces every service shares, set up once by create_app before any service: the job
queue, the outbox's transports, the security codes, and card payments with receipts. A service
finds them on app.extensions; it never builds or configures them itself."""
from __future__ import annotations

import logging
from dataclasses import replace

from flask import Flask

from core.notifications import adapters as notification_adapters
from core.notifications.http_sms import BadSignature, apply_delivery_report
from core.platform import job_queue, ratelimit, this_process
from core.platform.security_code import SecurityCodes
from web.platform import callbacks, card_step
from web.platform.config import settings
from web.platform.db import db
from web.platform.readiness import not_connected

log = logging.getLogger("egov.web")

def init_app(app: Flask) -> None:
    factory = app.extensions["egov_db"].session_factory
    portal = settings(app)
    if app.testing and portal.gateway_delay_seconds is None:
        portal = replace(portal, gateway_delay_seconds=0)  # the sandbox bank answers at once
    this_process.configure(portal, session_factory=factory)
    job_queue.load_task_modules()
    sandbox = portal.sandbox
    # the same transports as the jobs run in this process (core.platform.this_process.resource)
    found = this_process.resource(notification_adapters.build)
    not_connected(app, "notifications", found.missing)
    app.extensions["notifications"] = found.transports
    callbacks.register(app, "sms", _delivery_reported)
    ratelimit.configure_key(app.config["SECRET_KEY"])
    app.extensions["security_codes"] = SecurityCodes(app.config["SECRET_KEY"], sandbox=sandbox)
    card_step.init_app(app)


def _delivery_reported(body: bytes, signature: str, secret: str) -> tuple[int, dict]:
    """The SMS provider's signed delivery report, recorded on its outbox message."""
    try:
        known = apply_delivery_report(db(), body, signature, secret)
    except BadSignature:
        return 401, {"code": "bad_signature", "message": "not signed"}
    except ValueError as wrong:
        return 400, {"code": "bad_request", "message": str(wrong)}
    db().commit()
    return (204, {}) if known else (404, {"code": "unknown_message", "message": "no such id"})

