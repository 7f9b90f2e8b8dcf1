"""Signing the purchase application (seed 004, "İmzalama mərhələsi"): with Asan İmza the citizen
confirms the request on the phone with PIN2; with e-imza they choose their certificate and type
the token PIN. The signature is over the application's summary (core.housing.application) and
counts only while the hold is still theirs (core.housing.holds.sign, a conditional write).

The Asan İmza waiting page learns the outcome as sign-in's does: an htmx POST every 2 seconds
that answers 204 while the phone has not answered, and the same POST from "Davam et" without
JavaScript. The request waits in the signed cookie, so only this browser can complete it."""
from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from core.auth.asan_imza import Refusal
from core.auth.signing import SigningState
from core.housing import holds
from core.kernel.db import utcnow
from core.kernel.phones import format_mobile
from core.platform import catalogue
from core.auth.guess_limits import ASAN_IMZA
from web.auth import guess_guard
from web.auth.asan_imza import ASAN_MARK
from web.auth.messages import asan_refusal, token_refusal
from web.auth.security_code_step import code_context
from web.platform.db import db
from web.forms.auth import AsanImzaForm, EimzaForm
from web.platform.rendering import render
from web.services.housing.application import my_application, summary_rows
from web.services.housing.blueprint import (
    SERVICE_SLUG, bp, commit_and_notify, fin, lapse_due_holds, minutes_left, my_cabinet, now,
    signing,
    to_application,
)
from web.forms.housing import ActionForm
from web.auth.blueprint import go

PENDING_KEY = "housing_signing"
POLL_SECONDS = 2


def _held():
    """The citizen's held application, or None (nothing to sign: back to the application).
    Lapsed holds are ended here only when the citizen's own is one of them: others' are the
    list's and the housing job's to end, and sweeping them on every signing page cost two
    round trips of each."""
    cabinet = my_cabinet()
    found = my_application(cabinet) if cabinet else None
    if found is not None and found.place.status == holds.HELD \
            and found.place.held_until <= now():
        lapse_due_holds()
        found = my_application(cabinet)
    if found is None or found.place.status != holds.HELD:
        return None
    return found


def _finish(found, step):
    result = holds.sign(db(), fin=fin(), place_id=found.place.id, method=step.signature.method.value,
                        signature=step.signature.value,
                        document_digest=found.document().digest, now=now())
    commit_and_notify(result.notices)
    return go(url_for("housing.application", netice=result.outcome.value))


@bp.route("/muracietim/asan-imza", methods=["GET", "POST"])
def sign_asan_imza():
    found = _held()
    if found is None:
        return to_application()
    form = AsanImzaForm()
    if request.method == "GET" and not form.mobile.data:
        form.mobile.data = format_mobile(found.cabinet.mobile)
    errors = []
    if request.method == "GET" and request.args.get("netice"):
        errors = [("mobile", asan_refusal(request.args["netice"]))]
    elif form.validate_on_submit():
        step = guess_guard.attempt(
            form, form.mobile, ASAN_IMZA, ASAN_MARK, form.national_mobile,
            lambda: signing().begin_asan_imza(db(), signer_fin=fin(), mobile=form.national_mobile,
                                              user_id=form.user_id.data,
                                              document=found.document()),
            lambda answer: answer.state is SigningState.REFUSED
            and answer.reason == Refusal.UNKNOWN.value)
        db().commit()  # unknown pairs are counted even though the citizen sees an error
        if step is not None and step.state is SigningState.REFUSED:
            form.mobile.errors = [asan_refusal(step.reason)]
        elif step is not None:
            session[PENDING_KEY] = {"handle": step.handle, "place": found.place.id,
                                    "mobile": form.national_mobile}
            return redirect(url_for("housing.sign_asan_imza_wait"), 303)
    return render("housing/sign_asan.html", service=catalogue.service(SERVICE_SLUG), form=form,
                  errors=errors, rows=summary_rows(found), code=code_context(),
                  minutes=minutes_left(found.place.held_until))


@bp.route("/muracietim/asan-imza/gozleyin", methods=["GET", "POST"])
def sign_asan_imza_wait():
    found = _held()
    pending = session.get(PENDING_KEY) or {}
    if found is None or pending.get("place") != found.place.id:
        session.pop(PENDING_KEY, None)
        return go(url_for("housing.application", netice="not_held" if pending else None))
    step = signing().poll(db(), signer_fin=fin(), handle=pending.get("handle", ""),
                          document=found.document())
    db().commit()  # an expired request is marked so
    if step.state is SigningState.REFUSED:
        session.pop(PENDING_KEY, None)
        return go(url_for("housing.sign_asan_imza", netice=step.reason))
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        if step.state is SigningState.SIGNED:
            session.pop(PENDING_KEY, None)
            return _finish(found, step)
        if request.headers.get("HX-Request"):
            return "", 204  # still waiting: nothing on the page changes
    seconds = max(0, int((step.expires_at - utcnow()).total_seconds())) if step.expires_at else 0
    return render("housing/sign_wait.html", service=catalogue.service(SERVICE_SLUG), form=form,
                  step=step, mobile=pending.get("mobile", ""), poll_seconds=POLL_SECONDS,
                  still_waiting=request.method == "POST",
                  request_minutes=max(1, -(-seconds // 60)),
                  minutes=minutes_left(found.place.held_until))


@bp.route("/muracietim/e-imza", methods=["GET", "POST"])
def sign_token():
    found = _held()
    if found is None:
        return to_application()
    token = signing().eimza
    today = utcnow().date()
    own = token.certificates(db(), fin())
    choices = [(c.serial, _("%(name)s, %(start)s – %(end)s", name=c.full_name,
                            start=format_date(c.valid_from, "dd.MM.yyyy"),
                            end=format_date(c.valid_until, "dd.MM.yyyy"))
                + ("" if c.problem(today) is None else " " + _("(qüvvədə deyil)")))
               for c in own]
    form = EimzaForm(choices)
    if len(choices) == 1 and not form.certificate.data:
        form.certificate.data = choices[0][0]
    if form.validate_on_submit():
        step = signing().sign_with_token(db(), signer_fin=fin(),
                                         certificate_serial=form.certificate.data,
                                         pin=form.pin.data, document=found.document())
        db().commit()  # a wrong PIN is counted
        if step.state is SigningState.SIGNED:
            return _finish(found, step)
        certificate = next((c for c in own if c.serial == form.certificate.data), None)
        message = token_refusal(step.reason, step.attempts_left,
                                getattr(certificate, "valid_until", None),
                                getattr(certificate, "valid_from", None))
        if step.reason in ("wrong_pin", "blocked"):
            form.pin.errors = [message]
        else:
            form.certificate.errors = [message]
    return render("housing/sign_token.html", service=catalogue.service(SERVICE_SLUG), form=form,
                  rows=summary_rows(found), minutes=minutes_left(found.place.held_until))
