"""/sandbox/borclar (sandbox only): QA puts the demo landlines' debts back to the demo amounts,
so the bill payment journeys (and what the call list shows as paid) start from demo-data.md
on a long-lived deployment, however often they ran."""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from core.sandbox import billing as demo_billing
from web.services.bill_payment.blueprint import adapters
from web.platform.rendering import render

bp = Blueprint("sandbox_billing", __name__)


@bp.route("/sandbox/borclar", methods=["GET", "POST"])
def debts():
    if request.method == "POST":  # the CSRF check of every POST guards it
        changed = adapters().restore_demo_debts()
        return redirect(url_for("sandbox_billing.debts", berpa=changed))
    return render("sandbox/billing.html", accounts=demo_billing.ACCOUNTS,
                  restored=request.args.get("berpa"))
