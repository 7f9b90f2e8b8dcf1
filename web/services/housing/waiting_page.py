"""The waiting page itself: the citizen's place, how many are ahead, how long that is likely to
take, and whether every flat is chosen, drawn from this process's copies of the sale and its
line. Shown by the queue page (queue_page.py) and, on a newcomer's first request, by the step
they asked for (waiting_room.admission), which saves the crowd a redirect each."""
from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _

from core.housing import Phase
from core.housing.waiting_room import Verdict, WaitingRoom
from core.housing.waiting_room.pacer import refresh_seconds, wait_minutes
from core.housing.waiting_room.port import Line, Redemption
from core.housing.waiting_room.tickets import Ticket
from core.platform import catalogue
from web.platform.rendering import render
from web.services.housing.blueprint import SERVICE_SLUG, now, sale_views
from web.services.housing.texts import phase_name

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


def render_waiting(room: WaitingRoom, sale, ticket: Ticket, line: Line, next_url: str,
                   refusal_code: str | None):
    """The waiting page, refreshing itself without JavaScript (Refresh header, to the queue
    page whatever address showed it) and asking the shared status with it."""
    ahead = room.ahead(ticket, now())
    poll = refresh_seconds(ahead, line)
    refusal = REFUSALS.get(refusal_code or "")
    queue_url = url_for("housing_line.waiting_room", sale_id=sale.id, next=next_url)
    response = render(
        "housing/waiting_room.html", service=catalogue.service(SERVICE_SLUG), sale=sale,
        ticket=ticket, line=line, ahead=ahead,
        wait=wait_minutes(ahead, line) if ahead is not None else None,
        next=next_url, queue_url=queue_url, phase=phase_name(sale.phase),
        refusal=refusal() if refusal else None, all_chosen=all_chosen(sale),
        poll_seconds=poll, capacity=line.capacity_override if line.capacity_override
        is not None else room.pacing.most_inside,
        status_url=url_for("housing_line.status", sale_id=sale.id),
        window_minutes=int(room.window.total_seconds() // 60), hide_account=True)
    response.headers["Cache-Control"] = "no-store"
    if not request.headers.get("HX-Request") and request.cookies.get("js") != "1":
        response.headers["Refresh"] = f"{poll}; url={queue_url}"  # without JavaScript
    return response


def all_chosen(sale) -> bool:
    if sale.phase != Phase.OPEN.value:
        return False
    return sale_views().states(sale.id).free(sale_views().flats(sale.id)) == 0
