"""Bill payment steps 1–4 (seed 001): city and number, the line's debts, amount and card type,
confirmation (with İmtina et)."""
from __future__ import annotations


from flask import redirect, request, url_for
from flask_babel import gettext as _

from core.bill_payment import billing
from core.platform import drafts
from core.kernel import money
from core.kernel.phones import Landline
from web.services.bill_payment.texts import azn, card_type_label, provider_name, service_name
from web.platform import card_step as shared
from web.platform.i18n import answers_kept_for
from web.platform.db import db
from web.forms.bill_payment import AmountForm, LineForm
from web.platform.wording import city_label, too_many
from web.platform.rendering import render

from web.services.bill_payment.blueprint import (bp, wizard, UNKNOWN_NUMBERS, adapters, steps,
                                                 current_line, line_title)


@bp.route("/", methods=["GET", "POST"])
def line():
    answers = {**wizard.answers(), **answers_kept_for(request.path)}
    form = LineForm(data={"city": answers.get("city", ""), "number": answers.get("number", "")})
    if request.method == "POST" and form.validate():
        found = _look_up(form)
        if found is not None:
            return wizard.save("bill_payment.line", city=found.city_code, number=found.number)
    return render("bill_payment/line.html", form=form, steps=steps())


def _look_up(form: LineForm) -> Landline | None:
    client = request.remote_addr or "unknown"
    if UNKNOWN_NUMBERS.is_blocked(db(), client):
        form.number.errors = [too_many(_("Çox sayda tapılmayan nömrə yoxlanıldı."),
                                       UNKNOWN_NUMBERS.retry_after(db(), client))]
        return None
    line = form.line()
    db().commit()  # the providers are asked from other threads: hold no database lock
    found = billing.statement(adapters().systems, line)
    if found.known is False:
        UNKNOWN_NUMBERS.record_failure(db(), client)
        db().commit()
        form.number.errors = [_("%(line)s nömrəsi üzrə abonent tapılmadı. Şəhəri və nömrəni "
                                "yoxlayın: nömrə şəhər kodu olmadan 7 rəqəmdir.",
                                line=line_title(line))]
        return None
    if found.known is None:
        form.number.errors = [_("Ödəniş sistemləri hazırda cavab vermir, ona görə nömrəni "
                                "yoxlaya bilmədik. Bir neçə dəqiqədən sonra yenidən cəhd edin.")]
        return None
    return line


@bp.route("/borclar", methods=["GET", "POST"])
@wizard.step
def debts():
    line = current_line()
    db().commit()  # the providers are asked from other threads: hold no database lock
    found = billing.statement(adapters().systems, line)
    errors = []
    if request.method == "POST":
        chosen = found.item(request.form.get("service", ""))
        if chosen is not None and chosen.available:
            return wizard.save("bill_payment.debts", service=chosen.service, debt=chosen.balance)
        errors = [("debts-table", _("Bu xidmət üzrə borc hazırda alına bilmədi. Siyahını "
                                    "yeniləyin və ödəmək istədiyiniz xidmətin altındakı "
                                    "“Ödə” düyməsinə vurun."))]
    notice = _take_notice()
    rows = [{
        "item": item, "name": service_name(item.service),
        "provider": provider_name(item.provider),
    } for item in found.items]
    return render("bill_payment/debts.html", statement=found, rows=rows, errors=errors,
                  line_title=line_title(line), notice=notice, steps=steps(), azn=azn,
                  provider_name=provider_name)


def _take_notice() -> str | None:
    draft = wizard.draft()
    notice = draft.data.get("notice") if draft else None
    if notice:
        drafts.update(db(), draft, notice=None)
        db().commit()
    return notice


@bp.route("/mebleg", methods=["GET", "POST"])
@wizard.step
def amount():
    answers = wizard.answers()
    debt = answers["debt"]
    if request.method == "POST":
        form = AmountForm(debt)
        if form.validate():
            return wizard.save("bill_payment.amount", amount=form.check.amount,
                               amount_text=form.amount.data, card_type=form.card_type.data)
    else:
        shown = answers.get("amount_text")
        if shown is None and billing.default_amount(debt) is not None:
            shown = money.format_amount(billing.default_amount(debt))
        form = AmountForm(debt, data={"amount": shown or "",
                                      "card_type": answers.get("card_type")})
    return render("bill_payment/amount.html", form=form, steps=steps(), debt=debt,
                  service=service_name(answers["service"]), line_title=line_title(current_line()),
                  azn=azn)


@bp.route("/tesdiq", methods=["GET", "POST"])
@wizard.step
def confirm():
    answers = wizard.answers()
    line = current_line()
    if request.method == "POST":
        if request.form.get("action") == "cancel":
            return _cancel(answers)
        previous = answers.get("reference")
        unchanged = billing.unchanged_new_payment(
            db(), previous, line=line, service=answers["service"], amount=answers["amount"],
            card_type=answers["card_type"])
        if unchanged is not None:
            return wizard.save("bill_payment.confirm", reference=unchanged.reference)
        draft = wizard.draft()
        attempt = int(answers.get("attempt", 0)) + 1
        if previous and not billing.cancel(db(), previous):  # superseded by this one...
            under_way = _charge_under_way(previous)  # ...unless the bank is asked already
            if under_way is not None:
                return under_way
        payment = billing.start_payment(
            db(), key=f"{draft.id}:{attempt}", line=line, service=answers["service"],
            amount=answers["amount"], debt_before=answers["debt"],
            card_type=answers["card_type"])
        return wizard.save("bill_payment.confirm", reference=payment.reference, attempt=attempt)
    advance = max(answers["amount"] - max(answers["debt"], 0), 0)
    rows = [
        (_("Şəhər"), city_label(line.city_code)),
        (_("Nömrə"), line.number),
        (_("Xidmət"), service_name(answers["service"])),
        (_("Məbləğ"), azn(answers["amount"])),
        (_("Kart növü"), card_type_label(answers["card_type"])),
    ]
    return render("bill_payment/confirm.html", rows=rows, advance=advance, steps=steps(),
                  azn=azn)


def _cancel(answers: dict):
    """İmtina et: nothing is charged; back to the debts, which are as they were. Too late
    when the card step got there first: then the citizen is told the truth and sees the
    payment's own page."""
    reference = answers.get("reference")
    if reference and not billing.cancel(db(), reference):
        under_way = _charge_under_way(reference)
        if under_way is not None:
            return under_way
    drafts.update(db(), wizard.draft(), notice="cancelled", reference=None)
    wizard.reopen("bill_payment.debts")  # commits
    return redirect(url_for("bill_payment.debts"))


def _charge_under_way(reference: str):
    """The page for a payment the bank is taking or has taken (None if it is neither)."""
    payment = billing.find(db(), reference)
    if payment is None or payment.status not in (billing.PAYING, billing.CHARGED,
                                                 billing.POSTED):
        return None
    db().commit()
    if payment.status == billing.PAYING:
        return redirect(url_for("bill_payment.checking", imtina="gec"))
    shared.remember_receipt(billing.SERVICE_SLUG, reference)
    return redirect(url_for("bill_payment.paid", reference=reference, imtina="gec"))


@bp.post("/yeni-odenis")
def again():
    """Pay another debt of the same line after a payment."""
    if wizard.draft() is None or "bill_payment.line" not in wizard.done_steps():
        return redirect(url_for("bill_payment.line"))
    drafts.update(db(), wizard.draft(), reference=None)
    wizard.reopen("bill_payment.debts")
    return redirect(url_for("bill_payment.debts"))
