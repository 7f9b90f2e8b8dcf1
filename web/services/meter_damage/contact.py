"""Əlaqə məlumatları (Mobil No, E-poçt), the check of every answer with a change link per
section, Müraciəti göndər (one application however often it is pressed), the confirmation."""
from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from core.kernel import phones
from core.kernel.identity import Person
from core.meter_damage import application as meter
from core.meter_damage.jobs import after_commit
from core.meter_damage.subscribers import HOUSEHOLD, SubscribersUnavailable
from core.notifications.outbox import normalise_email
from core.platform import drafts
from web.auth.guard import current_citizen
from web.platform.db import db
from web.platform.rendering import render
from web.platform.usage_counts import shown_count
from web.services.meter_damage.blueprint import (answers, bp, guard, guarded_step, holdings,
                                                 locale, own_draft, step_labels,
                                                 take_unsaved, wizard)
from web.forms.meter_damage import ContactForm
from web.services.meter_damage.texts import DAMAGE_KINDS, KINDS, STATUSES, problem_text


@bp.route("/elaqe", methods=["GET", "POST"])
@guarded_step
def contact():
    kept = answers()
    number = phones.parse_mobile(kept.get("mobile") or "")
    values = {"operator": number.operator_code if number else "",
              "subscriber": number.subscriber if number else "", "email": kept.get("email")}
    unsaved = take_unsaved("meter_damage.contact") if request.method == "GET" else None
    if unsaved:
        values.update({k: v for k, v in unsaved.items() if k in values})
    form = ContactForm(problem_text, data=values) if request.method == "GET" \
        else ContactForm(problem_text)
    if request.method == "POST" and form.validate():
        email = (form.email.data or "").strip()
        return wizard.save("meter_damage.contact", mobile=form.mobile(),
                           email=normalise_email(email) if email else None)
    return render("meter_damage/contact.html", form=form, reference=kept["reference"],
                  steps=step_labels())


def check_sections(kept: dict, held) -> list[dict]:
    """The answers by section, each with where to change it (Əsas məlumatlar: nowhere)."""
    codes = [(_("Abonent kodu"), kept["subscriber_code"])] if kept["kind"] == HOUSEHOLD else [
        (_("Baş kod"), kept["base_code"]), (_("Uçot nöqtəsi"), kept["metering_point"])]
    try:
        address = meter.meter_address(held, kept)
    except (AttributeError, KeyError):
        address = "—"
    return [
        {"title": _("Əsas məlumatlar"), "change": None, "rows": [
            (_("Soyadı, adı, atasının adı"), kept["full_name"]), (_("FİN"), kept["fin"]),
            (_("Şəxsiyyət vəsiqəsinin nömrəsi"), kept["id_card_number"]),
            (_("Qeydiyyat ünvanı"), kept["address"])]},
        {"title": _("Müraciət məlumatları"), "change": url_for("meter_damage.details"),
         "rows": [(_("Müraciət nömrəsi"), kept["reference"]),
                  (_("Abonent növü"), str(KINDS[kept["kind"]])), *codes,
                  (_("Sayğacın ünvanı"), address),
                  (_("Zədənin növü"), str(DAMAGE_KINDS.get(kept["damage_kind"], "—"))),
                  (_("Təsvir"), kept.get("description") or "—")]},
        {"title": _("Əlaqə məlumatları"), "change": url_for("meter_damage.contact"), "rows": [
            (_("Mobil No"), phones.format_mobile(kept["mobile"])),
            (_("E-poçt"), kept.get("email") or "—")]},
    ]


@bp.route("/yoxla", methods=["GET", "POST"])
def check():
    draft = own_draft()
    if draft is not None and draft.data.get("submitted_ref"):
        return redirect(url_for("meter_damage.confirmation", ref=draft.data["submitted_ref"]),
                        303)
    redirect_to = guard("meter_damage.check")
    if redirect_to:
        return redirect_to
    kept = answers()
    try:
        held = holdings(current_citizen().fin)
    except SubscribersUnavailable:
        from web.services.meter_damage.steps import _subscribers_down
        return _subscribers_down()
    errors = []
    if request.method == "POST":
        person = Person(kept["fin"], kept["id_card_number"], *_name_parts(kept["full_name"]),
                        kept["address"])
        try:
            sent = meter.submit(db(), person=person, holdings=held, answers=kept,
                                reference=kept["reference"], submission_key=draft.id,
                                locale=locale())
        except meter.InvalidApplication as invalid:
            db().rollback()
            errors = [("change-" + ("contact" if f in ("mobile", "email") else "details"),
                       problem_text(f, r)) for f, r in invalid.problems.items()]
        else:
            drafts.update(db(), draft, submitted_ref=sent.reference)
            db().commit()
            if sent.created:
                after_commit(sent.application_id, sent.message_ids)
            return redirect(url_for("meter_damage.confirmation", ref=sent.reference), 303)
    return render("meter_damage/check.html", sections=check_sections(kept, held),
                  errors=errors, steps=step_labels())


def _name_parts(full_name: str) -> tuple[str, str, str]:
    surname, _sep, rest = full_name.partition(" ")
    name, _sep, patronymic = rest.partition(" ")
    return surname, name, patronymic


@bp.get("/muraciet/<ref>/qebul")
def confirmation(ref: str):
    application = meter.find(db(), current_citizen().fin, ref)
    if application is None:
        abort(404)
    return render("meter_damage/confirmation.html", application=application,
                  status_text=str(STATUSES[application.status]),
                  mobile=phones.format_mobile(application.mobile),
                  usage_count=shown_count(meter.SERVICE_SLUG))
