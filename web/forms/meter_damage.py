"""Forms of meter damage (seed 002). The rules are in core.meter_damage.application; here each
reason becomes a sentence at its field. The service's wording (web/services/meter_damage/
texts.py: the kinds, the kinds of damage, problem_text for every refusal) is handed to a form
by the step that builds it."""
from __future__ import annotations

from typing import Callable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField

from core.notifications import outbox
from web.forms.mobile_number import MobileNumberForm

ProblemText = Callable[[str, str], str]  # (field, reason) -> the sentence at the field


class ContinueForm(FlaskForm):
    """Əsas məlumatlar: nothing to type, only İrəli (a form for its CSRF token)."""


class KindForm(FlaskForm):
    kind = RadioField(_l("Abonent növü"), choices=[], validate_choice=False)

    def __init__(self, kinds: Mapping[str, str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(code, str(label)) for code, label in kinds.items()]


class DetailsForm(FlaskForm):
    subscriber_code = RadioField(_l("Abonent kodu"), choices=[], validate_choice=False)
    base_code = RadioField(_l("Baş kod"), choices=[], validate_choice=False)
    metering_point = RadioField(_l("Uçot nöqtəsi"), choices=[], validate_choice=False)
    damage_kind = RadioField(_l("Sayğacda nə baş verib?"), choices=[], validate_choice=False)
    description = TextAreaField(_l("Zədəni qısaca təsvir edin (istəyə görə)"))
    # "Başqa zədə" needs a description: asked for under that choice (a conditional reveal)
    other_description = TextAreaField(_l("Zədəni təsvir edin"))

    def __init__(self, damage_kinds: Mapping[str, str], problem_text: ProblemText,
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.damage_kind.choices = [(code, str(label)) for code, label in damage_kinds.items()]
        self.problem_text = problem_text

    def offer(self, holdings, kind: str, business) -> None:
        """Only the codes held in the citizen's own name are offered."""
        if kind == "household":
            self.subscriber_code.choices = [(h.code, f"{h.code} — {h.address}")
                                            for h in holdings.households]
        else:
            self.base_code.choices = [(b.base_code, f"{b.base_code} — {b.name}")
                                      for b in holdings.businesses]
            self.metering_point.choices = [(p.code, f"{p.code} — {p.label}")
                                           for p in (business.points if business else ())]

    def answers(self, kind: str) -> dict:
        if kind == "household":
            codes = {"subscriber_code": (self.subscriber_code.data or "").strip()}
        else:
            codes = {"base_code": (self.base_code.data or "").strip(),
                     "metering_point": (self.metering_point.data or "").strip()}
        return {"kind": kind, **codes, "damage_kind": self.damage_kind.data or "",
                "description": self._description()}

    def _describes_other(self) -> bool:
        return self.damage_kind.data == "other"

    def _description(self) -> str:
        """The description box of the choice made; else the other box, whichever the citizen
        typed in (without JavaScript both show; with it, a box hidden by a change of mind
        may still hold what was typed)."""
        boxes = (self.other_description, self.description)
        first, second = boxes if self._describes_other() else boxes[::-1]
        return (first.data or "").strip() or (second.data or "").strip()

    def fill_description(self, description: str | None) -> None:
        """Show a kept description in the box of the kept choice."""
        box = self.other_description if self._describes_other() else self.description
        box.data = description

    def apply(self, problems: dict[str, str]) -> bool:
        for name, reason in problems.items():
            at = "other_description" if name == "description" and self._describes_other() \
                else name
            field = getattr(self, at, None)
            if field is not None:
                field.errors = [self.problem_text(name, reason)]
        return not problems and not self.errors.get("csrf_token")


class ContactForm(MobileNumberForm):
    email = StringField(_l("E-poçt (istəyə görə)"))

    def __init__(self, problem_text: ProblemText, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem_text = problem_text

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.check_mobile(lambda reason: self.problem_text("mobile", reason))
        email_problem = None
        if (self.email.data or "").strip():
            try:
                outbox.normalise_email(self.email.data)
            except outbox.InvalidEmail as invalid:
                email_problem = invalid.reason
        self.email.errors = [self.problem_text("email", email_problem)] if email_problem else []
        return not (self.operator.errors or self.subscriber.errors or self.email.errors
                    or self.errors.get("csrf_token"))
