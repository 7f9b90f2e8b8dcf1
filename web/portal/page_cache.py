"""Pages that are the same for everyone not signed in (the catalogue: home, all services, an
agency, a service page but for its usage count and its feedback form's tokens) are rendered once per process, address, language and shape (whole page or the htmx
fragment), then answered from the kept text. The text is kept with a mark where the CSP nonce
goes; every answer gets a nonce of its own, as a rendered one does.

Only a GET without a query string, by a visitor not signed in, answered 200, is kept: the key
space is the catalogue's own addresses, so it cannot grow with what visitors send. Templates
and the catalogue change only with a deploy, which starts new processes."""
from __future__ import annotations

import secrets

from flask import Response, current_app, g, request
from flask_babel import get_locale
from markupsafe import escape

from web.auth.guard import current_citizen
from web.platform.rendering import render, respond, wants_fragment
from web.platform.security import csp_nonce

NONCE_MARK = "nonce-mark-" + secrets.token_hex(8)  # never sent: replaced in every answer
KEPT_PAGES_LIMIT = 200  # a safety bound; the catalogue has a few dozen addresses


def _kept() -> dict:
    return current_app.extensions.setdefault("egov_page_cache", {})


def _shareable() -> bool:
    return (request.method == "GET" and not request.query_string
            and current_citizen() is None and not current_app.debug)


def render_shared(template: str, fill: dict[str, int | str] | None = None,
                  **context) -> Response:
    """render(), kept for the next visitor not signed in. `fill`: what changes between answers
    (a usage count, a form's tokens), kept as marks and written into each answer."""
    fill = fill or {}
    if not _shareable():
        return render(template, **context, **fill)
    key = (request.path, str(get_locale() or ""), wants_fragment())
    kept = _kept()
    html = kept.get(key)
    if html is None:
        nonce, g.csp_nonce = csp_nonce(), NONCE_MARK
        try:
            response = render(template, **context, **{name: _mark(name) for name in fill})
        finally:
            g.csp_nonce = nonce
        html = response.get_data(as_text=True)
        if response.status_code != 200:
            return respond(_filled(html, fill), response.status_code)
        if len(kept) < KEPT_PAGES_LIMIT:
            kept[key] = html
    return respond(_filled(html, fill))


def _mark(name: str) -> str:
    return f"{NONCE_MARK}-{name}"


def _filled(html: str, fill: dict[str, int | str]) -> str:
    for name, value in fill.items():
        text = escape(value) if isinstance(value, str) else str(int(value))
        html = html.replace(_mark(name), text)
    return html.replace(NONCE_MARK, csp_nonce())
