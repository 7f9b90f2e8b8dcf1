"""The two feedback forms of web/portal/feedback/: the answer (Bəli / Xeyr, a button each) and
the problem report. Each carries its ticket (web/portal/feedback/tickets.py, read by the page
that takes the form). A refusal is a sentence at the field that says what to do."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from core.feedback.masking import clean
from core.feedback.store import MAX_TEXT
from core.notifications import outbox

ANSWERS = {"yes": True, "no": False}  # the button pressed: Bəli, Xeyr


class AnswerForm(FlaskForm):
    ticket = HiddenField()
    answer = HiddenField()  # the button pressed: its name and value

    def helpful(self) -> bool | None:
        return ANSWERS.get(self.answer.data or "")


class ProblemForm(FlaskForm):
    ticket = HiddenField()
    doing = TextAreaField(_l("Nə etmək istəyirdiniz? (istəyə görə)"))
    went_wrong = TextAreaField(_l("Nə baş verdi?"))
    reply_to = StringField(_l("Cavab almaq istəyirsinizsə, e-poçt ünvanınız (istəyə görə)"))

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.doing.errors = _length_problem(self.doing.data)
        self.went_wrong.errors = _length_problem(self.went_wrong.data) or (
            [] if clean(self.went_wrong.data) else [_("Nə baş verdiyini yazın")])
        self.reply_to.errors = []
        self.address = None
        if (self.reply_to.data or "").strip():
            try:
                self.address = outbox.normalise_email(self.reply_to.data)
            except outbox.InvalidEmail:
                self.reply_to.errors = [
                    _("E-poçt ünvanını ad@example.az şəklində yazın və ya xananı boş saxlayın")]
        return not (self.doing.errors or self.went_wrong.errors or self.reply_to.errors
                    or self.errors.get("csrf_token"))


def _length_problem(text: str | None) -> list[str]:
    length = len(clean(text))
    if length <= MAX_TEXT:
        return []
    return [_("Mətn %(limit)d simvoldan uzun olmamalıdır (siz %(count)d simvol yazmısınız): "
              "qısaldın və yenidən göndərin", limit=MAX_TEXT, count=length)]
