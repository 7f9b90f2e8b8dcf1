"""Forms of the sandbox e-gov identity app (web/auth/sandbox_egov_identity.py): the portal's
8-character request code (standing in for its QR code), the app PIN, İmtina et."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField

from core.auth.egov_identity import normalise_code


class CodeForm(FlaskForm):
    code = StringField(_l("Sorğu kodu"))

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.code.errors = []
        if not (self.code.data or "").strip():
            self.code.errors = [_("Portalda QR kodun altında görünən 8 simvollu sorğu kodunu "
                                  "yazın")]
        elif normalise_code(self.code.data) is None:
            self.code.errors = [_("Sorğu kodu 8 simvoldan ibarətdir: latın hərfləri və "
                                  "rəqəmlər, məsələn ABCD2345")]
        return not (self.code.errors or self.errors.get("csrf_token"))


class PinForm(FlaskForm):
    request_id = HiddenField()
    pin = PasswordField(_l("Tətbiq PIN kodu"))


class ActionForm(FlaskForm):
    request_id = HiddenField()
