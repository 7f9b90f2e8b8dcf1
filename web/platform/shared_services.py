"""The pieces every service shares, set up once by create_app before any service: the job
queue, the outbox's transports, the security codes, and card payments with receipts. A service
finds them on app.extensions; it never builds or configures them itself."""
from __future__ import annotations

import logging

from flask import Flask

from dataclasses import replace

from core.notifications import adapters as notification_adapters
from core.platform import jobs, ratelimit
from core.platform.security_code import SecurityCodes
from web.platform import card_step
from web.platform.config import settings

log = logging.getLogger("egov.web")

def init_app(app: Flask) -> None:
    factory = app.extensions["egov_db"].session_factory
    portal = settings(app)
    if app.testing and portal.gateway_delay_seconds is None:
        portal = replace(portal, gateway_delay_seconds=0)  # the sandbox bank answers at once
    jobs.configure(portal, session_factory=factory)
    jobs.load_task_modules()
    sandbox = portal.sandbox
    # the same transports as the jobs run in this process (core.platform.jobs.resource)
    app.extensions["notifications"] = jobs.resource(notification_adapters.build).transports
    ratelimit.configure_key(app.config["SECRET_KEY"])
    app.extensions["security_codes"] = SecurityCodes(app.config["SECRET_KEY"], sandbox=sandbox)
    card_step.init_app(app)
