"""The portal's web front end: create_app builds a configured Flask application."""
from __future__ import annotations

import importlib
import logging
import pkgutil

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web import config as config_module
from web import assets, compression, db, errors, i18n, rendering, security

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    settings = config_module.from_environment(config)
    app = Flask(__name__, instance_path=str(settings["INSTANCE_PATH"]),
                instance_relative_config=False)
    app.config.update(settings)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session already expires
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = settings["PREFERRED_URL_SCHEME"] == "https"
    app.config["SESSION_COOKIE_NAME"] = "egov_session"
    logging.basicConfig(level=settings["LOG_LEVEL"])

    compression.init_app(app)  # registered first, so it runs after every other after_request
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    rendering.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    _configure_jobs(app)
    _register_views(app)
    return app


def _configure_jobs(app: Flask) -> None:
    """The job queue uses this app's database and instance folder. Before the views, whose
    init_app may hand the queue the sandbox adapters they built (jobs.provide)."""
    from core.platform import jobs

    jobs.configure(jobs.JobSettings.from_app_config(app.config),
                   session_factory=app.extensions["egov_db"].session_factory)
    jobs.load_task_modules()


def _register_views(app: Flask) -> None:
    """Each module of web/views with an init_app(app) registers itself (CONTRIBUTING.md)."""
    from web import views

    for info in sorted(pkgutil.iter_modules(views.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{views.__name__}.{info.name}")
        if hasattr(module, "init_app"):
            module.init_app(app)
