"""The sign-in blueprint and what its pages share: the methods a service accepts, the query
each page passes on, and opening the session once a credential is proven."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for

from core.auth import ALL_METHODS, Identity, Method, sessions
from core.auth.adapters import Adapters
from core.auth.sessions import Admission
from core.platform import catalogue
from web.auth import guard as auth
from web.auth.messages import method_name
from web.platform.db import db
from web.platform.rendering import render

bp = Blueprint("auth", __name__)

# Passed from page to page of the sign-in: where to go after, for which service, and "bitir":
# end the citizen's other session of a single-session service once this sign-in succeeds.
CARRIED = ("next", "xidmet", "bitir")
METHOD_ENDPOINTS = {
    Method.EIMZA: "auth.eimza",
    Method.EGOV_IDENTITY: "auth.egov_identity",
    Method.ASAN_IMZA: "auth.asan_imza",
    Method.PASSWORD: "auth.password",
}


def adapters() -> Adapters:
    return current_app.extensions["auth"]


def requested_service() -> catalogue.Service | None:
    return catalogue.service(request.args.get("xidmet", ""))


def offered_methods(service: catalogue.Service | None) -> list[Method]:
    """The service's methods (all, for the portal itself) that have a provider here."""
    wanted = sessions.policy(service.slug).methods if service else ALL_METHODS
    available = adapters().methods
    return [m for m in ALL_METHODS if m in wanted and m in available]


def carry() -> dict:
    """The query that every sign-in page passes on: where to go after, for which service."""
    return {k: request.args[k] for k in CARRIED if request.args.get(k)}


def method_allowed(method: Method):
    """None if this sign-in page may be used now; otherwise the redirect to show instead."""
    if method not in offered_methods(requested_service()):
        return redirect(url_for("auth.choose", **carry()), 303)
    return None


def finish(identity: Identity, wanted: dict | None = None):
    """A credential was proven: open the session and go where the citizen was going.
    `wanted` holds "next" and "xidmet" when they do not come from this page's query."""
    wanted = carry() if wanted is None else wanted
    service = catalogue.service(wanted.get("xidmet", ""))
    opened = auth.sign_in(identity, service.slug if service else None,
                          take_over=bool(service and wanted.get("bitir")))
    db().commit()
    if opened.admission is Admission.OTHER_SESSION_ACTIVE:
        return other_session_page(service.slug, wanted.get("next"))
    if opened.admission is not Admission.ADMITTED:
        return go(url_for("auth.choose", usul="1", **wanted))
    return go(auth.safe_next(wanted.get("next")))


def go(target: str):
    """Redirect; an htmx request gets a full page load so the header shows the new state."""
    response = redirect(target, 303)
    if request.headers.get("HX-Request"):
        response.status_code = 200
        response.headers["HX-Redirect"] = target
    return response


def other_session_page(service_slug: str, next_url: str | None = None):
    """Seed 004: one computer and one browser at a time. Refused: the citizen's session of
    this service is open elsewhere; offers to end that one by signing in again here with a
    method the service accepts."""
    service = catalogue.service(service_slug)
    take_over = [(m, url_for(METHOD_ENDPOINTS[m], xidmet=service_slug, bitir="1",
                             next=auth.safe_next(next_url) if next_url else None))
                 for m in offered_methods(service)]
    return render("auth/other_session.html", status=409, service=service, take_over=take_over,
                  method_name=method_name)
