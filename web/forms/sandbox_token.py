"""Forms of the sandbox e-imza token (web/auth/sandbox_token.py): plugging a token in or out,
and the 157 Call Centre's PUK for a blocked one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField


class TokenForm(FlaskForm):
    token = HiddenField()


class PukForm(FlaskForm):
    token = HiddenField()
    puk = PasswordField(_l("PUK kod"))
