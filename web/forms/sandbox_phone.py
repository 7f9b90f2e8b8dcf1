"""Forms of the sandbox Asan İmza phone (web/auth/sandbox_phone.py): PIN1 or PIN2 for the
request waiting on the phone, the PUK of a blocked PIN, İmtina et."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField


class PinForm(FlaskForm):
    request_id = HiddenField()
    pin = PasswordField("PIN")


class PukForm(FlaskForm):
    puk = PasswordField("PUK")


class ActionForm(FlaskForm):
    request_id = HiddenField()
