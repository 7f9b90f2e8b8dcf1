"""/sandbox/outbox: every e-mail and SMS the portal sent, newest first (sandbox only), so
demos, guides and QA can read the notices without a mailbox or a phone."""
from __future__ import annotations

from flask import Blueprint, Flask

from core.notifications import outbox as notifications
from web.platform.db import db
from web.platform.rendering import render
from web.platform.config import settings

bp = Blueprint("sandbox_outbox", __name__)
SHOWN = 200


@bp.get("/sandbox/outbox")
def outbox():
    messages = notifications.recent(db(), limit=SHOWN)
    return render("sandbox/outbox.html", messages=messages, shown=SHOWN)


def init_app(app: Flask) -> None:
    if settings(app).sandbox:  # production has no such page at all
        app.register_blueprint(bp)
