"""The pieces every service shares, set up once by create_app before any service: the job
queue, the outbox's transports, the security codes, and card payments with receipts. A service
finds them on app.extensions; it never builds or configures them itself."""
from __future__ import annotations

import logging

from flask import Flask

from core.notifications.jobs import make_transports
from core.platform import jobs, ratelimit
from core.platform.security_code import SecurityCodes
from web.platform import card_step

log = logging.getLogger("egov.web")

def init_app(app: Flask) -> None:
    factory = app.extensions["egov_db"].session_factory
    jobs.configure(jobs.JobSettings.from_app_config(app.config), session_factory=factory)
    jobs.load_task_modules()
    sandbox = bool(app.config.get("SANDBOX"))
    try:
        transports = make_transports(app.config.get("SMTP_URL"), app.config["MAIL_FROM"],
                                     sandbox, sms_url=app.config.get("SMS_URL"))
    except RuntimeError as missing:  # the portal still serves; notices wait in the outbox
        log.warning("%s: notices wait in the outbox", missing)
        transports = {}
    app.extensions["notifications"] = transports
    jobs.provide("notification_transports", transports)  # jobs run here use the same ones
    ratelimit.configure_key(app.config["SECRET_KEY"])
    app.extensions["security_codes"] = SecurityCodes(app.config["SECRET_KEY"], sandbox=sandbox)
    card_step.init_app(app)
