"""Forms of the e-cabinet. The payment method is chosen with a GET form (it only narrows what is
shown and travels in the URL, so a reload or a second tab keeps it); everything that changes a
place is a POST with the CSRF token."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, RadioField, StringField

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


class ProofLookupForm(Form):
    """The public log's proof lookup (a GET form: it only reads): a pseudonym or an entry's
    number. `wanted()` is ("citizen", pseudonym) or ("seq", number) once valid."""

    axtar = StringField(_l("Təxəllüs və ya yazının nömrəsi"), filters=[
        lambda value: "".join((value or "").split()).lstrip("№#").lower()])

    def validate(self, extra_validators=None) -> bool:
        value = self.axtar.data or ""
        if not re.fullmatch(r"[0-9]{1,9}|[0-9a-f]{16}", value) or int(value, 16) == 0:
            self.axtar.errors = [_("Təxəllüsünüzü (16 simvol: 0–9 rəqəmləri və a–f hərfləri) "
                                   "və ya yazının nömrəsini yazın, məsələn 17")]
        return not self.axtar.errors

    def wanted(self) -> tuple[str, str | int]:
        value = self.axtar.data
        return ("citizen", value) if len(value) == 16 else ("seq", int(value))
