"""Public verification of any receipt the portal issued: bildirişin kodu + yoxlama kodu.

Anyone holding a printed receipt (a shop, a bank, an official) can check it here; only the
essentials are shown. Services add their own line (e.g. the device's registration state) with
`describe(service_slug, function)`."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, Flask, current_app, request
from flask_babel import gettext as _
from flask_babel import get_locale

from core.platform import catalogue
from core.kernel import money
from core.payments import receipts
from core.payments.models import Receipt
from web.platform.db import db
from web.platform.rendering import render
from web.platform.wording import baku_time

bp = Blueprint("receipts", __name__, url_prefix="/qebz")


def describe(app: Flask, service_slug: str, function: Callable[[Receipt], list]) -> None:
    """function(receipt) -> extra (label, value) rows for the public verification page."""
    app.extensions.setdefault("receipt_describers", {})[service_slug] = function


@bp.get("/yoxla")
def verify():
    from web.platform.card_step import receipt_signer

    number = (request.args.get("nomre") or "").strip()
    code = (request.args.get("kod") or "").strip()
    result, errors, rows = None, [], []
    if "nomre" in request.args or "kod" in request.args:
        if not number:
            errors.append(("nomre", _("Qəbzdəki bildirişin kodunu yazın, məsələn MC-260315-123456")))
        if not code:
            errors.append(("kod", _("Qəbzdəki 16 simvollu yoxlama kodunu yazın")))
        if not errors:
            result = receipt_signer().verify(db(), number, code)
            if result.ok:
                rows = essentials(result.receipt)
            else:
                errors.append(("kod", _("Bu bildiriş kodu və yoxlama kodu ilə qəbz tapılmadı. "
                                        "Hər ikisini qəbzdə yazıldığı kimi yazın.")))
    return render("receipts/verify.html", number=number, code=code, errors=errors,
                  result=result, rows=rows)


def essentials(receipt: Receipt) -> list[tuple[str, str]]:
    service = catalogue.service(receipt.service_slug)
    locale = str(get_locale() or "az")
    rows = [
        (_("Bildirişin kodu"), receipt.number),
        (_("Xidmət"), service.name(locale) if service else receipt.service_slug),
        (_("Ödəyən"), receipts.mask_name(receipt.payer_name)),
        (_("Ödənilən məbləğ"), money.format_azn(receipt.amount_qepik)),
        (_("Tarix və vaxt"), baku_time(receipt.paid_at)),
    ]
    describer = current_app.extensions.get("receipt_describers", {}).get(receipt.service_slug)
    return rows + (describer(receipt) if describer else [])


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
