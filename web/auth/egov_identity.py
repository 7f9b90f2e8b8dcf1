"""Signing in with e-gov identity, the mobile identity app: the page shows a QR code (drawn here
as SVG, no outside request) and the 8-character request code for a citizen who cannot scan;
the citizen approves the request in the app with the app PIN, or declines it.

The page learns the outcome by htmx polling (a POST every 2 seconds that answers 204 while the
app has not answered) and, without JavaScript, through its "Davam et" button: the same POST.
Approved → the session opens (web.auth.views.finish: the same rules as every method); declined
or locked → a sentence and the other ways in; expired → a new request offered ("Yeni sorğu").
The request id waits in the signed cookie, so only this browser can use it, and an approval
opens at most one session (core.sandbox.egov_identity.SandboxEgovIdentity.consume)."""
from __future__ import annotations

import segno
from flask import redirect, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core.auth import Method
from core.auth.egov_identity import ENDED, LOCK_DURATION, REQUEST_LIFETIME, Status
from web.auth import guard as auth
from web.auth.messages import method_name
from web.platform.db import db
from web.forms.auth import ConfirmForm
from web.platform.rendering import render
from web.auth.blueprint import (
    METHOD_ENDPOINTS, bp, carry, finish, go, method_allowed, offered_methods, adapters,
    requested_service,
)

PENDING_KEY = "egov_identity"
POLL_SECONDS = 2
QR_PIXELS = 200
# The outcomes the page explains after the request ended (query "netice").
EXPLAINED = {s.value: s for s in (Status.DECLINED, Status.EXPIRED, Status.LOCKED)}


def qr_svg(payload: str, label: str) -> Markup:
    """The QR code as inline SVG: paths with presentation attributes only (no style="" for
    the CSP), a white quiet zone, and a name for screen readers."""
    svg = segno.make(payload, error="m", micro=False).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="egov-qr",
        lineclass=None)
    attributes = f'role="img" aria-label="{escape(label)}" width="{QR_PIXELS}" height="{QR_PIXELS}" '

    return Markup(svg.replace("<svg ", "<svg " + attributes, 1))


def _provider():
    return adapters().egov_identity


def _pending_outcome():
    pending_id = (session.get(PENDING_KEY) or {}).get("id")
    return _provider().outcome(db(), pending_id) if pending_id else None


def _start_new() -> None:
    provider = _provider()
    old = (session.get(PENDING_KEY) or {}).get("id")
    if old:
        provider.cancel(db(), old)
    started = provider.start(db())
    session[PENDING_KEY] = {"id": started.request_id}


@bp.route("/daxil-ol/e-gov-identity", methods=["GET", "POST"])
def egov_identity():
    if (refusal := method_allowed(Method.EGOV_IDENTITY)) is not None:
        return refusal
    outcome = _pending_outcome()
    if outcome is not None and outcome.status in ENDED:
        session.pop(PENDING_KEY, None)
        db().commit()  # an expired request is marked so
        if outcome.status is Status.CANCELLED:
            return go(url_for("auth.egov_identity", **carry()))
        if request.method == "POST":
            return go(url_for("auth.egov_identity", netice=outcome.status.value, **carry()))
        return _ended_page(outcome.status)
    if outcome is None:
        if request.method == "GET" and request.args.get("netice") in EXPLAINED:
            return _ended_page(EXPLAINED[request.args["netice"]])
        if request.method == "POST":  # nothing pending (another tab used it): start afresh
            return go(url_for("auth.egov_identity", **carry()))
        _start_new()
        db().commit()
        outcome = _pending_outcome()
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if outcome.status is Status.WAITING:
            if request.headers.get("HX-Request"):
                return "", 204  # still waiting: nothing on the page changes
            return _request_page(form, outcome, still_waiting=True)
        pending_id = session.pop(PENDING_KEY)["id"]
        if _provider().consume(db(), pending_id):
            db().commit()
            return finish(outcome.identity)
        db().commit()
        # A double click: the first request already opened the session (and set the cookie).
        return go(auth.safe_next(carry().get("next")))
    db().commit()
    return _request_page(form, outcome)


@bp.post("/daxil-ol/e-gov-identity/yeni")
def egov_identity_renew():
    """"Yeni sorğu": replace the request (expired, or about to) by a fresh one."""
    if (refusal := method_allowed(Method.EGOV_IDENTITY)) is not None:
        return refusal
    if ConfirmForm().validate_on_submit():
        _start_new()
        db().commit()
    return redirect(url_for("auth.egov_identity", **carry()), 303)


def _request_page(form, outcome, still_waiting: bool = False):
    seconds_left = max(0, int((outcome.expires_at - _provider().now()).total_seconds()))
    return render("auth/egov_identity.html", form=form, renew_form=ConfirmForm(),
                  outcome=outcome, approved=outcome.status is Status.APPROVED,
                  still_waiting=still_waiting, minutes_left=max(1, -(-seconds_left // 60)),
                  poll_seconds=POLL_SECONDS, service=requested_service(),
                  qr=qr_svg(outcome.qr_payload, _("Giriş sorğusunun QR kodu")),
                  back=url_for("auth.choose", **carry()))


def _ended_page(status: Status):
    others = [(m, url_for(METHOD_ENDPOINTS[m], **carry()))
              for m in offered_methods(requested_service()) if m is not Method.EGOV_IDENTITY]
    headings = {
        Status.DECLINED: _("Sorğudan imtina edildi"),
        Status.LOCKED: _("e-gov identity ilə giriş müvəqqəti bloklanıb"),
        Status.EXPIRED: _("Sorğunun vaxtı bitdi"),
    }
    return render("auth/egov_identity_ended.html", reason=status.value, heading=headings[status],
                  renew_form=ConfirmForm(), others=others, method_name=method_name,
                  service=requested_service(),
                  lifetime_minutes=int(REQUEST_LIFETIME.total_seconds() // 60),
                  lock_minutes=int(LOCK_DURATION.total_seconds() // 60),
                  back=url_for("auth.choose", **carry()))
