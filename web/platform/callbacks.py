"""Callbacks from outside systems (Azərişıq's result, MCQS's confirmation, the bank's
settlement): `POST /callbacks/<system>`, signed as contracts/README.md says (X-Signature:
HMAC-SHA256 of the raw body with EGOV_CALLBACK_SECRET). An unsigned or wrongly signed call is
refused with 401 here, before any handler, and changes nothing; so is any call while no secret
is configured. A service registers what its system's callback does, given the raw body (the
handler checks the signature again, over the same bytes, in its own terms); a repeated
callback must change nothing (the sender retries until it hears 2xx).

    callbacks.register(app, "azerisiq", lambda body, signature, secret: (204, {}))
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, Flask, abort, current_app, jsonify, request

from core.platform.outside import SIGNATURE_HEADER, signature_matches
from web.platform.config import settings

Handler = Callable[[bytes, str, str], tuple[int, dict]]
KEY = "callback_handlers"

bp = Blueprint("callbacks", __name__, url_prefix="/callbacks")


def register(app: Flask, system: str, handler: Handler) -> None:
    app.extensions.setdefault(KEY, {})[system] = handler


@bp.post("/<system>")
def receive(system: str):
    handler = current_app.extensions.get(KEY, {}).get(system)
    if handler is None:
        abort(404)
    secret = settings().callback_secret
    body = request.get_data(cache=False)
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not signature_matches(secret, body, signature):
        return jsonify(code="bad_signature", message="the callback is not signed"), 401
    status, answer = handler(body, signature, secret)
    return (jsonify(answer), status) if status != 204 else ("", 204)


def init_app(app: Flask) -> None:
    """create_app exempts bp from CSRF: the signature, not a session's token, proves who is
    calling."""
    app.register_blueprint(bp)
