"""Saying when a signed-in session ends, and warning before it does (GOV.UK's timeout warning).

Without JavaScript every signed-in page says in its header when the session ends if nothing is
done (auth/_session_timeout.html: the idle time is the session's own, 500 minutes once in
Güzəştli mənzil). With it, portal.js opens a dialog WARN_BEFORE ahead of that time offering to
stay signed in (POST /sessiya/uzat, which counts as using the session), and when the time has
come it opens the sign-in page, which says that the session ended and the answers are kept."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, redirect, request
from flask_babel import format_datetime
from flask_babel import gettext as _

from core.kernel.db import utcnow
from web.auth.blueprint import bp
from web.auth.guard import current_citizen, rule_for, safe_next, sign_in_url
from web.platform.rendering import current_path

WARN_BEFORE = timedelta(minutes=5)


@dataclass(frozen=True)
class Timeout:
    seconds_left: int
    warn_seconds: int
    note: str          # the header's sentence: when the session ends if nothing is done
    ended_url: str     # where the page goes once it has (the sign-in page saying so)


def _note(ends_at: datetime) -> str:
    return _("Heç nə etməsəniz, sessiyanız bitəcək: saat %(time)s.",
             time=format_datetime(ends_at, "HH:mm"))


def session_timeout() -> Timeout | None:
    """For the signed-in citizen's page: how long the session has left, and what to say."""
    citizen = current_citizen()
    if citizen is None or citizen.ends_at is None:
        return None
    rule = rule_for(current_app, request.endpoint or "")
    return Timeout(
        seconds_left=max(0, int((citizen.ends_at - utcnow()).total_seconds())),
        warn_seconds=int(WARN_BEFORE.total_seconds()), note=_note(citizen.ends_at),
        ended_url=sign_in_url(rule.service_slug if rule else None, current_path(), bitdi="1"))


@bp.post("/sessiya/uzat")
def stay_signed_in():
    """"Sessiyanı davam etdir" in the warning. The request itself is the use that keeps the
    session open (web.auth.guard.load_citizen noted it); portal.js asks for JSON and is told
    the new time left, a form without JavaScript goes back to its page."""
    citizen = current_citizen()
    wants_json = request.accept_mimetypes.best == "application/json"
    back = safe_next(request.form.get("next"))
    if citizen is None:
        if wants_json:
            return {"signed_in": False}, 401
        return redirect(sign_in_url(None, back, bitdi="1"), 303)
    if wants_json:
        return {"signed_in": True,
                "seconds_left": max(0, int((citizen.ends_at - utcnow()).total_seconds())),
                "note": _note(citizen.ends_at)}
    return redirect(back, 303)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["session_timeout"] = session_timeout
