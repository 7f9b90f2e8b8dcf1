"""The meter-damage blueprint and what its steps share: the adapters, the citizen's codes,
the draft (the citizen's own only), and the sign-in rule with its ownerships.

Ownership (web.auth.guard): an abonent kodu, Baş kod or Uçot nöqtəsi in a form value or the query,
and an application reference in the URL, that the signed-in citizen does not hold is 404,
whatever the step; the forms then say which of the citizen's own codes fit where."""
from __future__ import annotations


from flask import Blueprint, current_app, g, redirect, request, session
from flask_babel import get_locale

from core.meter_damage.adapters import Adapters
from core.meter_damage import application as meter
from core.meter_damage.subscribers import Holdings, normalise
from core.platform import drafts
from core.platform.models import Draft
from web.auth.guard import (Ownership, current_citizen, protect_blueprint, session_ended,
                            sign_in_url)
from web.platform.db import db
from web.services.meter_damage.texts import STEP_LABELS
from web.platform.wizard import Wizard, guarded

SERVICE_SLUG = meter.SERVICE_SLUG
bp = Blueprint("meter_damage", __name__, url_prefix=f"/{SERVICE_SLUG}")
wizard = Wizard(SERVICE_SLUG, ("meter_damage.basic", "meter_damage.kind", "meter_damage.details",
                               "meter_damage.contact", "meter_damage.check"))
UNSAVED = "_unsaved"  # answers posted after the session ended, shown again after sign-in


def adapters() -> Adapters:
    return current_app.extensions["meter_damage"]


def holdings(fin: str) -> Holdings:
    """The citizen's codes, asked once per request."""
    cache = g.setdefault("meter_holdings", {})
    if fin not in cache:
        cache[fin] = adapters().subscribers.holdings_of(fin)
    return cache[fin]


def locale() -> str:
    return str(get_locale() or "az")


def step_labels() -> list[str]:
    return [str(label) for label in STEP_LABELS]


CODES = Ownership("electricity_code", lambda fin: holdings(fin).codes(), normalise)
APPLICATIONS = Ownership("meter_application",
                         lambda fin: [a.reference for a in meter.for_citizen(db(), fin)],
                         lambda value: value.strip().upper())


@bp.before_request
def keep_answers_of_an_ended_session():
    """A POST whose session ended mid-form: keep what was typed in the draft (shown again
    once the citizen has signed in, and only to the citizen who started it), then sign in."""
    if current_citizen() is not None or request.method != "POST":
        return None
    draft = wizard.draft()
    if draft is not None and request.endpoint in wizard.steps:
        typed = {k: v for k, v in request.form.items() if k != "csrf_token"}
        drafts.update(db(), draft, **{UNSAVED: {"step": request.endpoint, "form": typed}})
        db().commit()
    from flask import url_for

    target = url_for(request.endpoint) if request.endpoint in wizard.steps else None
    return redirect(sign_in_url(SERVICE_SLUG, target, bitdi="1" if session_ended() else None),
                    303)


LOGIN = protect_blueprint(bp, SERVICE_SLUG, owned={
    "subscriber_code": CODES, "base_code": CODES, "metering_point": CODES, "ref": APPLICATIONS,
})


def own_draft() -> Draft | None:
    """This browser's draft, if the signed-in citizen started it; another citizen's draft on
    a shared computer is forgotten here, never shown."""
    draft = wizard.draft()
    if draft is None:
        return None
    if draft.data.get("fin") != current_citizen().fin:
        session["drafts"] = {k: v for k, v in session.get("drafts", {}).items()
                             if k != SERVICE_SLUG}
        return None
    return draft


def answers() -> dict:
    draft = own_draft()
    return {k: v for k, v in (draft.data if draft else {}).items() if not k.startswith("_")}


def take_unsaved(step: str) -> dict | None:
    """What was typed into `step` when the session ended, once."""
    draft = own_draft()
    unsaved = (draft.data.get(UNSAVED) if draft else None) or {}
    if unsaved.get("step") != step:
        return None
    drafts.update(db(), draft, **{UNSAVED: None})
    db().commit()
    return unsaved.get("form") or {}


def guard(step: str):
    """The first unfinished step, or the start when the draft is not this citizen's."""
    if own_draft() is None:
        from flask import url_for
        return None if step == "meter_damage.basic" else redirect(url_for("meter_damage.basic"))
    return wizard.guard(step)


guarded_step = guarded(guard)  # a step view's decorator, below @bp.route
