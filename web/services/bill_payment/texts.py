"""Words of the bill payment service that more than one page (and the e-mail notice) uses."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.kernel import money
from core.bill_payment.systems import CARI, INTERNET, ISIQ, PROVIDER_NAMES, QAZ, QEBZ, TELEFON
from core.payments.cards import CARD_TYPES
from core.bill_payment.models import BillPayment
from web.platform.wording import baku_time, card_label, city_label

SERVICE_NAMES = {
    TELEFON: _l("Telefon abunə haqqı"),
    INTERNET: _l("İnternet abunə haqqı"),
    QEBZ: _l("Şəhərlərarası qəbzlər üzrə borc"),
    CARI: _l("Şəhərlərarası danışıqlar üzrə cari borc"),
    QAZ: _l("Qaz"),
    ISIQ: _l("İşıq"),
}


def service_name(code: str) -> str:
    return str(SERVICE_NAMES[code])


def provider_name(code: str) -> str:
    return PROVIDER_NAMES[code]


def card_type_label(code: str | None) -> str:
    card_type = CARD_TYPES.get(code or "")
    return card_type.label if card_type else ""


def azn(qepik: int) -> str:
    return money.format_azn(qepik)


def balance_text(payment: BillPayment) -> str:
    """What the line owes for this service after the payment, as the provider booked it."""
    if payment.balance_after is None:
        return _("%(provider)s ödənişi hələ qeydə almayıb; borc qısa müddətdə azalacaq. "
                 "Ödəniş itməyəcək.", provider=provider_name(payment.provider))
    if payment.balance_after < 0:
        return _("0.00 AZN, üstəlik %(advance)s avans", advance=azn(-payment.balance_after))
    return azn(payment.balance_after)


def receipt_rows(payment: BillPayment) -> list[tuple[str, str]]:
    return [
        (_("Ödənişin kodu"), payment.reference),
        (_("Xidmət"), service_name(payment.service)),
        (_("Təchizatçı"), provider_name(payment.provider)),
        (_("Şəhər"), city_label(payment.city_code)),
        (_("Nömrə"), payment.number),
        (_("Ödənilən məbləğ"), azn(payment.amount)),
        (_("Kart"), card_label(payment.card_brand, payment.card_last4)),
        (_("Tarix və vaxt"), baku_time(payment.charged_at or payment.created_at)),
        (_("Bankın əməliyyat kodu"), payment.gateway_reference or ""),
        (_("Bu xidmət üzrə qalan borc"), balance_text(payment)),
    ]


def notice(payment: BillPayment) -> tuple[str, str]:
    """Subject and text of the e-mail notice, in the citizen's language."""
    line = f"({payment.city_code}) {payment.number}"
    subject = _("Ödəniş qəbul edildi: %(service)s, %(line)s",
                service=service_name(payment.service), line=line)
    lines = [
        _("Rabitə və kommunal xidmət haqlarının internet vasitəsilə ödənilməsi"),
        "",
        _("Ödənişiniz uğurla həyata keçirildi."),
        "",
        *[f"{label}: {value}" for label, value in receipt_rows(payment)],
        "",
        _("Bu məktub Elektron hökumət portalı tərəfindən avtomatik göndərilib; ona cavab "
          "yazmayın. Suallarınız üçün 108 Çağrı Mərkəzinə zəng edin."),
    ]
    return subject, "\n".join(lines)
