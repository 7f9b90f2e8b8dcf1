"""The waiting room in front of a sale (core.housing.waiting_room): the queue page
/guzestli-menzil/satis/<sale>/novbe, and `admission(sale)`, which the choosing steps call first.

A step without a valid admission token joins the queue (idempotent per FİN); if it is the
citizen's turn at once (nobody waiting, a place free) it goes on and the token is set as a
cookie on its response, so without a queue a citizen never sees the waiting room. Otherwise
it answers 303 to the queue page (HX-Redirect for htmx), which says the citizen's place,
refreshes itself (htmx every 5 s; without JavaScript a Yenilə button) and, once admitted,
sets the cookie and sends the citizen on to the page they wanted (`next`)."""
from __future__ import annotations

import time
from datetime import timedelta

from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.housing import Phase
from core.housing import sale as sales
from core.housing.waiting_room import Verdict, WaitingRoom
from core.housing.waiting_room.room import refresh_seconds
from core.housing.waiting_room.stores import make_store
from core.platform import catalogue
from web.auth.guard import safe_next
from web.platform.db import db, reading
from web.platform.rendering import render
from web.services.housing.blueprint import SERVICE_SLUG, bp, fin, now
from web.services.housing.forms import ActionForm
from web.services.housing.texts import phase_name

GATED_PHASES = (Phase.NOT_OPEN.value, Phase.OPEN.value, Phase.WAITING_LIST.value)
COOKIE_PATH = "/guzestli-menzil/"


def build_room(app) -> WaitingRoom:
    settings = app.config["EGOV_SETTINGS"]
    store = make_store(settings.redis_url, app.extensions["egov_db"].session_factory,
                       namespace=f"{settings.database_url}|{settings.instance_path}")
    return WaitingRoom(store, app.config["SECRET_KEY"], capacity=settings.waiting_room_capacity,
                       window=timedelta(minutes=settings.waiting_room_minutes))


def room() -> WaitingRoom:
    return current_app.extensions["housing"]["waiting_room"]


FREE_FLATS_FRESH_SECONDS = 2.0


def free_flats(sale_id: int) -> int:
    """The sale's free flats, counted at most every 2 s per process: the queue page tells the
    crowd when every flat is chosen, and the crowd must not cost a count a page."""
    counts = current_app.extensions["housing"].setdefault("free_flats", {})
    counted_at, count = counts.get(sale_id, (0.0, 0))
    if time.monotonic() - counted_at > FREE_FLATS_FRESH_SECONDS:
        with reading() as reader:
            count = sales.free_flat_count(reader, sale_id)
        counts[sale_id] = (time.monotonic(), count)
    return count


def cookie_name(sale_id: int) -> str:
    return f"novbe-{sale_id}"


def admission(sale, next_url: str):
    """None if the citizen may go on (admitted), else the response that sends them to wait."""
    if sale.phase not in GATED_PHASES:
        return None
    db().commit()  # the room's store runs its own short transactions
    token = request.cookies.get(cookie_name(sale.id))
    verdict = room().verify(token, sale.id, fin(), now())
    if verdict is Verdict.VALID:
        g.admission_token = token
        return None
    standing = room().enter(sale.id, fin(), sale.phase, now())
    if standing.inside:
        _remember(sale.id, room().issue(sale.id, fin(), standing))
        return None
    target = url_for("housing.waiting_room", sale_id=sale.id, next=next_url,
                     netice=None if verdict is Verdict.MISSING else verdict.value)
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def spend_admission(sale_id: int) -> None:
    """A hold was taken: the admission ends (the token is refused from now on)."""
    room().spend(sale_id, fin(), g.get("admission_token"), now())
    g.admission_cookie = (sale_id, None)


def _remember(sale_id: int, token: str) -> None:
    g.admission_token = token
    g.admission_cookie = (sale_id, token)


@bp.after_request
def _set_admission_cookie(response):
    found = g.pop("admission_cookie", None)
    if found is None:
        return response
    sale_id, token = found
    if token is None:
        response.delete_cookie(cookie_name(sale_id), path=COOKIE_PATH)
    else:
        response.set_cookie(cookie_name(sale_id), token, path=COOKIE_PATH, httponly=True,
                            samesite="Lax", secure=request.is_secure,
                            max_age=max(1, room().seconds_left(token, now())))
    return response


def _next(sale_id: int) -> str:
    target = safe_next(request.args.get("next"), url_for("housing.payment", sale_id=sale_id))
    return target if target.startswith(COOKIE_PATH) else url_for("housing.payment",
                                                                 sale_id=sale_id)


REFUSALS = {
    Verdict.EXPIRED.value: lambda: _("Satışa giriş vaxtınız bitdi. Siz yenidən növbəyə "
                                     "qoşuldunuz."),
    Verdict.SPENT.value: lambda: _("Bu giriş icazəsi artıq istifadə olunub. Siz yenidən "
                                   "növbəyə qoşuldunuz."),
    Verdict.FORGED.value: lambda: _("Giriş icazəniz etibarsızdır. Siz növbəyə qoşuldunuz: "
                                    "növbəniz çatanda satışa keçəcəksiniz."),
    Verdict.OTHER_CITIZEN.value: lambda: _("Bu giriş icazəsi başqa vətəndaşa və ya başqa "
                                           "satışa verilib. Siz növbəyə qoşuldunuz."),
}


@bp.get("/satis/<int:sale_id>/novbe")
def waiting_room(sale_id: int):
    with reading() as reader:  # the crowd's page: no write lock, on SQLite
        sale = sales.sale(reader, sale_id)
    if sale is None:
        abort(404)
    if sale.phase not in GATED_PHASES:
        return redirect(url_for("housing.cabinet"), 303)
    target = _next(sale.id)
    standing = room().enter(sale.id, fin(), sale.phase, now())
    refusal = REFUSALS.get(request.args.get("netice") or "")
    capacity = room().effective_capacity(sale.id)
    if standing.inside:
        _remember(sale.id, room().issue(sale.id, fin(), standing))
        if request.headers.get("HX-Request"):
            response = make_response("", 200)
            response.headers["HX-Redirect"] = target
            return response
        if refusal is None:
            return redirect(target, 303)
    context = dict(
        service=catalogue.service(SERVICE_SLUG), sale=sale, standing=standing, next=target,
        phase=phase_name(sale.phase), before_opening=sale.phase == Phase.NOT_OPEN.value,
        refusal=refusal() if refusal else None,
        all_chosen=sale.phase == Phase.OPEN.value and free_flats(sale.id) == 0,
        poll_seconds=refresh_seconds(standing, capacity),
        self_url=url_for("housing.waiting_room", sale_id=sale.id, next=target),
        capacity=capacity,
        window_minutes=int(room().window.total_seconds() // 60),
    )
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "queue-region":
        response = make_response(render_template("housing/waiting_room_region.html", **context))
        response.vary.add("HX-Request")
        response.headers["Cache-Control"] = "no-store"
        return response
    response = make_response(render("housing/waiting_room.html", **context))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/satis/<int:sale_id>/novbe/cix")
def leave(sale_id: int):
    """The citizen gives up their place in the queue or in the sale, for the next in line."""
    if not ActionForm().validate_on_submit():
        abort(400)
    with reading() as reader:
        if sales.sale(reader, sale_id) is None:
            abort(404)
    room().leave(sale_id, fin())
    g.admission_cookie = (sale_id, None)
    return redirect(url_for("housing.cabinet"), 303)
