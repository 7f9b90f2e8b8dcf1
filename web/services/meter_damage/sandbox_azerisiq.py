"""/sandbox/azerisiq: Azərişıq's back office in the sandbox (demo-data.md): the applications
it received, newest first, and a form to record each one's result, which reaches the citizen
by SMS and e-mail and shows in Müraciətlərim. Sandbox only; no sign-in (it stands for
Azərişıq's own staff)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _

from core.meter_damage.back_office import BackOffice
from core.meter_damage.jobs import after_commit
from web.platform.rendering import render
from web.services.meter_damage.texts import DAMAGE_KINDS, KINDS, RESULTS

sandbox_bp = Blueprint("sandbox_azerisiq", __name__, url_prefix="/sandbox/azerisiq")
SHOWN = 50


@sandbox_bp.get("/")
def cases():
    return render("meter_damage/sandbox_azerisiq.html", cases=back_office().cases(SHOWN),
                  results=RESULTS, kinds=KINDS, damage_kinds=DAMAGE_KINDS,
                  recorded=request.args.get("qeyd"), errors=_errors())


def _errors():
    case = request.args.get("xeta")
    return [(f"result-{case}-0", _("Nəticəni seçin"))] if case else []


@sandbox_bp.post("/<case>/netice")
def decide(case: str):
    note = (request.form.get("note") or "").strip()[:300] or None
    decision = back_office().decide(case, request.form.get("result") or "", note)
    if not decision.known:
        abort(404)  # and a reference no case has never reaches the Location header
    if not decision.valid:
        return redirect(url_for("sandbox_azerisiq.cases", xeta=case, _anchor=f"case-{case}"),
                        303)
    after_commit(None, decision.message_ids)
    return redirect(url_for("sandbox_azerisiq.cases", qeyd=case), 303)


def back_office() -> BackOffice:
    return current_app.extensions["meter_damage"].back_office
