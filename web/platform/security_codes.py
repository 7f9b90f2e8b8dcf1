"""The security code (core.platform.security_code) as the web layer uses it: the one instance
create_app set up, and the picture of a challenge, which the sign-in forms and device
registration each serve at their own URL."""
from __future__ import annotations

from flask import Response, abort, current_app

from core.platform.security_code import SecurityCodes
from web.platform.db import db


def security_codes() -> SecurityCodes:
    return current_app.extensions["security_codes"]


def image_response(challenge_id: str) -> Response:
    """The challenge's picture as SVG, never cached (a new challenge reuses nothing); 404 for
    a challenge that is unknown or used up."""
    svg = security_codes().image(db(), challenge_id)
    if svg is None:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
