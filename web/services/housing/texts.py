"""The wording of the e-cabinet: phases, flat states, payment methods and what each outcome of
Təsdiq et, signing and withdrawing tells the citizen (seed 004's terms)."""
from __future__ import annotations

from flask_babel import gettext as _

from core.housing import FlatState, Phase, PaymentMethod, PlaceStatus
from core.housing.holds import Outcome


def phase_name(phase: str) -> str:
    return {
        Phase.NOT_OPEN.value: _("Satış hələ başlamayıb"),
        Phase.OPEN.value: _("Satış davam edir"),
        Phase.WAITING_LIST.value: _("Gözləmə siyahısı mərhələsi"),
        Phase.CLOSED.value: _("Satış başa çatıb"),
    }[phase]


def flat_state(state: FlatState | str) -> str:
    return {FlatState.FREE: _("Boşdur"), FlatState.CHOSEN: _("Seçilib"),
            FlatState.SOLD: _("Satılıb")}[FlatState(state)]


def payment_method_name(method: str) -> str:
    return {PaymentMethod.MORTGAGE.value: _("İpoteka kreditinin vəsaiti hesabına"),
            PaymentMethod.OWN_FUNDS.value: _("Öz vəsaiti hesabına")}[method]


def place_status(status: str, position: int) -> str:
    if status == PlaceStatus.RESERVE.value:
        return _("%(n)d-ci ehtiyat", n=position)
    return {
        PlaceStatus.HELD.value: _("Seçilib, imzanızı gözləyir"),
        PlaceStatus.SIGNED.value: _("İmzalanıb və göndərilib"),
        PlaceStatus.LAPSED.value: _("İmzalanmadı: saxlanma müddəti bitdi"),
        PlaceStatus.WITHDRAWN.value: _("İmtina etdiniz"),
        PlaceStatus.RELEASED.value: _("Mənzil satıldı: ehtiyat yeri bağlandı"),
    }[status]


def outcome_message(code: str) -> tuple[str, str] | None:
    """(sentence, notice kind) for a ?netice= code, or None."""
    messages = {
        Outcome.HELD.value: (_("Mənzil 15 dəqiqəlik Sizin üçün saxlanılır. Müraciəti imzalayın: "
                               "vaxtında imzalanmasa, mənzil yenidən satışa çıxır."), "success"),
        Outcome.RESERVED.value: (_("Siz bu mənzilin gözləmə siyahısındasınız. Qarşınızdakılar "
                                   "müraciəti imzalamasa, mənzil Sizə keçəcək və SMS ilə "
                                   "xəbər tutacaqsınız."), "success"),
        Outcome.SIGNED.value: (_("Müraciətiniz imzalandı və göndərildi. Mənzil Sizin adınıza "
                                 "seçildi."), "success"),
        Outcome.WITHDRAWN.value: (_("Seçiminizdən imtina etdiniz. İstəsəniz, başqa mənzil seçə "
                                    "bilərsiniz."), "success"),
        Outcome.FLAT_TAKEN.value: (_("Bu mənzili artıq başqa vətəndaş seçib. Siyahıdan boş "
                                     "mənzil seçin."), "warning"),
        Outcome.SOLD.value: (_("Bu mənzil artıq satılıb. Siyahıdan boş mənzil seçin."), "warning"),
        Outcome.WAITING_LIST_FULL.value: (_("Bu mənzilin gözləmə siyahısında yer qalmayıb: hər "
                                            "iki ehtiyat yeri tutulub. Başqa mənzil seçin."),
                                          "warning"),
        Outcome.ALREADY_HAS_PLACE.value: (_("Sizin artıq seçdiyiniz mənzil və ya ehtiyat yeriniz "
                                            "var: hər vətəndaş yalnız bir yer tuta bilər. Başqa "
                                            "mənzil seçmək üçün əvvəlcə seçiminizdən imtina "
                                            "edin."), "warning"),
        Outcome.NOT_ON_SALE.value: (_("Bu mənzil hazırda satışda deyil: satış hələ başlamayıb "
                                      "və ya başa çatıb."), "warning"),
        Outcome.NOT_HELD.value: (_("Mənzilin Sizin üçün saxlanma müddəti bitib və ya seçimdən "
                                   "imtina edilib, ona görə müraciət imzalanmadı."), "warning"),
    }
    return messages.get(code or "")


def log_event_name(kind: str) -> str:
    """An entry of the public allocation log, as its page names it."""
    return {
        "hold": _("Mənzili seçdi"), "reserve": _("Ehtiyat oldu"),
        "sign": _("Müraciəti imzaladı"), "lapse": _("Saxlanma müddəti bitdi"),
        "withdraw": _("İmtina etdi"), "promote": _("Növbədə irəlilədi"),
        "release": _("Ehtiyat yeri bağlandı"),
    }[kind]


def log_place_name(position: int) -> str:
    return _("Mənzilin sahibi") if position == 0 else _("%(n)d-ci ehtiyat", n=position)
