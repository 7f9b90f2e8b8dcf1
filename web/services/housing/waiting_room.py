"""The waiting room in front of a sale (core.housing.waiting_room): `admission(sale)`, which
every choosing step calls first, and the queue page /guzestli-menzil/satis/<sale>/novbe.

A step without a valid admission looks at the citizen's ticket (their place, in a signed
cookie given once): their turn has come, so they go in (the admission is set as a cookie on
that very answer), or it has not, and they are sent to the queue page (HX-Redirect for htmx).
Without a queue a citizen never sees it: an empty line lets them in at once.

The queue page says the citizen's place, how many are ahead and, once the line has moved, how
long that is likely to take. With JavaScript it asks the sale's shared status
(queue_status.py: the same small answer for everybody, cacheable) and goes on by itself when
the line reaches the place; without it, the page refreshes itself with the `Refresh` header at
the same pace, and a Yenilə button does the same at once."""
from __future__ import annotations

import time
from datetime import timedelta

from flask import abort, current_app, g, make_response, redirect, request, url_for
from flask_babel import gettext as _

from core.housing import Phase
from core.housing.waiting_room import PRE_QUEUE, Pacing, Redemption, Verdict, WaitingRoom
from core.housing.waiting_room.pacer import refresh_seconds, wait_minutes
from core.housing.waiting_room.room import RecentLatency
from core.housing.waiting_room.stores import make_store
from core.platform import catalogue
from web.auth.guard import safe_next
from web.platform.db import db
from web.platform.rendering import render
from web.services.housing.blueprint import SERVICE_SLUG, bp, fin, now, sale_views
from web.services.housing.forms import ActionForm
from web.services.housing.texts import phase_name

GATED_PHASES = (Phase.NOT_OPEN.value, Phase.OPEN.value, Phase.WAITING_LIST.value)
COOKIE_PATH = "/guzestli-menzil/"
# The pages whose answer times the pacer keeps within its target (the sale's own work).
PACED_ENDPOINTS = frozenset({"housing.flats", "housing.press", "housing.sign_token",
                             "housing.sign_asan_imza", "housing.payment", "housing.projects"})


def build_room(app) -> WaitingRoom:
    settings = app.config["EGOV_SETTINGS"]
    store = make_store(settings.redis_url, app.extensions["egov_db"].session_factory,
                       namespace=f"{settings.database_url}|{settings.instance_path}")
    pacing = Pacing(most_inside=settings.waiting_room_capacity,
                    turn=timedelta(minutes=settings.waiting_room_turn_minutes))
    return WaitingRoom(store, app.config["SECRET_KEY"], pacing=pacing,
                       window=timedelta(minutes=settings.waiting_room_minutes))


def room() -> WaitingRoom:
    return current_app.extensions["housing"]["waiting_room"]


def latency() -> RecentLatency:
    return current_app.extensions["housing"]["latency"]


def pace_the_line(sale) -> None:
    """The pacer's step for this sale, if it is this process's turn (cheap when it is not)."""
    room().tick(sale.id, sale.phase, now(), latency().p95())


def admission_cookie(sale_id: int) -> str:
    return f"novbe-{sale_id}"


def ticket_cookie(sale_id: int) -> str:
    return f"yer-{sale_id}"


def admission(sale, next_url: str):
    """None if the citizen may go on (admitted), else the response that sends them to wait."""
    if sale.phase not in GATED_PHASES:
        return None
    db().commit()  # the room's store runs its own short transactions
    pace_the_line(sale)
    verdict = room().verify(request.cookies.get(admission_cookie(sale.id)), sale.id, fin(), now())
    if verdict is Verdict.VALID:
        g.admission_token = request.cookies.get(admission_cookie(sale.id))
        return None
    ticket, outcome = _take_turn(sale, from_copy=False)
    if outcome is Redemption.ADMITTED:
        return None
    reason = verdict.value if verdict is not Verdict.MISSING else (
        outcome.value if outcome is Redemption.LAPSED else None)
    target = url_for("housing.waiting_room", sale_id=sale.id, next=next_url, netice=reason)
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def _take_turn(sale, *, from_copy: bool):
    """The citizen's ticket (their place, given once) and whether their turn is taken now.
    `from_copy`: the waiting page's refresh, which this process's copy of the line answers
    while the line has not reached the place."""
    ticket, _why = room().read_ticket(request.cookies.get(ticket_cookie(sale.id)), sale.id, fin())
    if ticket is None or (ticket.place == PRE_QUEUE and sale.phase != Phase.NOT_OPEN.value):
        ticket = _new_ticket(sale)
    outcome, token = room().redeem(ticket, now(), from_copy=from_copy)
    if outcome in (Redemption.LAPSED, Redemption.USED, Redemption.UNKNOWN):
        ticket = _new_ticket(sale)  # the place is gone: at the back of the line
        redeemed, token = room().redeem(ticket, now())
        outcome = redeemed if redeemed is not Redemption.NOT_YET else outcome
    if token is not None:
        g.admission_token = token
        g.cookies_to_set = {**g.get("cookies_to_set", {}), admission_cookie(sale.id): token}
    return ticket, outcome


def _new_ticket(sale):
    ticket = room().join(sale.id, fin(), sale.phase, now())
    g.cookies_to_set = {**g.get("cookies_to_set", {}),
                        ticket_cookie(sale.id): room().ticket(ticket)}
    return ticket


def spend_admission(sale_id: int) -> None:
    """A hold was taken: the admission ends (the token is refused from now on)."""
    room().spend(sale_id, fin(), g.get("admission_token"), now())
    g.cookies_to_set = {**g.get("cookies_to_set", {}), admission_cookie(sale_id): None}


@bp.after_request
def _set_cookies(response):
    for name, value in g.pop("cookies_to_set", {}).items():
        if value is None:
            response.delete_cookie(name, path=COOKIE_PATH)
            continue
        lasts = room().seconds_left(value, now()) if name.startswith("novbe-") else 12 * 3600
        response.set_cookie(name, value, path=COOKIE_PATH, httponly=True, samesite="Lax",
                            secure=request.is_secure, max_age=max(1, lasts))
    return response


@bp.after_request
def _time_the_sale(response):
    started = g.get("request_started")
    if started is not None and request.endpoint in PACED_ENDPOINTS:
        latency().record((time.perf_counter() - started) * 1000)
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
    Redemption.LAPSED.value: lambda: _("Növbəniz çatmışdı, amma bir neçə dəqiqə ərzində satışa "
                                       "keçmədiniz. Siz yenidən növbəyə qoşuldunuz."),
}


@bp.get("/satis/<int:sale_id>/novbe")
def waiting_room(sale_id: int):
    still = _still_waiting(sale_id)
    if still is not None:  # the crowd's refresh: nothing decided, nothing read afresh
        return _queue_page(*still, outcome=Redemption.NOT_YET)
    sale = sale_views().sale(sale_id, fresh=True)
    if sale is None:
        abort(404)
    if sale.phase not in GATED_PHASES:
        return redirect(url_for("housing.cabinet"), 303)
    pace_the_line(sale)
    ticket, outcome = _take_turn(sale, from_copy=True)
    return _queue_page(sale, ticket, outcome=outcome)


def _still_waiting(sale_id: int):
    """(sale, ticket) when this process's copies of the sale and its line (a second old at
    most) show the citizen's own ticket still waiting; None when anything needs deciding,
    which the page then does with the sale read afresh."""
    sale = sale_views().sale(sale_id)
    if sale is None or sale.phase not in GATED_PHASES:
        return None
    ticket, _why = room().read_ticket(request.cookies.get(ticket_cookie(sale.id)), sale.id,
                                      fin())
    if ticket is None:
        return None
    line = room().line(sale.id, now())
    if ticket.line != line.generation:
        return None
    before_draw = ticket.place == PRE_QUEUE and sale.phase == Phase.NOT_OPEN.value
    if not before_draw and not (ticket.place != PRE_QUEUE and ticket.place > line.frontier):
        return None
    pace_the_line(sale)
    return sale, ticket


def _queue_page(sale, ticket, *, outcome: Redemption):
    target = _next(sale.id)
    refusal = REFUSALS.get(request.args.get("netice") or "")
    if outcome is Redemption.ADMITTED and refusal is None:
        if request.headers.get("HX-Request"):
            response = make_response("", 200)
            response.headers["HX-Redirect"] = target
            return response
        return redirect(target, 303)
    line = room().line(sale.id, now())
    ahead = room().ahead(ticket, now())
    poll = refresh_seconds(ahead, line)
    context = dict(
        service=catalogue.service(SERVICE_SLUG), sale=sale, ticket=ticket, line=line,
        ahead=ahead, wait=wait_minutes(ahead, line) if ahead is not None else None,
        inside=outcome is Redemption.ADMITTED, next=target, phase=phase_name(sale.phase),
        refusal=refusal() if refusal else None, all_chosen=_all_chosen(sale),
        poll_seconds=poll, capacity=line.capacity_override if line.capacity_override
        is not None else room().pacing.most_inside,
        status_url=url_for("housing_line.status", sale_id=sale.id),
        window_minutes=int(room().window.total_seconds() // 60),
    )
    response = render("housing/waiting_room.html", **context)
    response.headers["Cache-Control"] = "no-store"
    if outcome is not Redemption.ADMITTED and not request.headers.get("HX-Request") \
            and request.cookies.get("js") != "1":
        response.headers["Refresh"] = str(poll)  # without JavaScript: the page asks again
    return response


def _all_chosen(sale) -> bool:
    if sale.phase != Phase.OPEN.value:
        return False
    return sale_views().states(sale.id).free(sale_views().flats(sale.id)) == 0


@bp.post("/satis/<int:sale_id>/novbe/cix")
def leave(sale_id: int):
    """The citizen gives up their place in the queue or in the sale, for the next in line."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if sale_views().sale(sale_id) is None:
        abort(404)
    room().leave(sale_id, fin(), now())
    g.cookies_to_set = {admission_cookie(sale_id): None, ticket_cookie(sale_id): None}
    return redirect(url_for("housing.cabinet"), 303)
