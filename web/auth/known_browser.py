"""The mark a browser keeps of the logins that signed in with it, so that strangers failing at
a citizen's password elsewhere never stand in her way (core.auth.accounts): her own browser
signs in as always, others pass a security code first.

The mark is a signed cookie holding a keyed hash of each login (never the login itself), kept
across sign-outs: it names no one and opens nothing by itself, the password is still needed."""
from __future__ import annotations

import hashlib
import hmac

from flask import Response, current_app

from core.auth.accounts import normalise_login
from web.platform import signed_cookie

COOKIE = "egov_browser"
KEPT = 5
MAX_AGE = 180 * 24 * 3600
SALT = "known-browser"


def _mark(login: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"login:" + normalise_login(login).encode(), hashlib.sha256).hexdigest()[:32]


def _marks() -> list[str]:
    return signed_cookie.read(COOKIE, SALT, KEPT)


def knows(login: str | None) -> bool:
    return bool(login) and _mark(login) in _marks()


def remember(response: Response, login: str) -> Response:
    mark = _mark(login)
    marks = [mark, *[m for m in _marks() if m != mark]][:KEPT]
    return signed_cookie.write(response, COOKIE, SALT, marks, max_age=MAX_AGE)
