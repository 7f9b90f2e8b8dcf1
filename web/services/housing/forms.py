"""Forms of the e-cabinet. The payment method is chosen with a GET form (it only narrows what is
shown and travels in the URL, so a reload or a second tab keeps it); everything that changes a
place is a POST with the CSRF token."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, RadioField

from core.housing import PaymentMethod


def payment_choices():
    return [(PaymentMethod.MORTGAGE.value, _l("İpoteka kreditinin vəsaiti hesabına")),
            (PaymentMethod.OWN_FUNDS.value, _l("Öz vəsaiti hesabına"))]


class PaymentMethodForm(Form):
    usul = RadioField(_l("Ödəniş üsulu"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.usul.choices = payment_choices()

    def validate(self, extra_validators=None) -> bool:
        known = {value for value, _label in self.usul.choices}
        self.usul.errors = [] if self.usul.data in known else \
            [_("Ödəniş üsulunu seçin: ipoteka krediti və ya öz vəsaitiniz")]
        return not self.usul.errors


def valid_method(value: str | None) -> str | None:
    return value if value in {m.value for m in PaymentMethod} else None


class PressForm(FlaskForm):
    """Təsdiq et on one flat: the payment method chosen before travels with it."""

    usul = HiddenField()


class ActionForm(FlaskForm):
    """A form with only its CSRF token: İmtina et, Davam et."""
