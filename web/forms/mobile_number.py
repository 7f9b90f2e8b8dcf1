"""The mobile number field every service shares: the operator code (a choice) and the 7 digits
after it, checked by core.kernel.phones. Each form says the reasons in its own words (a service
may add why it asks); MOBILE_MESSAGES say them plainly."""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from core.kernel import phones

MOBILE_MESSAGES = {
    "operator": lambda: _("Operator kodunu seçin"),
    "required": lambda: _("Mobil telefon nömrəsini yazın"),
    "digits": lambda: _("Nömrəni yalnız rəqəmlərlə yazın, məsələn 123 45 67"),
    "length": lambda: _("Operator kodundan sonra 7 rəqəm yazın, məsələn 123 45 67"),
    "leading_zero": lambda: _("Nömrəni operator kodu və 0 olmadan, 7 rəqəmlə yazın, məsələn "
                              "123 45 67"),
}


def operator_choices() -> list[tuple[str, str]]:
    return [("", _("Kod"))] + [(code, f"0{code}") for code in sorted(phones.MOBILE_CODES)]


class MobileNumberForm(FlaskForm):
    """The two fields, first on the form; a form adds its own fields after them."""

    operator = SelectField(_l("Operator kodu"), choices=[], validate_choice=False)
    subscriber = StringField(_l("Nömrə"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.operator.choices = operator_choices()

    def check_mobile(self, sentence: Callable[[str], str]) -> bool:
        """core.kernel.phones' reasons at their fields, each as `sentence(reason)` says it."""
        problems = phones.mobile_problems(self.operator.data, self.subscriber.data)
        self.operator.errors = [sentence(problems["operator"])] \
            if "operator" in problems else []
        self.subscriber.errors = [sentence(problems["subscriber"])] \
            if "subscriber" in problems else []
        return not (self.operator.errors or self.subscriber.errors)

    def mobile(self) -> str:
        return f"0{self.operator.data}{phones.normalise_subscriber(self.subscriber.data)}"
