"""The card entry form every paying service shares (seed 000, Şəkil 6): KART NÖMRƏSİ,
KARTIN BİTMƏ TARİXİ (AY, İL), CVV. Checked by core.payments.cards before the bank is asked.

The card number and CVV are read from the request and handed on as a CardDetails object;
they are never put back into a page after the bank has answered, and never stored."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from core.payments.cards import CARD_TYPES, CardDetails, check_card, detect_brand, normalise_number

BAKU = ZoneInfo("Asia/Baku")


def today_in_baku() -> date:
    return datetime.now(BAKU).date()


class CardForm(FlaskForm):
    number = StringField(_l("Kart nömrəsi"))
    exp_month = StringField(_l("Ay"))
    exp_year = StringField(_l("İl"))
    cvv = StringField(_l("CVV"))

    card: CardDetails | None = None

    def validate_card(self, card_type: str, today: date | None = None) -> bool:
        if not super().validate():  # the CSRF token
            return False
        check = check_card(self.number.data or "", self.exp_month.data or "",
                           self.exp_year.data or "", self.cvv.data or "",
                           card_type=card_type, today=today or today_in_baku())
        for name, code in check.errors.items():
            field = getattr(self, name, None) or self.number
            field.errors = [self._message(name, code, card_type)]
        self.card = check.card
        if not check.ok:
            self.cvv.data = ""  # a CVV is typed again, never sent back to the browser
        return check.ok

    def clear_card(self) -> None:
        """After the bank has answered, nothing of the card goes back to the page."""
        for field in (self.number, self.exp_month, self.exp_year, self.cvv):
            field.data = ""
        self.card = None

    def _message(self, name: str, code: str, card_type: str) -> str:
        if name == "number" and code == "brand_mismatch":
            brand = detect_brand(normalise_number(self.number.data or ""))
            return _("Bu %(brand)s kartıdır, amma ödəniş üçün “%(chosen)s” növü seçilib. "
                     "Seçilmiş növdə kart yazın və ya əvvəlki addımda kart növünü dəyişin.",
                     brand=brand.label if brand else "", chosen=CARD_TYPES[card_type].label)
        return MESSAGES[(name, code)]()


MESSAGES = {
    ("number", "required"): lambda: _("Kartın nömrəsini yazın"),
    ("number", "format"): lambda: _("Kartın nömrəsini yalnız rəqəmlərlə yazın, məsələn "
                                    "4111 1111 1111 1111"),
    ("number", "length"): lambda: _("Kartın nömrəsi 12–19 rəqəmdən ibarətdir: kartın üzərindəki "
                                    "bütün rəqəmləri yazın"),
    ("number", "luhn"): lambda: _("Kartın nömrəsində səhv var. Kartın üzərindəki nömrəni "
                                  "yenidən yoxlayın"),
    ("number", "unknown_brand"): lambda: _("Yalnız Visa, MasterCard və Maestro kartları ilə "
                                           "ödəmək olar"),
    ("exp_month", "required"): lambda: _("Kartın bitmə ayını yazın, məsələn 08"),
    ("exp_month", "invalid"): lambda: _("Ayı 01-dən 12-yə qədər rəqəmlə yazın, məsələn 08"),
    ("exp_year", "required"): lambda: _("Kartın bitmə ilini yazın, məsələn 2027"),
    ("exp_year", "invalid"): lambda: _("İli rəqəmlə yazın, məsələn 2027 və ya 27"),
    ("exp_year", "too_far"): lambda: _("Kartın bitmə ilini kartın üzərindəki kimi yazın"),
    ("exp_year", "expired"): lambda: _("Kartın müddəti bitib. Müddəti bitməmiş kartla ödəyin"),
    ("cvv", "required"): lambda: _("CVV kodunu yazın: kartın arxasındakı 3 rəqəm"),
    ("cvv", "invalid"): lambda: _("CVV kodu kartın arxasındakı 3 rəqəmdir"),
    ("card_type", "invalid"): lambda: _("Əvvəlki addımda kart növünü seçin"),
}


def decline_message(status: str, decline_code: str | None = None) -> str:
    """The bank's answer as a sentence that says what happened to the money and what to do."""
    if status == "unavailable":
        return _("Bankla əlaqə qurmaq mümkün olmadı. Kartınızdan pul çıxılmayıb. Bir neçə "
                 "dəqiqədən sonra yenidən cəhd edin.")
    if decline_code == "insufficient_funds":
        return _("Kartda kifayət qədər vəsait yoxdur. Kartınızdan pul çıxılmayıb. Başqa kartla "
                 "yenidən cəhd edin.")
    if decline_code == "expired_card":
        return _("Bank kartın müddətinin bitdiyini bildirdi. Kartınızdan pul çıxılmayıb. "
                 "Başqa kartla ödəyin.")
    return _("Bank ödənişi rədd etdi. Kartınızdan pul çıxılmayıb. Başqa kartla yenidən cəhd "
             "edin və ya kartınızı verən bankla əlaqə saxlayın.")
