"""Forms of signing in: login and password, Asan İmza, e-imza. Each bad input gets a sentence
that says what to do; the values typed are kept (never a password or PIN)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField

from core.auth.asan_imza import normalise_mobile


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PasswordForm(FlaskForm):
    login = StringField(_l("İstifadəçi adı"), filters=[_strip])
    password = PasswordField(_l("Şifrə"))
    # Asked only after many failures for the login from elsewhere (core.auth.accounts).
    security_code = StringField(_l("Təhlükəsizlik kodu"), filters=[_strip])

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.login.errors = [] if self.login.data else [_("İstifadəçi adınızı yazın")]
        self.password.errors = [] if self.password.data else [_("Şifrənizi yazın")]
        return not (self.login.errors or self.password.errors or self.errors.get("csrf_token"))


class AsanImzaForm(FlaskForm):
    mobile = StringField(_l("Mobil nömrə"), filters=[_strip])
    user_id = StringField(_l("İstifadəçi ID"), filters=[_strip])
    # Asked only after many unknown pairs for the number from elsewhere (core.auth.guess_limits).
    security_code = StringField(_l("Təhlükəsizlik kodu"), filters=[_strip])

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.mobile.errors = []
        if not self.mobile.data:
            self.mobile.errors = [_("Asan İmza nömrənizi yazın, məsələn 050 123 45 67")]
        elif normalise_mobile(self.mobile.data) is None:
            self.mobile.errors = [_("Mobil nömrəni operator kodu ilə 10 rəqəmlə yazın, "
                                    "məsələn 050 123 45 67")]
        user_id = self.user_id.data or ""
        self.user_id.errors = []
        if not user_id:
            self.user_id.errors = [_("Asan İmza kartınızdakı İstifadəçi ID-ni yazın")]
        elif not (user_id.isascii() and user_id.isdigit() and len(user_id) == 6):
            self.user_id.errors = [_("İstifadəçi ID 6 rəqəmdən ibarətdir, məsələn 123456")]
        return not (self.mobile.errors or self.user_id.errors or self.errors.get("csrf_token"))

    @property
    def national_mobile(self) -> str:
        return normalise_mobile(self.mobile.data) or ""


class EimzaForm(FlaskForm):
    certificate = RadioField(_l("Sertifikat"), choices=[], validate_choice=False)
    pin = PasswordField(_l("Tokenin PIN kodu"))

    def __init__(self, choices: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate.choices = choices

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        known = {value for value, _label in self.certificate.choices}
        self.certificate.errors = [] if self.certificate.data in known else \
            [_("Tokeninizdəki sertifikatı seçin")]
        pin = self.pin.data or ""
        self.pin.errors = []
        if not pin:
            self.pin.errors = [_("Tokenin PIN kodunu yazın")]
        elif len(pin) > 32:
            self.pin.errors = [_("PIN kod 32 simvoldan uzun ola bilməz")]
        return not (self.certificate.errors or self.pin.errors or self.errors.get("csrf_token"))


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: "Davam et", "Çıxış"."""
