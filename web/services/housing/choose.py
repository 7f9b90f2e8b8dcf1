"""Choosing: the payment method, the project, then a flat from the list (free / chosen / sold),
which stays current by itself with htmx and by a plain reload without it; Təsdiq et holds a
free flat or, in the waiting-list phase, takes a reserve place on a held one.

The list is the sale day's busiest page: its flats and their states come from this process's
copy of the sale (core.housing.sale_view, at most a second old); only the citizen's own place
is read afresh. Its automatic refresh names the version of the list it shows and gets 204 (no
change, nothing sent) until the flats' states change."""
from __future__ import annotations

from functools import wraps

from flask_babel import gettext as _
from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from core.housing import FlatState, Phase, holds
from core.platform import catalogue
from web.platform.db import db
from web.platform.rendering import render
from web.platform.routing import whole_number
from web.services.housing.blueprint import (
    SERVICE_SLUG, area, bp, commit_and_notify, fin, lapse_due_holds, my_cabinet, now, price,
    sale_views,
    to_application,
)
from web.services.housing.cabinet import SHOPPING_PHASES, no_cabinet_page
from web.forms.housing import PaymentMethodForm, PressForm, valid_method
from web.services.housing.texts import flat_state, outcome_message, payment_method_name, phase_name
from web.services.housing.waiting_room import GATED_PHASES, admission, room, spend_admission

REFRESH_SECONDS = 5


def _open_sale(sale_id: int):
    # A second-old copy, as every process has it: a hold is refused in SQL out of its phases,
    # so the copy decides only what a page shows, and the crowd's arrivals read no sale row.
    sale = sale_views().sale(sale_id)
    if sale is None:
        abort(404)
    return sale


def _for_cabinet_holders(view):
    """The sale's pages and presses are for a citizen with a cabinet; anyone else is told how
    to open one."""
    @wraps(view)
    def checked(*args, **kwargs):
        if my_cabinet() is None:
            return no_cabinet_page()
        return view(*args, **kwargs)
    return checked


def _waiting_page(sale, next_url: str | None = None):
    """The waiting room when this citizen's turn in `sale` has not come, else None; next_url is
    where the turn brings them back to, by default the page they asked for."""
    return admission(sale, next_url or request.full_path.rstrip("?"))


def _steps():
    return [_("Ödəniş üsulu"), _("Layihə"), _("Mənzil"), _("İmza")]


@bp.get("/satis/<int:sale_id>/")
@_for_cabinet_holders
def payment(sale_id: int):
    sale = _open_sale(sale_id)
    if (waiting := _waiting_page(sale)) is not None:
        return waiting
    if sale.phase not in SHOPPING_PHASES:
        return redirect(url_for("housing.cabinet"), 303)
    form = PaymentMethodForm(request.args)
    if "usul" in request.args or request.args.get("secim"):
        if form.validate():
            return redirect(url_for("housing.projects", sale_id=sale.id, usul=form.usul.data), 303)
    else:
        form.usul.errors = []
    return render("housing/payment.html", service=catalogue.service(SERVICE_SLUG), sale=sale,
                  form=form if form.usul.errors else None, payment_form=form, steps=_steps())


@bp.get("/satis/<int:sale_id>/layiheler")
@_for_cabinet_holders
def projects(sale_id: int):
    sale = _open_sale(sale_id)
    if (waiting := _waiting_page(sale)) is not None:
        return waiting
    method = valid_method(request.args.get("usul"))
    if method is None or sale.phase not in SHOPPING_PHASES:
        return redirect(url_for("housing.payment", sale_id=sale.id), 303)
    return render("housing/projects.html", service=catalogue.service(SERVICE_SLUG), sale=sale,
                  projects=sale_views().projects(sale.id), method=method,
                  method_name=payment_method_name(method), steps=_steps())


@bp.get("/satis/<int:sale_id>/layihe/<int:project_id>/")
@_for_cabinet_holders
def flats(sale_id: int, project_id: int):
    sale = _open_sale(sale_id)
    project = sale_views().project(sale.id, project_id)
    if project is None:
        abort(404)
    method = valid_method(request.args.get("usul"))
    if method is None:
        return redirect(url_for("housing.payment", sale_id=sale.id), 303)
    self_url = url_for("housing.flats", sale_id=sale.id, project_id=project.id, usul=method)
    if (waiting := _waiting_page(sale, self_url)) is not None:
        return waiting
    states = sale_views().states(sale.id)
    if states.lapse_due(now()):  # a hold ran out: end it before the list shows it as chosen
        lapse_due_holds()
        states = sale_views().states(sale.id)
    rows = sale_views().flats(sale.id, project.id)
    version = states.version(rows, sale.phase)
    polled = request.headers.get("HX-Request") and request.headers.get("HX-Target") == \
        "flats-region"
    if polled and request.args.get("versiya") == version:
        return _unchanged()
    mine = holds.live_place(db(), sale.id, fin())
    db().commit()
    can_press = sale.phase in SHOPPING_PHASES and mine is None
    waiting_list = sale.phase == Phase.WAITING_LIST.value
    context = dict(
        service=catalogue.service(SERVICE_SLUG), sale=sale, project=project,
        rows_html=_rows_html(project.id, version, rows, states, mine, can_press, waiting_list),
        method=method, method_name=payment_method_name(method),
        phase=phase_name(sale.phase), can_press=can_press, waiting_list=waiting_list, mine=mine,
        refresh_seconds=REFRESH_SECONDS, self_url=self_url, steps=_steps(),
        poll_url=url_for("housing.flats", sale_id=sale.id, project_id=project.id, usul=method,
                         versiya=version),
        gated=sale.phase in GATED_PHASES, press_text=_("Təsdiq et"),
        message=pace_message(request.args.get("sonra")) if request.args.get("netice") == "pace"
        else outcome_message(request.args.get("netice")),
    )
    if polled:
        response = make_response(render_template("housing/_flats_table.html", **context))
        response.vary.add("HX-Request")
        response.headers["Cache-Control"] = "no-store"
        return response
    return render("housing/flats.html", **context)


def _unchanged():
    """The list the page shows is current: nothing to send, nothing to swap."""
    response = make_response("", 204)
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response


KEPT_ROWS = 512


def _rows_html(project_id: int, version: str, rows, states, mine, can_press: bool,
               waiting_list: bool):
    """The list's rows as HTML, rendered once per state of the list (its version), language
    and what the citizen may press, and kept in this process: the whole crowd reloads this
    page, and nothing in a row is the citizen's own but their own place."""
    kept = current_app.extensions["housing"].setdefault("flat_rows", {})
    key = (project_id, version, str(get_locale()), can_press, waiting_list,
           mine.flat_id if mine is not None else None)
    html = kept.get(key)
    if html is None:
        if len(kept) >= KEPT_ROWS:
            kept.clear()
        html = kept[key] = Markup(render_template(
            "housing/_flats_rows.html", rows=_rows(rows, states, mine), can_press=can_press,
            waiting_list=waiting_list))
    return html


def _rows(rows, states, mine) -> list[dict]:
    """What the list shows of each flat, worked out once per row rather than in the
    template."""
    names = {state: flat_state(state) for state in FlatState}
    label = _("Təsdiq et: %(building)s, mənzil %(number)s")
    action = url_for("housing.press", flat_id=0).replace("/0/", "/%d/")  # built once, not per row
    shown = []
    for row in rows:
        status = states.of(row.id)
        shown.append({
            "flat": row, "state": status.state.value, "state_name": names[status.state],
            "reserves": status.reserves, "mine": mine is not None and mine.flat_id == row.id,
            "area": area(row.area_dm2), "price": price(row.price_qepik),
            "action": action % row.id,
            "label": label % {"building": row.building, "number": row.number},
        })
    return shown


@bp.post("/menzil/<int:flat_id>/tesdiq")
@_for_cabinet_holders
def press(flat_id: int):
    form = PressForm()
    method = valid_method(form.usul.data)
    found = sale_views().place_of_flat(flat_id)
    if found is None:
        abort(404)
    sale_id, project_id = found
    if not form.validate_on_submit() or method is None:
        return redirect(url_for("housing.payment", sale_id=sale_id), 303)
    back = url_for("housing.flats", sale_id=sale_id, project_id=project_id, usul=method)
    # the phase from this second's copy: the hold itself is refused in SQL out of its phases
    if (waiting := _waiting_page(sale_views().sale(sale_id), back)) is not None:
        return waiting
    # Paced: a press that could take a place (one with a place already is refused anyway,
    # and told so). The database is asked only of a press that came too fast: asking it of
    # every press cost three round trips of every hold.
    db().commit()  # the room's store runs its own short transactions
    wait = room().press_wait(sale_id, fin(), now())
    if wait is not None and holds.live_place(db(), sale_id, fin()) is not None:
        wait = None
    if wait is not None:  # faster than a person presses: say when the next press may go
        return redirect(url_for("housing.flats", sale_id=sale_id, project_id=project_id,
                                usul=method, netice="pace", sonra=_seconds(wait))
                        + "#flats-region", 303)
    lapse_first = sale_views().states(sale_id).lapse_due(now())
    result = holds.press_confirm(db(), fin=fin(), flat_id=flat_id, payment_method=method,
                                 now=now(), lapse_first=lapse_first)
    commit_and_notify(result.notices)
    if result.outcome in (holds.Outcome.HELD, holds.Outcome.RESERVED):
        spend_admission(sale_id)
        return to_application(result.outcome.value)
    return redirect(url_for("housing.flats", sale_id=sale_id, project_id=project_id,
                            usul=method, netice=result.outcome.value) + "#flats-region", 303)


def _seconds(wait) -> int:
    return max(1, -(-int(wait.total_seconds() * 1000) // 1000))


def pace_message(seconds: str | None) -> tuple[str, str]:
    wait = whole_number(seconds, default=2)
    if wait > 60:
        return (_("“Təsdiq et” düyməsini 5 dəqiqədə ən çoxu 10 dəfə sıxmaq olar. Yenidən "
                  "%(minutes)d dəqiqədən sonra cəhd edin.", minutes=-(-wait // 60)), "warning")
    return (_("“Təsdiq et” düyməsini bir-birinin ardınca çox tez sıxdınız. Yenidən %(seconds)d "
              "saniyədən sonra cəhd edin.", seconds=min(wait, 60)), "warning")
