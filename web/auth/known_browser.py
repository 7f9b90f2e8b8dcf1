"""The mark a browser keeps of the logins that signed in with it, so that strangers failing at
a citizen's password elsewhere never stand in her way (core.auth.accounts): her own browser
signs in as always, others pass a security code first.

The mark is a signed cookie holding a keyed hash of each login (never the login itself), kept
across sign-outs: it names no one and opens nothing by itself, the password is still needed."""
from __future__ import annotations

import hashlib
import hmac

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from core.auth.accounts import normalise_login

COOKIE = "egov_browser"
KEPT = 5
MAX_AGE = 180 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-browser")


def _mark(login: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"login:" + normalise_login(login).encode(), hashlib.sha256).hexdigest()[:32]


def _marks() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        found = _serializer().loads(raw)
    except BadSignature:
        return []
    return [m for m in found if isinstance(m, str)][:KEPT] if isinstance(found, list) else []


def knows(login: str | None) -> bool:
    return bool(login) and _mark(login) in _marks()


def remember(response: Response, login: str) -> Response:
    mark = _mark(login)
    marks = [mark, *[m for m in _marks() if m != mark]][:KEPT]
    response.set_cookie(COOKIE, _serializer().dumps(marks), max_age=MAX_AGE, httponly=True,
                        samesite="Lax", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure)
    return response
