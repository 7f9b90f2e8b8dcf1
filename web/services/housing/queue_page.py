"""The queue as a waiting citizen sees it, in a blueprint of its own that reads no session:
the crowd of a sale day is here, and what it asks must cost next to nothing.

- /guzestli-menzil/satis/<sale>/novbe, the queue page: the citizen's place from their signed
  ticket (a cookie), how many are ahead and, once the line has moved, how long that is likely
  to take, from this process's copies of the sale and its line (a second old at most). It
  decides nothing: when the line has reached the place, or the ticket is missing, void or
  waiting for the draw, it sends the citizen to the step they wanted, a signed-in page, which
  decides (waiting_room.admission). Without JavaScript it refreshes itself with the `Refresh`
  header; its header shows no account (the ticket, not the session, is what it reads).
- /guzestli-menzil/satis/<sale>/novbe/veziyyet, the sale's shared status: what the page's
  script asks. The same small JSON for everybody in the sale (the frontier, the last place
  given, the pace, whether every flat is chosen); no cookie, no template; a proxy may keep it
  a second (`Cache-Control`), and so does each app process (web.platform.shared_answers,
  before Flask runs).
- /guzestli-menzil/satis/<sale>/novbe/cix: Növbədən çıx / Satışdan çıx, the place of this
  browser's ticket given up for the next in line (CSRF as every form)."""
from __future__ import annotations

import json

from flask import Blueprint, Flask, Response, abort, make_response, redirect, request, url_for

from core.housing import Phase
from core.housing.waiting_room import PRE_QUEUE
from web.auth.guard import safe_next, without_session
from web.platform.shared_answers import SharedAnswers
from web.services.housing.blueprint import now, sale_views
from web.forms.housing import ActionForm
from web.services.housing.waiting_page import render_waiting
from web.services.housing.waiting_room import (
    COOKIE_PATH, GATED_PHASES, forget_place, pace_the_line, room, set_cookies, ticket_cookie,
)

CACHE_CONTROL = "public, max-age=1"
STATUS_PATH = r"/guzestli-menzil/satis/\d{1,9}/novbe/veziyyet"

queue_bp = Blueprint("housing_line", __name__, url_prefix="/guzestli-menzil/satis")
queue_bp.after_request(set_cookies)


def init_app(app: Flask) -> None:
    app.register_blueprint(queue_bp)
    app.wsgi_app = SharedAnswers(app.wsgi_app, STATUS_PATH, seconds=1.0)


def _next(sale_id: int) -> str:
    target = safe_next(request.args.get("next"), url_for("housing.payment", sale_id=sale_id))
    return target if target.startswith(COOKIE_PATH) else url_for("housing.payment",
                                                                 sale_id=sale_id)


def _browsers_ticket(sale_id: int):
    ticket = room().signer.read_ticket(request.cookies.get(ticket_cookie(sale_id)))
    return ticket if ticket is not None and ticket.sale_id == sale_id else None


def _go_on(target: str):
    """To the signed-in step the citizen wanted: it decides (their turn, a place, a draw)."""
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


@queue_bp.get("/<int:sale_id>/novbe")
@without_session
def waiting_room(sale_id: int):
    sale = sale_views().sale(sale_id)
    if sale is not None and sale.phase not in GATED_PHASES:
        sale = sale_views().sale(sale_id, fresh=True)  # a second-old copy decides nothing
    if sale is None:
        abort(404)
    if sale.phase not in GATED_PHASES:
        return redirect(url_for("housing.cabinet"), 303)
    pace_the_line(sale)
    ticket, line = _browsers_ticket(sale.id), room().line(sale.id, now())
    if ticket is not None and ticket.line != line.generation:
        room().forget_line(sale.id)  # a copy older than the ticket, or an earlier line's ticket
        line = room().line(sale.id, now())
    if ticket is not None and ticket.place == PRE_QUEUE and sale.phase != Phase.NOT_OPEN.value:
        sale = sale_views().sale(sale_id, fresh=True)
    waiting = ticket is not None and ticket.line == line.generation and (
        (ticket.place == PRE_QUEUE and sale.phase == Phase.NOT_OPEN.value)
        or (ticket.place != PRE_QUEUE and ticket.place > line.frontier))
    if not waiting:
        return _go_on(_next(sale.id))
    return render_waiting(room(), sale, ticket, line, _next(sale.id), request.args.get("netice"))


@queue_bp.post("/<int:sale_id>/novbe/cix")
@without_session
def leave(sale_id: int):
    """The citizen gives up their place in the queue or in the sale, for the next in line."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if sale_views().sale(sale_id) is None:
        abort(404)
    ticket = _browsers_ticket(sale_id)
    if ticket is not None:
        room().leave(sale_id, ticket.citizen, now())
    forget_place(sale_id)
    return redirect(url_for("housing.cabinet"), 303)


def _status(sale_id: int) -> bytes | None:
    sale = sale_views().sale(sale_id)
    if sale is None:
        return None
    pace_the_line(sale)
    line = room().line(sale.id, now())
    flats = sale_views().flats(sale.id)
    return json.dumps({
        "sale": sale.id,
        "phase": sale.phase,
        "queue": sale.phase in GATED_PHASES,
        "drawn": line.drawn,
        "preQueued": line.pre_queued,
        "frontier": line.frontier,
        "issued": line.issued,
        "perMinute": round(line.per_minute, 1) if line.per_minute is not None else None,
        "allChosen": sale.phase == Phase.OPEN.value
        and sale_views().states(sale.id).free(flats) == 0,
    }, separators=(",", ":")).encode()


@queue_bp.get("/<int:sale_id>/novbe/veziyyet")
@without_session
def status(sale_id: int):
    body = _status(sale_id)
    if body is None:
        abort(404)
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
