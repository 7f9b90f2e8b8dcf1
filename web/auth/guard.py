"""The signed-in citizen, as views see it.

The signed cookie holds only the id of a server-side session (core.auth.sessions); the record
is read once at the start of each request. Services protect their views with
`login_required(service_slug=...)` or a whole blueprint with `protect_blueprint(...)`.

Ownership: a view argument or form value that names something a citizen owns (a landline, an
application) is declared with an `Ownership`; a value the signed-in citizen does not own gives
404, whatever the URL or form. Every URL argument of a protected view must be declared, as
owned or as not naming a citizen's resource, or the request fails: a new route cannot forget.
tests/web/test_signed_in_routes.py walks app.url_map to hold every route to this.

    APPLICATIONS = Ownership("meter_application", lambda fin: [...their application ids...])
    protect_blueprint(bp, "sayga-zedelenmesinin-arasdirilmasi",
                      owned={"ref": APPLICATIONS}, unowned={"step": ("melumat", "elaqe")})
    # or, per view:  @login_required("guzestli-menzil")

Signing (Asan İmza PIN2 on the phone, e-imza token PIN) is app.extensions["auth"].signing,
a core.auth.signing.SigningPort; its refusals are worded by web.auth.messages."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Callable, Iterable
from urllib.parse import quote, unquote, urlencode, urlsplit

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session, url_for

from web.platform.config import settings
from core.auth import Identity, Method
from core.auth import sessions
from core.auth.sessions import Admission, Opened
from core.kernel.db import utcnow
from web.platform.db import db, reading, write

SESSION_KEY = "sid"
# Left in the cookie when its session is found ended, until the sign-in page has said so: the
# request that finds it (a public page, a poll) is often not the one that asks for sign-in.
ENDED_KEY = "session_ended"
# Requests that never show who is signed in: no database round trip for them.
NOT_CITIZEN_ENDPOINTS = frozenset({"static", "asset", "favicon", "healthz", "readyz", "metrics",
                                   "guides.index", "guides.page", "callbacks.receive"})


@dataclass(frozen=True)
class Citizen:
    """A snapshot of the live session, safe to use after the database session moved on."""

    fin: str
    full_name: str
    method: Method
    session_hash: str
    exclusive_key: str | None
    idle_seconds: int = 0
    ends_at: datetime | None = None  # naive UTC: when the session ends if nothing is done


@dataclass(frozen=True)
class Ownership:
    """Something citizens own, listed from a FİN: e.g. the landlines registered to them."""

    name: str
    values_of: Callable[[str], Iterable[str]]
    normalise: Callable[[str], str] = str.strip

    def owns(self, fin: str, value: str) -> bool:
        wanted = self.normalise(value or "")
        return bool(wanted) and wanted in {self.normalise(v) for v in self.values_of(fin)}


@dataclass(frozen=True)
class LoginRule:
    service_slug: str | None
    owned: dict[str, Ownership] = field(default_factory=dict)
    # URL arguments that name no citizen's resource, with sample values for the route walk.
    unowned: dict[str, tuple[str, ...]] = field(default_factory=dict)


def current_citizen() -> Citizen | None:
    return g.get("citizen")


def without_session(view):
    """Mark a view that never needs the citizen (a public file a proxy may cache): its request
    does not read the session cookie at all, so its answer does not vary with the cookie."""
    view.without_session = True
    return view


def load_citizen() -> None:
    """before_request: find the live session behind the cookie (and end an expired one)."""
    g.citizen = None
    view = current_app.view_functions.get(request.endpoint)
    if request.endpoint in NOT_CITIZEN_ENDPOINTS or getattr(view, "without_session", False):
        return
    token = session.get(SESSION_KEY)
    if not token:
        return
    # Most requests only read the session; the write (seen, or expired) is every 30 s at most.
    now = utcnow()
    # A short session of its own, returned before the view runs: the sale's pages answer
    # from cached views and must not hold a pooled connection for their whole request
    # (bench-sale: the pool ran dry, 60 s waits and 5xx, when this used the view's db()).
    with reading() as reader:
        record = sessions.find(reader, token)
    if record is not None and sessions.current_changes(record, now):
        record = write(lambda session: sessions.current(session, token, now))
    elif record is not None and record.ended_at is not None:
        record = None
    if record is not None:
        g.citizen = Citizen(record.fin, record.full_name, Method(record.method), record.id_hash,
                            record.exclusive_key, record.idle_seconds,
                            sessions.idle_deadline(record))
    if record is None:
        session.pop(SESSION_KEY, None)
        session[ENDED_KEY] = True


def session_ended() -> bool:
    """This browser's session has ended and the citizen has not yet been told so."""
    return bool(session.get(ENDED_KEY))


def told_session_ended() -> bool:
    """Forget the mark once the sign-in page has said it; True if it was there."""
    return bool(session.pop(ENDED_KEY, None))


def sign_in(identity: Identity, service_slug: str | None, take_over: bool = False) -> Opened:
    """Open a server-side session for this browser. The caller commits. `take_over` ends the
    citizen's other session of a single-session service (they have just signed again)."""
    idle = timedelta(minutes=settings().session_idle_minutes)
    opened = sessions.open_session(db(), identity, service_slug=service_slug, idle=idle,
                                   take_over=take_over)
    if opened.admission is Admission.ADMITTED:
        previous = session.get(SESSION_KEY)
        if previous:
            sessions.end(db(), previous)
        session[SESSION_KEY] = opened.token
        session.pop(ENDED_KEY, None)
    return opened


# What a browser keeps after sign-out: only the language chosen, nothing of the citizen.
KEPT_AFTER_SIGN_OUT = ("lang",)


def sign_out() -> bool:
    """End this browser's session everywhere, and make the browser forget the citizen: the
    references to her drafts (a device application with her FİN), the receipts she may open,
    the e-mail address she typed, a pending Asan İmza request. The drafts themselves stay on
    the server until housekeeping expires them, since a payment in flight may still need
    one. The caller commits."""
    token = session.pop(SESSION_KEY, None)
    kept = {key: session[key] for key in KEPT_AFTER_SIGN_OUT if key in session}
    session.clear()
    session.update(kept)
    g.citizen = None
    return sessions.end(db(), token)


def sign_in_url(service_slug: str | None = None, next_url: str | None = None, **extra) -> str:
    query = {k: v for k, v in (("next", next_url), ("xidmet", service_slug)) if v}
    query.update({k: v for k, v in extra.items() if v})
    return url_for("auth.choose") + ("?" + urlencode(query) if query else "")


def safe_next(target: str | None, default: str | None = None) -> str:
    """Where to go after a sign-in or a language switch: only a path on this site.

    Accepted only as a plain absolute path that parses the same everywhere: no scheme, no host,
    no backslash, and no control, whitespace or invisible (format) character, neither as sent
    nor after percent-decoding. Browsers drop a tab or a newline inside a URL, so "/<TAB>/evil"
    would become "//evil", another host; Werkzeug refuses a newline in a header (a 500)."""
    fallback = default or url_for("catalogue.home")
    if not target:
        return fallback
    decoded = target
    for _ in range(3):  # "%2509" is "%09" once decoded: look through every layer
        if not _is_clean_path(decoded):
            return fallback
        decoded, previous = unquote(decoded), decoded
        if decoded == previous:
            # ASCII only in a Location or HX-Redirect header: "/。/x" goes as "/%E3%80%82/x"
            return quote(target, safe="/?=&%:@-._~!$'()*+,;#")
    return fallback


def _is_clean_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in target):
        return False  # controls (Cc), format (Cf: U+200B…), unassigned, separators, spaces
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def enforce(rule: LoginRule):
    """Check a request against a rule. Returns a response to send instead, or None."""
    citizen = current_citizen()
    next_url = request.full_path.rstrip("?") if request.method == "GET" else None
    if citizen is None:
        ended = "1" if session_ended() else None
        return redirect(sign_in_url(rule.service_slug, next_url, bitdi=ended), 303)
    if rule.service_slug:
        policy = sessions.policy(rule.service_slug)
        if citizen.method not in policy.methods:
            return redirect(sign_in_url(rule.service_slug, next_url, usul="1"), 303)
        if (policy.single_session or policy.idle) and not sessions.entered(citizen,
                                                                           rule.service_slug):
            record, admission = write(lambda store: _enter(store, rule.service_slug))
            if admission is Admission.OTHER_SESSION_ACTIVE:
                # the sign-in pages word it (web.auth.blueprint.other_session_page)
                return current_app.extensions["auth_other_session_page"](
                    rule.service_slug, next_url)
            if admission is not Admission.ADMITTED:
                return redirect(sign_in_url(rule.service_slug, next_url), 303)
            # the service may have lengthened the idle time (Güzəştli mənzil: 500 minutes)
            g.citizen = replace(citizen, ends_at=sessions.idle_deadline(record))
    for name, value in (request.view_args or {}).items():
        if name in rule.owned:
            if not rule.owned[name].owns(citizen.fin, str(value)):
                abort(404)
        elif name not in rule.unowned:
            raise LookupError(f"{request.endpoint}: URL argument {name!r} is not declared as "
                              "owned or unowned in its login rule")
    for name, ownership in rule.owned.items():
        for value in request.values.getlist(name):
            if not ownership.owns(citizen.fin, value):
                abort(404)
    return None


def _enter(store, service_slug: str):
    record = sessions.current(store, session.get(SESSION_KEY))
    return record, sessions.enter_service(store, record, service_slug) if record else None


def login_required(service_slug: str | None = None, *, owned: dict[str, Ownership] | None = None,
                   unowned: dict[str, tuple[str, ...]] | None = None):
    """Decorator for a view that needs a signed-in citizen (and, for a service, the method,
    single session and ownership rules of that service)."""
    rule = LoginRule(service_slug, dict(owned or {}), dict(unowned or {}))

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            refusal = enforce(rule)
            return refusal if refusal is not None else view(*args, **kwargs)

        wrapper.login_rule = rule
        return wrapper

    return decorate


def protect_blueprint(bp: Blueprint, service_slug: str | None = None, *,
                      owned: dict[str, Ownership] | None = None,
                      unowned: dict[str, tuple[str, ...]] | None = None) -> LoginRule:
    """Every route of the blueprint, present and future, needs a signed-in citizen."""
    rule = LoginRule(service_slug, dict(owned or {}), dict(unowned or {}))
    bp.before_request(lambda: enforce(rule))
    bp.record_once(lambda state: state.app.extensions.setdefault(
        "egov_signed_in_blueprints", {}).__setitem__(bp.name, rule))
    return rule


def rule_for(app: Flask, endpoint: str) -> LoginRule | None:
    """The login rule guarding an endpoint, or None if it is public."""
    view = app.view_functions.get(endpoint)
    if view is not None and getattr(view, "login_rule", None) is not None:
        return view.login_rule
    blueprint = endpoint.rpartition(".")[0]
    return app.extensions.get("egov_signed_in_blueprints", {}).get(blueprint)


def init_app(app: Flask) -> None:
    app.before_request(load_citizen)
    app.jinja_env.globals["current_citizen"] = current_citizen
