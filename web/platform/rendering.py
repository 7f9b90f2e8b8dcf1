"""One template, two answers: the full page for a plain request, the fragment
(title, header, main) for an htmx request. Error summaries are collected here."""
from __future__ import annotations

from flask import Flask, Response, make_response, render_template, request
from flask_babel import get_locale
from flask_htmx import HTMX


htmx = HTMX()


def wants_fragment() -> bool:
    """A boosted link or form swaps only <main>; a history restore needs the whole page."""
    return bool(htmx) and not htmx.history_restore_request and (
        htmx.boosted or htmx.target == "main")


def collect_errors(context: dict) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary, from `form`/`forms` and `errors`."""
    forms = list(context.get("forms") or [])
    if context.get("form") is not None:
        forms.insert(0, context["form"])
    collected: list[tuple[str, str]] = []
    for form in forms:
        for field in form:
            for message in field.errors if isinstance(field.errors, list) else []:
                collected.append((_first_input_id(field), str(message)))
    for target, message in context.get("errors") or ():
        collected.append((target, str(message)))
    return collected


def _first_input_id(field) -> str:
    # Radios are a fieldset: the summary links to their first option.
    if field.type == "RadioField":
        return f"{field.id}-0"
    return field.id


def render(template: str, status: int = 200, **context) -> Response:
    error_list = collect_errors(context)
    context["error_list"] = error_list
    context.setdefault("fragment", wants_fragment())
    return respond(render_template(template, **context), status)


def respond(html: str, status: int = 200) -> Response:
    """The answer for a rendered page (render(), or web.platform.page_cache's kept text)."""
    response = make_response(html, status)
    response.vary.add("HX-Request")
    # Only a swap of <main> is a new page in the address bar: a polled part of a page (a
    # status, a new security code) rendered with fragment=True would be a bare fragment on
    # reload or in a bookmark.
    if request.method == "GET" and wants_fragment():
        response.headers["HX-Push-Url"] = current_path()
    return response


def init_app(app: Flask) -> None:
    htmx.init_app(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def layout_context() -> dict:
        return {"locale": str(get_locale() or "az"), "current_path": current_path}


def current_path() -> str:
    return request.full_path.rstrip("?")
