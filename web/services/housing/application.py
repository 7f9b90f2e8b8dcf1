"""The citizen's application: the flat held for them (with the time left to sign), a reserve
place, or the signed purchase; and giving a hold or a reserve place up (İmtina et)."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from core.housing import holds
from core.housing import sale as sales
from core.housing.application import Application
from core.platform import catalogue
from web.platform.db import db
from web.platform.rendering import render
from web.services.housing.blueprint import (
    SERVICE_SLUG, area, baku_time, bp, commit_and_notify, fin, lapse_due_holds, minutes_left,
    my_cabinet, now,
    price, to_application,
)
from web.services.housing.cabinet import no_cabinet_page
from web.forms.housing import ActionForm
from web.services.housing.texts import outcome_message, payment_method_name, place_status


def my_application(cabinet) -> Application | None:
    """The citizen's live place in any sale, else the last place they had."""
    found = None
    for sale in sales.sales(db()):
        place = sales.latest_place(db(), sale.id, cabinet.fin)
        if place is not None and (found is None or place.slot_key):
            found = place
            if place.slot_key:
                break
    if found is None:
        return None
    flat, building, project = sales.flat_details(db(), found.flat_id)
    return Application(found, flat, building, project, cabinet)


def summary_rows(application: Application) -> list[tuple[str, str]]:
    flat = application.flat
    return [
        (_("Layihə"), f"{application.project.name}, {application.project.address}"),
        (_("Bina və mənzil"), _("%(building)s, mənzil %(number)s",
                                building=application.building.name, number=flat.number)),
        (_("Otaq sayı"), str(flat.rooms)), (_("Mərtəbə"), str(flat.floor)),
        (_("Sahə"), f"{area(flat.area_dm2)} m²"),
        (_("Qiymət"), f"{price(flat.price_qepik)} AZN"),
        (_("Ödəniş üsulu"), payment_method_name(application.place.payment_method)),
        (_("Alıcı vətəndaş"), f"{application.cabinet.full_name}, FİN {application.cabinet.fin}"),
    ]


@bp.get("/muracietim")
def application():
    cabinet = my_cabinet()
    if cabinet is None:
        return no_cabinet_page()
    lapse_due_holds()
    found = my_application(cabinet)
    place = found.place if found else None
    return render(
        "housing/application.html", service=catalogue.service(SERVICE_SLUG), found=found,
        place=place, rows=summary_rows(found) if found else [],
        place_text=place_status(place.status, place.position) if place else None,
        until=baku_time(place.held_until) if place else "",
        minutes=minutes_left(place.held_until) if place else 0,
        signed_at=baku_time(place.signed_at) if place else "",
        message=outcome_message(request.args.get("netice")), form=None,
    )


@bp.route("/muracietim/imtina", methods=["GET", "POST"])
def withdraw():
    cabinet = my_cabinet()
    if cabinet is None:
        return no_cabinet_page()
    found = my_application(cabinet)
    if found is None or found.place.status not in (holds.HELD, holds.RESERVE):
        return redirect(url_for("housing.application"), 303)
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        result = holds.withdraw(db(), fin=fin(), sale_id=found.place.sale_id, now=now())
        commit_and_notify(result.notices)
        return to_application(result.outcome.value)
    return render("housing/withdraw.html", service=catalogue.service(SERVICE_SLUG),
                  found=found, rows=summary_rows(found), action=form,
                  place_text=place_status(found.place.status, found.place.position))
