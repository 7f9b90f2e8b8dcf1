"""Forms of the bill payment journey (seed 001). The rules live in core; here they become
sentences that say what to do, in the citizen's language."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField

from core.bill_payment import billing
from core.kernel import money
from core.notifications import outbox as notifications
from core.kernel import phones
from core.payments.cards import CARD_TYPES
from core.kernel.phones import Landline
from web.platform.wording import city_choices


class LineForm(FlaskForm):
    city = SelectField(_l("Şəhər"), choices=[])
    number = StringField(_l("Nömrə"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.city.choices = [("", _("Şəhəri seçin"))] + city_choices()

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)  # CSRF and the choice list
        self.city.errors = []
        if self.city.data not in dict(city_choices()):
            self.city.errors = [_("Şəhəri seçin")]
        problem = phones.subscriber_problem(self.number.data)
        message = {
            "required": _("Telefon nömrəsini yazın"),
            "digits": _("Nömrəni yalnız rəqəmlərlə yazın, məsələn 4212372"),
            "length": _("Nömrə 7 rəqəmdən ibarət olmalıdır, məsələn 4212372"),
            "leading_zero": _("Nömrəni şəhər kodu və 0 olmadan, 7 rəqəmlə yazın, "
                              "məsələn 4212372"),
        }.get(problem or "")
        self.number.errors = [message] if message else []
        return not (self.city.errors or self.number.errors or self.errors.get("csrf_token"))

    def line(self) -> Landline:
        return Landline(self.city.data, phones.normalise_subscriber(self.number.data))


class AmountForm(FlaskForm):
    """The amount to pay (the debt by default) and the card type (seed Şəkil 6)."""

    amount = StringField(_l("Ödəniləcək məbləğ (AZN)"))
    card_type = RadioField(_l("Kart növü"), choices=[], validate_choice=False)

    def __init__(self, debt: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.debt = debt
        self.check: billing.AmountCheck | None = None
        self.card_type.choices = [(t.code, t.label) for t in CARD_TYPES.values()]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.check = billing.check_amount(self.amount.data, self.debt)
        self.amount.errors = [] if self.check.ok else [self._amount_message(self.check)]
        self.card_type.errors = [] if self.card_type.data in CARD_TYPES else \
            [_("Kartın növünü seçin")]
        return not (self.amount.errors or self.card_type.errors
                    or self.errors.get("csrf_token"))

    @staticmethod
    def _amount_message(check: billing.AmountCheck) -> str:
        return {
            "empty": _("Ödəniləcək məbləği yazın, məsələn 2.50"),
            "not_a_number": _("Məbləği rəqəmlərlə yazın, məsələn 2.50"),
            "too_many_decimals": _("Məbləği qəpiyə qədər yazın: nöqtədən sonra ən çoxu iki "
                                   "rəqəm, məsələn 2.50"),
            "too_small": _("Məbləğ ən azı 0.01 AZN olmalıdır"),
            "too_large": _("Bir ödəniş %(maximum)s AZN-dən çox ola bilməz",
                           maximum=money.format_amount(check.maximum)),
        }[check.problem]


class EmailForm(FlaskForm):
    email = StringField(_l("E-poçt ünvanı"))

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        return self.check_address() and not self.errors.get("csrf_token")

    def check_address(self) -> bool:
        """The address alone (a mistyped one shown again after the redirect: no token then)."""
        self.address = None
        try:
            self.address = notifications.normalise_email(self.email.data)
            self.email.errors = []
        except notifications.InvalidEmail as invalid:
            self.email.errors = [
                _("Bildirişin göndəriləcəyi e-poçt ünvanını yazın") if invalid.reason == "empty"
                else _("E-poçt ünvanını ad@example.az şəklində yazın")
            ]
        return not self.email.errors
