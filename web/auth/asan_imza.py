"""Signing in with Asan İmza: mobile number and user ID, then a 4-digit verification code the
citizen compares with the one on the phone, where they enter PIN1.

The waiting page learns the outcome by htmx polling (a POST every 2 seconds that answers 204
while the phone has not answered) and, without JavaScript, through its "Davam et" button: the
same POST. The request id waits in the signed cookie, so only this browser can use it, and a
confirmation opens at most one session (core.sandbox.asan_imza.SandboxAsanImza.consume)."""
from __future__ import annotations

from datetime import timedelta

from flask import redirect, request, session, url_for

from core.platform import catalogue
from core.auth import Method
from core.auth.asan_imza import Purpose, Refused, Refusal, Status
from core.kernel.db import utcnow
from core.auth.guess_limits import ASAN_IMZA
from web.auth import guess_guard
from web.auth import guard as auth
from web.auth.messages import asan_refusal
from web.auth.security_code_step import code_context
from web.platform.db import db
from web.forms.auth import AsanImzaForm, ConfirmForm
from web.platform.rendering import render
from web.platform.wording import minutes_until
from web.auth.blueprint import (CARRIED, adapters, bp, carry, finish, go, method_allowed,
                                requested_service)

PENDING_KEY = "asan_imza"
ASAN_MARK = "asan-imza"  # a browser's mark of the numbers it signed in with
POLL_SECONDS = 2


@bp.route("/daxil-ol/asan-imza", methods=["GET", "POST"])
def asan_imza():
    if (refusal := method_allowed(Method.ASAN_IMZA)) is not None:
        return refusal
    form = AsanImzaForm()
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        started = guess_guard.attempt(
            form, form.mobile, ASAN_IMZA, ASAN_MARK, form.national_mobile,
            lambda: adapters().asan_imza.start(db(), mobile=form.national_mobile,
                                                  user_id=form.user_id.data,
                                                  purpose=Purpose.SIGN_IN),
            lambda answer: isinstance(answer, Refused) and answer.reason is Refusal.UNKNOWN)
        db().commit()  # unknown pairs are counted even though the citizen sees an error
        if isinstance(started, Refused):
            form.mobile.errors = [asan_refusal(started.reason.value)]
        elif started is not None:
            session[PENDING_KEY] = {"id": started.request_id, "mobile": form.national_mobile,
                                    **carry()}
            return redirect(url_for("auth.asan_imza_wait"), 303)
    elif request.method == "GET" and request.args.get("netice"):
        errors = [("mobile", asan_refusal(request.args["netice"]))]
    return render("auth/asan_imza.html", form=form, errors=errors, service=requested_service(),
                  back=url_for("auth.choose", **carry()), code=code_context())


@bp.route("/daxil-ol/asan-imza/gozleyin", methods=["GET", "POST"])
def asan_imza_wait():
    pending = session.get(PENDING_KEY) or {}
    if Method.ASAN_IMZA not in adapters().methods:  # no provider here: choose another way
        session.pop(PENDING_KEY, None)
        return redirect(url_for("auth.choose", **{k: pending[k] for k in ("next", "xidmet")
                                                  if pending.get(k)}), 303)
    provider = adapters().asan_imza
    outcome = provider.outcome(db(), pending.get("id")) if pending.get("id") else None
    db().commit()  # an expired request is marked so
    if outcome is None:
        return redirect(url_for("auth.asan_imza"), 303)
    back_args = {k: pending[k] for k in CARRIED if pending.get(k)}
    form = ConfirmForm()
    if outcome.status not in (Status.WAITING, Status.CONFIRMED):
        session.pop(PENDING_KEY, None)
        return go(url_for("auth.asan_imza", netice=outcome.status.value, **back_args))
    if request.method == "POST" and form.validate_on_submit():
        if outcome.status is Status.WAITING:
            if request.headers.get("HX-Request"):
                return "", 204  # still waiting: nothing on the page changes
            return _waiting_page(form, outcome, pending, still_waiting=True)
        session.pop(PENDING_KEY, None)
        if provider.consume(db(), pending["id"]):
            db().commit()
            return guess_guard.remember(finish(outcome.identity, back_args), ASAN_MARK,
                                        pending.get("mobile", ""))
        db().commit()
        # A double click: the first request already opened the session (and set the cookie).
        return go(auth.safe_next(back_args.get("next")))
    return _waiting_page(form, outcome, pending)


def _waiting_page(form, outcome, pending, still_waiting: bool = False):
    seconds_left = max(0, int((outcome.expires_at - utcnow()).total_seconds()))
    return render("auth/asan_imza_wait.html", form=form, outcome=outcome,
                  confirmed=outcome.status is Status.CONFIRMED, still_waiting=still_waiting,
                  minutes_left=minutes_until(timedelta(seconds=seconds_left)), poll_seconds=POLL_SECONDS,
                  mobile=pending.get("mobile", ""),
                  service=catalogue.service(pending.get("xidmet", "")))
