"""The ticket a feedback form carries: which service and page it is on, and a random nonce that
makes each rendered form one entry however often it is sent (a double click stores one). Signed
with the app's secret, so a service or page cannot be made up, and it expires. It names no
citizen and no session."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadData, URLSafeTimedSerializer

from core.platform import catalogue
from web.portal.feedback.words import PAGES

SALT = "egov feedback ticket"
MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Ticket:
    service_slug: str
    page: str
    nonce: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(service_slug: str, page: str) -> str:
    return _serializer().dumps([service_slug, page, secrets.token_hex(16)])


def feedback_tokens(service_slug: str, page: str = "service") -> dict[str, str]:
    """The feedback form's ticket and CSRF token for a page kept for every visitor
    (web.portal.page_cache fills them into each answer): the template's
    feedback(..., ticket=feedback_ticket_token, csrf=feedback_csrf_token)."""
    return {"feedback_ticket_token": issue(service_slug, page),
            "feedback_csrf_token": generate_csrf()}


def read(token: str | None) -> Ticket | None:
    """The ticket, or None when it is forged, expired, or names what does not exist."""
    if not token or len(token) > 300:
        return None
    try:
        service_slug, page, nonce = _serializer().loads(
            token, max_age=int(MAX_AGE.total_seconds()))
    except (BadData, TypeError, ValueError):
        return None
    if catalogue.service(service_slug) is None or page not in PAGES:
        return None
    return Ticket(service_slug, page, nonce)
