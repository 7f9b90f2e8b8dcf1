"""The e-cabinet: the citizen's signature checked (they have just signed in with it), the sales
and their phases, the citizen's own choice and application with its status, and their entries
of each sale's allocation log with the proof of each (transparency.py)."""
from __future__ import annotations

from flask import url_for

from core.housing import Phase, allocation_log, events
from core.housing import sale as sales
from core.platform import catalogue
from web.auth.guard import current_citizen
from web.auth.messages import method_name
from web.platform.db import db, reading
from web.platform.rendering import render
from web.platform.usage_counts import count_use_once
from web.services.housing.blueprint import SERVICE_SLUG, bp, lapse_due_holds, my_cabinet
from web.services.housing.texts import phase_name, place_status
from web.services.housing.transparency import not_yet_signed, proof_rows

SHOPPING_PHASES = (Phase.OPEN.value, Phase.WAITING_LIST.value)


def no_cabinet_page():
    return render("housing/no_cabinet.html", status=403, service=catalogue.service(SERVICE_SLUG))


@bp.get("/")
def cabinet():
    cabinet = my_cabinet()
    if cabinet is None:
        return no_cabinet_page()
    lapse_due_holds()
    rows = []
    for sale in sales.sales(db()):
        place = sales.latest_place(db(), sale.id, cabinet.fin)
        details = sales.flat_details(db(), place.flat_id) if place else None
        pseudonym = allocation_log.pseudonym(sale.log_salt, cabinet.fin) if sale.log_salt \
            else None
        rows.append({
            "sale": sale, "phase": phase_name(sale.phase),
            "choose": url_for("housing.payment", sale_id=sale.id)
            if sale.phase in SHOPPING_PHASES and not (place and place.slot_key) else None,
            "queue": url_for("housing_line.waiting_room", sale_id=sale.id)
            if sale.phase == Phase.NOT_OPEN.value else None,
            "place": place, "details": details,
            "status": place_status(place.status, place.position) if place else None,
            "pseudonym": pseudonym, "proofs": _my_entries(sale.id, pseudonym),
            "log": url_for("housing_log.page", sale_id=sale.id),
        })
    count_use_once(SERVICE_SLUG)
    citizen = current_citizen()
    return render("housing/cabinet.html", service=catalogue.service(SERVICE_SLUG),
                  cabinet=cabinet, rows=rows, method=method_name(citizen.method.value),
                  asan=citizen.method.value == "asan_imza",
                  before_sale=any(r["sale"].phase == Phase.NOT_OPEN.value for r in rows),
                  pending=not_yet_signed())


def _my_entries(sale_id: int, pseudonym: str | None) -> list[dict]:
    """The citizen's own entries of the sale's log, each with its proof once signed."""
    if pseudonym is None:
        return []
    with reading() as reader:
        return proof_rows(reader, sale_id, events.of_citizen(reader, sale_id, pseudonym))
