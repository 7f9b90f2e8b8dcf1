"""A short list of strings a browser keeps for the portal in a cookie signed with the app's
secret (which logins it signed in with, which sandbox tokens are plugged into it): a cookie
that is missing, changed or not this portal's reads as an empty list."""
from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def read(name: str, salt: str, most: int) -> list[str]:
    raw = request.cookies.get(name)
    if not raw:
        return []
    try:
        found = _serializer(salt).loads(raw)
    except BadSignature:
        return []
    return [v for v in found if isinstance(v, str)][:most] if isinstance(found, list) else []


def write(response: Response, name: str, salt: str, values: list[str],
          max_age: int | None = None) -> Response:
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure
    response.set_cookie(name, _serializer(salt).dumps(values), max_age=max_age, httponly=True,
                        samesite="Lax", secure=secure)
    return response
