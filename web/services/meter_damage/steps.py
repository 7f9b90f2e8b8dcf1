"""Əsas məlumatlar (from the population registry) and Müraciət məlumatları (the kind of
subscriber, the citizen's own code, what happened)."""
from __future__ import annotations

from flask import request

from core.meter_damage import application as meter
from core.kernel.identity import RegistryUnavailable
from core.meter_damage.subscribers import HOUSEHOLD, SubscribersUnavailable
from web.auth.guard import current_citizen
from web.platform.db import db
from web.platform.rendering import render
from web.services.meter_damage.blueprint import (adapters, answers, bp, guarded_step,
                                                 holdings, own_draft, step_labels,
                                                 take_unsaved, wizard)
from web.forms.meter_damage import ContinueForm, DetailsForm, KindForm
from web.services.meter_damage.texts import DAMAGE_KINDS, KIND_HINTS, KINDS, problem_text


def _unavailable(message: str):
    return render("meter_damage/unavailable.html", message=message, status=503)


@bp.route("/", methods=["GET", "POST"])
def basic():
    draft = own_draft()
    if request.method == "GET" and draft is not None and draft.data.get("submitted_ref"):
        wizard.finish()  # the last application was sent: this is a new one
        db().commit()
    fin = current_citizen().fin
    try:
        person = adapters().people.person(fin)
    except RegistryUnavailable:
        from flask_babel import gettext as _
        return _unavailable(_("Əhali reyestri hazırda cavab vermir, ona görə əsas "
                              "məlumatlarınızı göstərə bilmirik. Bir neçə dəqiqədən sonra "
                              "yenidən cəhd edin."))
    form = ContinueForm()
    if request.method == "POST" and form.validate_on_submit() and person is not None:
        kept = answers()
        return wizard.save(
            "meter_damage.basic", fin=person.fin, full_name=person.full_name,
            id_card_number=person.id_card_number, address=person.address,
            reference=kept.get("reference") or meter.new_reference())
    return render("meter_damage/basic.html", form=form, person=person, steps=step_labels())


@bp.route("/muraciet", methods=["GET", "POST"])
@guarded_step
def kind():
    kept = answers()
    form = KindForm(KINDS, data={"kind": kept.get("kind")})
    unsaved = take_unsaved("meter_damage.kind")
    if unsaved is not None and request.method == "GET":
        form = KindForm(KINDS, data={"kind": unsaved.get("kind")})
    if request.method == "POST" and form.validate_on_submit():
        chosen = form.kind.data
        try:
            held = holdings(current_citizen().fin)
        except SubscribersUnavailable:
            return _subscribers_down()
        if chosen not in ("household", "business"):
            form.kind.errors = [problem_text("kind", "required")]
        elif chosen == HOUSEHOLD and not held.households:
            form.kind.errors = [problem_text("kind", "no_household")]
        elif chosen != HOUSEHOLD and not held.businesses:
            form.kind.errors = [problem_text("kind", "no_business")]
        else:
            changed = chosen != kept.get("kind")
            reset = {"subscriber_code": None, "base_code": None, "metering_point": None} \
                if changed else {}
            return wizard.save("meter_damage.kind", kind=chosen, **reset)
    return render("meter_damage/kind.html", form=form, reference=kept["reference"],
                  hints=KIND_HINTS, steps=step_labels())


def _subscribers_down():
    from flask_babel import gettext as _
    return _unavailable(_("Azərişıq ASC-nin abonent reyestri hazırda cavab vermir. "
                          "Yazdıqlarınız saxlanılıb: bir neçə dəqiqədən sonra yenidən cəhd "
                          "edin."))


@bp.route("/muraciet/abonent", methods=["GET", "POST"])
@guarded_step
def details():
    kept = answers()
    kind = kept["kind"]
    try:
        held = holdings(current_citizen().fin)
    except SubscribersUnavailable:
        return _subscribers_down()
    values = {k: kept.get(k) for k in ("subscriber_code", "base_code", "metering_point",
                                       "damage_kind")}
    unsaved = take_unsaved("meter_damage.details") if request.method == "GET" else None
    described = kept.get("description")
    if unsaved:
        values.update({k: v for k, v in unsaved.items() if k in values})
        described = DetailsForm(DAMAGE_KINDS, problem_text, data=unsaved).answers(kind)[
            "description"]
    if kind == HOUSEHOLD and not values["subscriber_code"] and len(held.households) == 1:
        values["subscriber_code"] = held.households[0].code
    # Which Baş kod's points to list: the one asked for (?base_code=, a citizen's own, the
    # ownership rule has checked), posted, kept, or the only one.
    base = request.values.get("base_code") or values["base_code"] or (
        held.businesses[0].base_code if len(held.businesses) == 1 else None)
    business = held.business(base) if base and kind != HOUSEHOLD else None
    if business is not None:
        values["base_code"] = business.base_code
    if request.method == "GET":
        form = DetailsForm(DAMAGE_KINDS, problem_text, data=values)
        form.fill_description(described)
    else:
        form = DetailsForm(DAMAGE_KINDS, problem_text)
    form.offer(held, kind, business)
    if request.method == "POST" and request.form.get("action") != "show_points":
        given = form.answers(kind)
        problems = meter.check_answers(held, given)
        if form.apply(problems):
            return wizard.save("meter_damage.details", **given)
    return render("meter_damage/details.html", form=form, kind=kind, held=held,
                  business=business, reference=kept["reference"], steps=step_labels(),
                  limit=meter.DESCRIPTION_LIMIT)
