"""Sign-in, shared by every signed-in service: the guard (guard.py), the sign-in pages
(views.py, asan_imza.py, egov_identity.py on blueprint.py's blueprint), the sandbox Asan İmza
phone, the sandbox e-gov identity app and the sandbox e-imza token."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from core.auth import ProviderUnavailable
from core.auth import adapters
from web.auth import (asan_imza, egov_identity, guard, sandbox_egov_identity, sandbox_phone,
                      sandbox_token, session_timeout, views)
from web.auth import blueprint
from web.auth.blueprint import bp
from web.platform.config import settings
from web.platform.errors import render_error
from web.platform.readiness import not_connected

ROUTE_MODULES = (views, asan_imza, egov_identity, session_timeout)  # each adds its pages to bp


def init_app(app: Flask) -> None:
    found = adapters.build(settings(app))
    not_connected(app, "sign-in", found.missing)
    app.extensions["auth"] = found  # core.auth.adapters.Adapters, as every service's
    app.extensions["auth_other_session_page"] = blueprint.other_session_page  # for the guard
    app.register_error_handler(ProviderUnavailable, _provider_unavailable)
    guard.init_app(app)
    session_timeout.init_app(app)
    app.register_blueprint(bp)
    sandbox_phone.init_app(app)
    sandbox_egov_identity.init_app(app)
    sandbox_token.init_app(app)


UNAVAILABLE = (_l("Bu üsul hazırda cavab vermir"),
               _l("Asan İmza, e-imza və ya e-gov identifikasiya sistemi hazırda cavab vermir. "
                  "Daxil etdiyiniz məlumatlar saxlanılıb: bir neçə dəqiqədən sonra yenidən "
                  "cəhd edin və ya portala başqa üsulla daxil olun."))


def _provider_unavailable(_error: ProviderUnavailable):
    """The signing or sign-in system is down (its circuit open, or no answer): say so at once
    and offer the other ways in."""
    return render_error(503, *UNAVAILABLE)

