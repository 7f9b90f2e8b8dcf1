"""Forms of the e-cabinet, the public log's proof lookup and the sandbox sale clock. The payment
method is chosen with a GET form (it only narrows what is shown and travels in the URL, so a
reload or a second tab keeps it); everything that changes a place is a POST with the CSRF
token."""
from __future__ import annotations

import re
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import NumberRange, Optional

from core.housing import PaymentMethod, Phase


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


class PhaseForm(FlaskForm):
    """The sandbox sale clock (/sandbox/satis): the phase to move the demo sale to, each named
    as the service names it (`phase_name`, handed over by the page)."""

    phase = RadioField(_l("Satışın mərhələsi"), choices=[], validate_choice=False)

    def __init__(self, phase_name: Callable[[str], str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = [(p.value, phase_name(p.value)) for p in Phase]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        known = {value for value, _label in self.phase.choices}
        self.phase.errors = [] if self.phase.data in known else [_("Mərhələni seçin")]
        return not (self.phase.errors or self.errors.get("csrf_token"))


class CapacityForm(FlaskForm):
    """The sandbox sale clock's waiting-room capacity."""

    capacity = IntegerField(_l("Eyni anda mənzil seçə bilənlərin sayı"),
                            validators=[Optional(), NumberRange(min=0, max=100_000)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators) and self.capacity.errors:
            self.capacity.errors = [_("0 ilə 100 000 arasında tam ədəd yazın")]
        return not (self.capacity.errors or self.errors.get("csrf_token"))
