"""/sandbox/satis, the sandbox sale clock (demo-data.md, "Sandbox interfaces"): shows the demo
sale's phase, moves it (not open / open / waiting list / closed) and resets it to 12 free flats.
Moving it to "not open" or resetting it empties its waiting room (a new draw at the next
opening); the capacity knob lets a demo show the queue with two or three people.
Registered only in the sandbox; production has no such page."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for

from core.housing import Phase
from core.housing import sale as sales
from core.sandbox import housing as demo_sale
from web.platform.db import db
from web.platform.rendering import render
from web.services.housing.blueprint import now, sale_views
from web.forms.housing import ActionForm, CapacityForm, PhaseForm
from web.services.housing.texts import phase_name
from web.services.housing.waiting_room import room

sandbox_bp = Blueprint("housing_sandbox", __name__, url_prefix="/sandbox/satis")


def _sale():
    sale = demo_sale.demo_sale(db())
    if sale is None:
        abort(404)
    return sale


@sandbox_bp.route("/", methods=["GET", "POST"], strict_slashes=False)
def clock():
    sale = _sale()
    form = PhaseForm(phase_name, phase=sale.phase)
    if request.method == "POST" and form.validate_on_submit():
        sales.set_phase(db(), sale.id, Phase(form.phase.data))
        db().commit()
        sale_views().forget(sale.id)
        if form.phase.data == Phase.NOT_OPEN.value:
            room().reset(sale.id)
        return redirect(url_for("housing_sandbox.clock", netice="phase"), 303)
    db().commit()  # the waiting room's store runs its own short transactions
    return _clock_page(sale, form, CapacityForm(capacity=room().store.capacity(sale.id)))


def _clock_page(sale, form, capacity_form, status: int = 200):
    project = sales.projects(db(), sale.id)[0]
    views = sales.flats(db(), project.id)
    db().commit()
    counts = {state: sum(v.state.value == state for v in views) for state in ("free", "chosen", "sold")}
    return render("housing/sandbox_clock.html", sale=sale, form=form, reset_form=ActionForm(),
                  phase=phase_name(sale.phase), counts=counts, done=request.args.get("netice"),
                  capacity_form=capacity_form, default_capacity=room().pacing.most_inside,
                  inside=room().line(sale.id, now()).inside, status=status,
                  forms=[capacity_form])


@sandbox_bp.post("/tutum")
def capacity():
    sale = _sale()
    form = CapacityForm()
    if not form.validate_on_submit():
        db().commit()
        return _clock_page(sale, PhaseForm(phase_name, phase=sale.phase), form, status=400)
    db().commit()
    room().store.set_capacity(sale.id, form.capacity.data)
    return redirect(url_for("housing_sandbox.clock", netice="capacity"), 303)


@sandbox_bp.post("/sifirla")
def reset():
    if not ActionForm().validate_on_submit():
        abort(400)
    sale = demo_sale.reset(db())
    db().commit()
    sale_views().forget(sale.id)
    room().reset(sale.id)
    return redirect(url_for("housing_sandbox.clock", netice="reset"), 303)
