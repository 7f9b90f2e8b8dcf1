"""Forms of mobile device registration (seed 000). The rules are in core; here each reason
becomes a sentence that says what to do."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField

from core.device_registration import imei
from core.payments.cards import CARD_TYPES
from web.forms.identity import (FIN_MESSAGES, ID_CARD_MESSAGES, IdentityDocumentsForm,
                                show_problem)
from web.forms.mobile_number import MOBILE_MESSAGES, MobileNumberForm

IMEI_MESSAGES = {
    "required": lambda: _("Mobil cihazın İMEİ nömrəsini yazın"),
    "characters": lambda: _("İMEİ nömrəsini rəqəmlərlə yazın: aralarda boşluq və tire ola bilər"),
    "length": lambda: _("İMEİ nömrəsi 15 rəqəmdən ibarətdir. Telefonda *#06# yığaraq nömrəni "
                        "yoxlayın"),
    "check_digit": lambda: _("Bu İMEİ nömrəsində səhv var: son rəqəm (yoxlama rəqəmi) uyğun "
                             "gəlmir. Telefonda *#06# yığaraq nömrəni yenidən yoxlayın"),
    "registered": lambda: _("Bu İMEİ nömrəsi ilə cihaz artıq qeydiyyatdan keçib. Yenidən "
                            "qeydiyyat lazım deyil"),
    "in_progress": lambda: _("Bu İMEİ nömrəsi üçün ödəniş edilib və cihaz qeydiyyata alınır. "
                             "Vəziyyətini ARXİV bölməsində yoxlaya bilərsiniz"),
}
FORM_MESSAGES = {
    "people_unavailable": lambda: _("Əhali reyestri hazırda cavab vermir. Yazdıqlarınız "
                                    "saxlanılıb: bir neçə dəqiqədən sonra “Məlumatları yoxla” "
                                    "düyməsinə yenidən vurun"),
    "registry_unavailable": lambda: _("Mobil Cihazların Qeydiyyatı Sistemi hazırda cavab "
                                      "vermir. Yazdıqlarınız saxlanılıb: bir neçə dəqiqədən "
                                      "sonra yenidən cəhd edin"),
    "reserved": lambda: _("Bu İMEİ nömrəli cihaz üçün hazırda başqa bir müraciətin ödənişi "
                          "aparılır. Kartınızdan heç bir məbləğ tutulmayıb. Həmin ödəniş "
                          "alınmasa, 30 dəqiqədən sonra yenidən cəhd edin"),
}


class CheckForm(IdentityDocumentsForm):
    """Şəkil 4: who applies and for which device."""

    imei = StringField(_l("Mobil cihazın İMEİ nömrəsi"))
    security_code = StringField(_l("Təhlükəsizlik kodu"))

    def validate_formats(self) -> bool:
        """Formats only; the registries are asked by the view once the code is right."""
        super().validate()
        self.check_documents()
        show_problem(self.imei, IMEI_MESSAGES, imei.problem(self.imei.data))
        return not (self.id_card_number.errors or self.fin.errors or self.imei.errors
                    or self.errors.get("csrf_token"))

    def apply(self, errors: dict[str, str]) -> list[tuple[str, str]]:
        """Put core's reasons at their fields; returns form-level errors for the summary."""
        for name, messages in (("id_card_number", ID_CARD_MESSAGES), ("fin", FIN_MESSAGES),
                               ("imei", IMEI_MESSAGES)):
            if name in errors:
                show_problem(getattr(self, name), messages, errors[name])
        if "form" in errors:
            return [("id_card_number", FORM_MESSAGES[errors["form"]]())]
        return []


class DetailsForm(MobileNumberForm):
    """Şəkil 5: the mobile number and the card type."""

    card_type = RadioField(_l("Onlayn ödəniş edəcəyiniz kart növünü seçin"), choices=[],
                           validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.card_type.choices = [(t.code, t.label) for t in CARD_TYPES.values()]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.check_mobile(lambda reason: MOBILE_MESSAGES[reason]())
        self.card_type.errors = [] if self.card_type.data in CARD_TYPES else [
            _("Ödəniş edəcəyiniz kartın növünü seçin")]
        return not (self.operator.errors or self.subscriber.errors or self.card_type.errors
                    or self.errors.get("csrf_token"))


class ArchiveForm(IdentityDocumentsForm):
    """ARXİV: both documents of the citizen."""

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.check_documents()
        return not (self.id_card_number.errors or self.fin.errors
                    or self.errors.get("csrf_token"))
