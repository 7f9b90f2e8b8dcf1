"""The portal's web front end: create_app builds a configured Flask application."""
from __future__ import annotations


from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web import auth, services
from web.platform import (assets, body_limit, callbacks, compression, db, errors, i18n,
                          input_text, metrics, proxies, readiness, rendering, request_log,
                          routing, security, shared_services, usage_counts)
from web.platform import config as config_module
from web.platform.one_round_trip import OneRoundTrip
from web.portal import (catalogue, feedback, guides, language, my_applications, receipts,
                        sandbox_outbox)

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    flask_config = config_module.from_environment(config)
    settings = flask_config["EGOV_SETTINGS"]
    app = Flask(__name__, instance_path=str(settings.instance_path),
                instance_relative_config=False)
    app.config.update(flask_config)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session already expires
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = settings.url_scheme == "https"
    app.config["SESSION_COOKIE_NAME"] = "egov_session"

    compression.init_app(app)  # registered first, so it runs after every other after_request
    request_log.init_app(app)  # next: it times and logs the answer as it finally is
    body_limit.init_app(app)  # before CSRF, which reads the form
    input_text.init_app(app)
    proxies.init_app(app)  # outermost: the real client for everything inside
    db.init_app(app)
    usage_counts.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    rendering.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    shared_services.init_app(app)
    metrics.init_app(app)
    routing.init_app(app)
    readiness.init_app(app)
    callbacks.init_app(app)
    csrf.exempt(callbacks.bp)  # signed by the calling system instead
    _register_views(app)
    app.wsgi_app = OneRoundTrip(app.wsgi_app)
    return app


def _register_views(app: Flask) -> None:
    """The portal's own pages, then every service of web/services (its SERVICES list)."""
    for module in (auth, catalogue, language, feedback, guides, my_applications, receipts,
                   sandbox_outbox):
        module.init_app(app)
    for service in services.packages():
        service.init_app(app)
