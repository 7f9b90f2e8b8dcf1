"""Əks əlaqə, the citizen's side: "Bu xidmət faydalı oldu? Bəli / Xeyr" (a form on every service
page and every journey's last page, components/feedback.html) and "Problem bildirin" (a page of
its own). Without JavaScript each is a plain form and Post/Redirect/Get to a thank-you page; with
it, the answer replaces the component in place.

A public form that anyone can send, so: the CSRF token as every form has, a ticket signed by us
(tickets.py) that also makes a second send of the same form change nothing, a smaller body
than the portal's, and a limit per client (counted by a keyed hash of the address, in the
rate counters, never beside the feedback)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from core.feedback import store
from core.platform import catalogue
from core.platform.ratelimit import RateLimit
from web.forms.feedback import AnswerForm, ProblemForm
from web.platform.db import db
from web.platform.metrics import count_feedback
from web.platform.rendering import render, respond
from web.platform.service_links import service_url
from web.platform.wording import too_many
from web.portal.feedback import tickets
from web.portal.feedback.words import PAGES

bp = Blueprint("feedback", __name__, url_prefix="/eks-elaqe")
PER_CLIENT = RateLimit("feedback-client", 30, timedelta(minutes=10))
MAX_BODY_BYTES = 16 * 1024  # two texts of 1,200 letters, percent-encoded, and the rest
COMPONENT_ID = "feedback"


@bp.before_request
def refuse_large_bodies():
    if request.method == "POST" and (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)


def _locale() -> str:
    return str(get_locale() or "az")


def _in_place() -> bool:
    """htmx sent the component's form: answer with the component, not a page."""
    return request.headers.get("HX-Request") == "true" \
        and request.headers.get("HX-Target") == COMPONENT_ID


def _client() -> str:
    return request.remote_addr or "unknown"


def _over_the_limit() -> timedelta | None:
    """Count this send; the wait when the client has sent too many lately."""
    if PER_CLIENT.is_blocked(db(), _client()):
        return PER_CLIENT.retry_after(db(), _client())
    PER_CLIENT.record_failure(db(), _client())
    return None


def _too_many_sentence(wait: timedelta) -> str:
    return too_many(_("Qısa müddətdə çox sayda rəy göndərilib."), wait)


def _service_and_page() -> tuple[catalogue.Service, str]:
    service = catalogue.service(request.args.get("xidmet", ""))
    page = request.args.get("sehife", "")
    if service is None or page not in PAGES:
        abort(404)
    return service, page


def _component(status: int = 200, **context):
    return respond(render_template("feedback/_answered.html", **context), status)


@bp.post("/")
def answer():
    form = AnswerForm()
    ticket, helpful = tickets.read(form.ticket.data), form.helpful()
    if ticket is None or helpful is None:
        message = _("Bu formun vaxtı bitib. Səhifəni yeniləyin və cavabınızı yenidən seçin.")
        if _in_place():
            return _component(400, message=message)
        return render("errors/error.html", status=400, status_code=400,
                      heading=_("Formun vaxtı bitib"), message=message)
    wait = _over_the_limit()
    if wait is not None:
        db().commit()
        if _in_place():
            return _component(429, message=_too_many_sentence(wait))
        return _too_many_page(wait)
    stored = store.record(db(), store.Feedback(ticket.nonce, ticket.service_slug, ticket.page,
                                               _locale(), helpful=helpful))
    db().commit()
    if stored:
        count_feedback(ticket.service_slug, form.answer.data)
    if _in_place():
        return _component(helpful=helpful, service_slug=ticket.service_slug, page=ticket.page)
    return redirect(url_for("feedback.thanks", xidmet=ticket.service_slug, sehife=ticket.page,
                            cavab=form.answer.data), 303)


def _too_many_page(wait: timedelta):
    response = render("errors/error.html", status=429, status_code=429,
                      heading=_("Çox sayda rəy göndərilib"), message=_too_many_sentence(wait))
    response.headers["Retry-After"] = str(max(60, int(wait.total_seconds())))
    return response


@bp.route("/problem", methods=["GET", "POST"])
def problem():
    service, page = _service_and_page()
    form = ProblemForm()
    status = 200
    if request.method == "POST":
        wait = _over_the_limit()  # every send counts, a refused one too
        db().commit()
        valid = form.validate()
        ticket = tickets.read(form.ticket.data)
        if wait is not None:
            form.went_wrong.errors = [_too_many_sentence(wait)]
            status = 429
        elif not valid:
            status = 400
        elif ticket is None or (ticket.service_slug, ticket.page) != (service.slug, page):
            form.went_wrong.errors = [_("Formun vaxtı bitib. Yazdıqlarınız saxlanılıb: "
                                        "formu yenidən göndərin.")]
            status = 400
        else:
            stored = store.record(db(), store.Feedback(
                ticket.nonce, service.slug, page, _locale(), doing=form.doing.data,
                went_wrong=form.went_wrong.data, reply_to=form.address))
            db().commit()
            if stored:
                count_feedback(service.slug, "problem")
            return redirect(url_for("feedback.thanks", xidmet=service.slug, sehife=page,
                                    cavab="problem"), 303)
    form.ticket.data = tickets.issue(service.slug, page)
    return render("feedback/problem.html", status=status, form=form, service=service, page=page,
                  locale_code=_locale(), back=service_url(service), limit=store.MAX_TEXT)


@bp.get("/tesekkurler")
def thanks():
    service, page = _service_and_page()
    said = request.args.get("cavab", "")
    if said not in ("yes", "no", "problem"):
        abort(404)
    return render("feedback/thanks.html", service=service, page=page, said=said,
                  locale_code=_locale(), back=service_url(service))
