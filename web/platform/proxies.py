"""The real client and scheme behind reverse proxies.

X-Forwarded-For and X-Forwarded-Proto are believed only from EGOV_PROXY_COUNT proxies in front
(Werkzeug's ProxyFix takes that many values from the right; 0, the default, believes none: a
client could write anything there). So rate limits key on the real client's address, and
HSTS and the Secure flag of cookies follow the scheme the citizen's browser really used."""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from web.platform.config import settings


class SessionCookies(SecureCookieSessionInterface):
    """Secure when configured so (EGOV_URL_SCHEME=https) or when this request came by HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or cookie_secure()


def cookie_secure() -> bool:
    return bool(request) and request.is_secure


def init_app(app: Flask) -> None:
    count = settings(app).proxy_count
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    app.session_interface = SessionCookies()
