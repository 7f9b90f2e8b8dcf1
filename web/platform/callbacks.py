"""Callbacks from outside systems (Azərişıq's result, MCQS's confirmation, the bank's
settlement): `POST /callbacks/<system>`, signed as contracts/README.md says (X-Signature:
HMAC-SHA256 of the raw body with EGOV_CALLBACK_SECRET). An unsigned or wrongly signed call is
refused with 401 and changes nothing; so is any call while no secret is configured. A service
registers what its system's callback does; the handler must make a repeated callback change
nothing (it is retried by the sender until it hears 2xx).

    callbacks.register(app, "azerisiq", lambda body: (200, {...}))
"""
from __future__ import annotations

import json
from typing import Callable

from flask import Blueprint, Flask, abort, current_app, jsonify, request

from core.platform.outside import SIGNATURE_HEADER, signature_matches
from web.platform.config import settings

Handler = Callable[[dict], tuple[int, dict]]
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
    if not secret or not signature_matches(secret, body, request.headers.get(SIGNATURE_HEADER)):
        return jsonify(code="bad_signature", message="the callback is not signed"), 401
    try:
        payload = json.loads(body)
    except ValueError:
        return jsonify(code="bad_request", message="the body is not JSON"), 400
    if not isinstance(payload, dict):
        return jsonify(code="bad_request", message="the body is not a JSON object"), 400
    status, answer = handler(payload)
    return jsonify(answer), status


def init_app(app: Flask) -> None:
    """create_app exempts bp from CSRF: the signature, not a session's token, proves who is
    calling."""
    app.register_blueprint(bp)
