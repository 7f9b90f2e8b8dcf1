"""Müraciətlərim ("My applications"): every application of the signed-in citizen across the
portal's services (core.platform.applications), linked from the header when signed in
(auth/_header_account.html)."""
from __future__ import annotations

from flask import Flask

from web.portal.my_applications.blueprint import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
