"""Müraciətlərim ("My applications"): every application of the signed-in citizen across the
portal's services, linked from the header when signed in (auth/_header_account.html)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web.services.my_applications.blueprint import bp

    app.register_blueprint(bp)
