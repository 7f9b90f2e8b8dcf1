"""The sale's shared queue status, /guzestli-menzil/satis/<sale>/novbe/veziyyet: what the
waiting page's script asks every few seconds. The same small JSON for everybody in the sale
(the frontier, the last place given, the pace, whether every flat is chosen): no session, no
cookie, no template, so a proxy may keep it for a second (`Cache-Control`), and so does each
app process (web.platform.shared_answers, before Flask runs): the view below runs at most once
a second per process, and reads only this process's copies of the line and the sale. The
citizen's own place is on their page; the script compares the two.

A blueprint of its own, not the e-cabinet's: the cabinet's routes all need sign-in."""
from __future__ import annotations

import json

from flask import Blueprint, Flask, Response, abort

from core.housing import Phase
from web.auth.guard import without_session
from web.platform.shared_answers import SharedAnswers
from web.services.housing.blueprint import now, sale_views
from web.services.housing.waiting_room import GATED_PHASES, pace_the_line, room

CACHE_CONTROL = "public, max-age=1"
PATH = r"/guzestli-menzil/satis/\d{1,9}/novbe/veziyyet"

queue_status_bp = Blueprint("housing_line", __name__, url_prefix="/guzestli-menzil/satis")


def init_app(app: Flask) -> None:
    app.register_blueprint(queue_status_bp)
    app.wsgi_app = SharedAnswers(app.wsgi_app, PATH, seconds=1.0)


def _answer(sale_id: int) -> bytes | None:
    sale = sale_views().sale(sale_id)
    if sale is None:
        return None
    pace_the_line(sale)
    line = room().line(sale.id, now())
    flats = sale_views().flats(sale.id)
    status = {
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
    }
    return json.dumps(status, separators=(",", ":")).encode()


@queue_status_bp.get("/<int:sale_id>/novbe/veziyyet")
@without_session
def status(sale_id: int):
    body = _answer(sale_id)
    if body is None:
        abort(404)
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
