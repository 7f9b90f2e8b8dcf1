"""Sign-in, shared by every signed-in service: the guard (guard.py), the sign-in pages
(views.py, asan_imza.py, egov_identity.py on blueprint.py's blueprint), the sandbox Asan İmza
phone, the sandbox e-gov identity app and the sandbox e-imza token."""
from __future__ import annotations

from flask import Flask

from core.auth import Method
from core.auth.asan_imza import SandboxAsanImza
from core.auth.egov_identity import SandboxEgovIdentity
from core.auth.eimza import SandboxEimza
from core.auth.signing import SandboxSigning
from web.auth import (asan_imza, egov_identity, guard, sandbox_egov_identity, sandbox_phone,
                      sandbox_token, session_timeout, views)
from web.auth import blueprint
from web.auth.blueprint import bp

ROUTE_MODULES = (views, asan_imza, egov_identity, session_timeout)  # each adds its pages to bp


def init_app(app: Flask) -> None:
    methods = [Method.PASSWORD]
    extension = {"methods": methods, "other_session_page": blueprint.other_session_page}
    if app.config.get("SANDBOX"):
        asan = SandboxAsanImza()
        token = SandboxEimza()
        extension.update(asan_imza=asan, eimza=token, signing=SandboxSigning(asan, token),
                         egov_identity=SandboxEgovIdentity())
        methods.extend([Method.ASAN_IMZA, Method.EIMZA, Method.EGOV_IDENTITY])
    app.extensions["auth"] = extension
    guard.init_app(app)
    session_timeout.init_app(app)
    app.register_blueprint(bp)
    sandbox_phone.init_app(app)
    sandbox_egov_identity.init_app(app)
    sandbox_token.init_app(app)
