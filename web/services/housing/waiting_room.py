"""The waiting room in front of a sale (core.housing.waiting_room) as the choosing steps meet
it: `admission(sale)`, which every one of them calls first, spending an admission when a hold
is taken, and the cookies that carry the citizen's ticket and admission.

A step without a valid admission looks at the citizen's ticket (their place, in a signed
cookie given once): their turn has come, so they go in (the admission is set as a cookie on
that very answer), or it has not, and they are sent to the queue page (queue_page.py;
HX-Redirect for htmx). Without a queue a citizen never sees it: an empty line lets them in at
once. Every decision about a place is made here, on a signed-in step; the queue page only
shows the place and sends the citizen back here when the line has reached it."""
from __future__ import annotations

import re
import time
from typing import Callable

from flask import current_app, g, make_response, redirect, request, url_for
from werkzeug.http import parse_cookie

from core.housing import Phase
from core.housing.waiting_room import PRE_QUEUE, Redemption, Verdict, WaitingRoom
from core.housing.waiting_room.room import RecentLatency
from web.platform.db import db
from web.services.housing.blueprint import bp, fin, now
from web.services.housing.waiting_page import render_waiting

GATED_PHASES = (Phase.NOT_OPEN.value, Phase.OPEN.value, Phase.WAITING_LIST.value)
COOKIE_PATH = "/guzestli-menzil/"
# The pages whose answer times the pacer keeps within its target (the sale's own work).
SIGNING_ENDPOINTS = frozenset({"housing.sign_token", "housing.sign_asan_imza"})
PACED_ENDPOINTS = frozenset({"housing.flats", "housing.press", "housing.payment",
                             "housing.projects"}) | SIGNING_ENDPOINTS


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
    if request.method == "GET" and not request.headers.get("HX-Request"):
        # the step they asked for shows the waiting page at once: one request, not two
        return render_waiting(room(), sale, ticket, room().line(sale.id, now()), next_url, reason)
    target = url_for("housing_line.waiting_room", sale_id=sale.id, next=next_url, netice=reason)
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
        # joining let them in at once if nobody was ahead (the copy was read afresh then)
        from_copy = True
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


def forget_place(sale_id: int) -> None:
    """The citizen left: this browser forgets their ticket and admission."""
    g.cookies_to_set = {admission_cookie(sale_id): None, ticket_cookie(sale_id): None}


@bp.after_request
def set_cookies(response):
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
    """The pacer's measure: how fast the sale answers those inside it (a newcomer sent to the
    queue is the crowd's cost, not the sale's)."""
    started = g.get("request_started")
    inside = g.get("admission_token") is not None or request.endpoint in SIGNING_ENDPOINTS
    if started is not None and request.endpoint in PACED_ENDPOINTS and inside:
        latency().record((time.perf_counter() - started) * 1000)
    return response


CROWD_PATH = re.compile(r"/guzestli-menzil/satis/(\d{1,9})/")


def crowd_of(room_of: Callable[[], WaitingRoom], status_path: str) -> Callable[[dict], bool]:
    """Whether a request is a sale's crowd (web.platform.crowd_gate): one of its steps or its
    queue, by a citizen with no admission and whose turn, as their signed ticket and the
    frontier this process last saw say, has not come (the gate asks no store). Whoever holds an admission, presses Təsdiq et
    or signs is inside, and so is a citizen coming in on their turn."""
    status = re.compile(status_path)

    def is_crowd(environ: dict) -> bool:
        path = environ.get("PATH_INFO", "")
        found = CROWD_PATH.match(path)
        if found is None or status.fullmatch(path):
            return False
        sale_id = int(found.group(1))
        cookies, signer = parse_cookie(environ.get("HTTP_COOKIE", "")), room_of().signer
        admitted = signer.read_admission(cookies.get(admission_cookie(sale_id)))
        if admitted is not None and admitted.get("s") == sale_id:
            return False  # signed by this portal (a made-up cookie does not jump the crowd)
        ticket = signer.read_ticket(cookies.get(ticket_cookie(sale_id)))
        if ticket is None or ticket.place == PRE_QUEUE:
            return True
        return ticket.place > room_of().last_seen_frontier(sale_id)
    return is_crowd
