"""The device registration receipt (printable, verifiable, its registry state polled) and
ARXİV, where a citizen finds earlier applications by ID card and FİN."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, request, url_for
from flask_babel import gettext as _

from core.device_registration import registration
from core.device_registration import imei as imei_rules
from core.kernel import money
from core.payments import receipts
from core.payments.models import Receipt
from core.platform.ratelimit import RateLimit
from web.platform import card_step as payments
from web.platform.db import db
from web.platform.rendering import render
from web.platform.wording import baku_time, card_label, too_many
from web.forms.device_registration import ArchiveForm
from web.services.device_registration.blueprint import bp, client_key


# Receipt ------------------------------------------------------------------------------------

def status_text(application) -> tuple[str, str]:
    """(text, tag colour) of the registration's state, as the receipt and ARXİV show it."""
    if application.status == registration.REGISTERED:
        return _("Qeydiyyata alınıb"), "green"
    if application.status == registration.REJECTED:
        return _("Qeydiyyat rədd edildi: 108 Çağrı Mərkəzinə müraciət edin"), "red"
    return _("24 saat ərzində qeydiyyata alınacaq"), "blue"


def _receipt_and_application(number: str):
    if not payments.may_open_receipt(registration.SERVICE_SLUG, number):
        abort(404)
    receipt = receipts.by_number(db(), number)
    application = registration.for_receipt(db(), receipt.id) if receipt else None
    if application is None:
        abort(404)
    return receipt, application


def receipt_rows(receipt, application) -> list[tuple[str, str]]:
    return [
        (_("Bildirişin kodu"), receipt.number),
        (_("Ad, soyad və atasının adı"), receipt.payer_name),
        (_("FİN kod"), receipt.payer_fin or ""),
        (_("Ödəmə növü"), card_label(receipt.brand, receipt.last4)),
        (_("İMEİ"), imei_rules.display(application.imei)),
        (_("Cihazın modeli"), application.model or _("Kataloqda tapılmadı")),
        (_("Ödənilən məbləğ"), money.format_azn(receipt.amount_qepik)),
        (_("Tarix və vaxt"), baku_time(receipt.paid_at)),
    ]


@bp.get("/qebz/<number>")
def receipt(number: str):
    found, application = _receipt_and_application(number)
    text, colour = status_text(application)
    code = payments.receipt_signer().code(found.number)
    return render("device_registration/receipt.html", receipt=found, application=application,
                  rows=receipt_rows(found, application), state=text, colour=colour,
                  verification_code=code,
                  verify_url=url_for("receipts.verify", nomre=found.number, kod=code,
                                     _external=True))


@bp.get("/qebz/<number>/veziyyet")
def receipt_status(number: str):
    """htmx: the registration's state, polled while MCQS is registering the device."""
    _receipt, application = _receipt_and_application(number)
    text, colour = status_text(application)
    return render("device_registration/_status.html", application=application, state=text,
                  colour=colour, number=number, fragment=True)


ARCHIVE_MISSES = RateLimit("device-archive", 20, timedelta(minutes=15))


# ARXİV --------------------------------------------------------------------------------------

@bp.route("/arxiv", methods=["GET", "POST"])
def archive():
    form = ArchiveForm()
    found = None
    if request.method == "POST" and form.validate():
        if ARCHIVE_MISSES.is_blocked(db(), client_key()):
            form.fin.errors = [too_many(_("Çox sayda uğursuz axtarış edildi."),
                                        ARCHIVE_MISSES.retry_after(db(), client_key()))]
        else:
            applications = registration.applications_for(db(), form.id_card_number.data,
                                                         form.fin.data)
            if not applications:
                # One sentence whether or not the two documents are one person's: it tells
                # nobody whose ID card goes with whose FİN. A refusal like any other.
                ARCHIVE_MISSES.record_failure(db(), client_key())
                form.id_card_number.errors = [_("Bu sənədlərlə qeydiyyatdan keçirilmiş cihaz "
                                                "tapılmadı. Sənədlərin nömrələrini yoxlayın.")]
            found = [] if applications else None
            for application in applications:
                receipt = db().get(Receipt, application.receipt_id)
                payments.remember_receipt(registration.SERVICE_SLUG, receipt.number)
                text, colour = status_text(application)
                found.append({"application": application, "receipt": receipt, "status": text,
                              "colour": colour, "imei": imei_rules.display(application.imei),
                              "date": baku_time(application.created_at)})
            db().commit()
    return render("device_registration/archive.html", form=form, found=found)
