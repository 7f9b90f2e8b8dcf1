"""/healthz (the process answers and reaches its database) and /readyz (what is not
connected: a service whose outside system has no URL outside the sandbox says Tezliklə, and
this page says which system it waits for)."""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from web.platform.db import db

KEY = "not_connected"


def not_connected(app: Flask, what: str, systems) -> None:
    """Record that `what` (a service, or a shared piece such as payments) lacks `systems`."""
    if systems:
        app.extensions.setdefault(KEY, {})[what] = sorted(set(systems))


def _database_answers() -> bool:
    try:
        db().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def init_app(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        if not _database_answers():
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}

    @app.get("/readyz")
    def readyz():
        missing = current_app.extensions.get(KEY, {})
        if not _database_answers():
            return {"status": "unavailable", "database": "unreachable",
                    "not_connected": missing}, 503
        return {"status": "ready" if not missing else "partly ready", "database": "ok",
                "not_connected": missing}
