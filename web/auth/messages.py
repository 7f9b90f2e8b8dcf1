"""What each sign-in or signing refusal says to the citizen: what happened and what to do.
Shared by sign-in and by the signing steps of other services (seed 004's wording)."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from core.auth import Method
from core.auth.asan_imza import Refusal, Status
from core.auth.eimza import TokenRefusal
from core.auth.signing import NOT_SIGNER, WRONG_DOCUMENT


def method_name(method: str) -> str:
    """A sign-in method as the citizen knows it (catalogue service pages, the sign-in page)."""
    return {
        Method.EIMZA: _("Elektron imza"),
        Method.EGOV_IDENTITY: _("e-gov identity"),
        Method.ASAN_IMZA: _("Asan İmza"),
        Method.PASSWORD: _("İstifadəçi adı və şifrə"),
    }[Method(method)]


def asan_refusal(reason: str) -> str:
    if reason == Refusal.UNKNOWN.value:
        return _("Bu mobil nömrə və İstifadəçi ID ilə Asan İmza tapılmadı. Hər ikisini Asan "
                 "İmza kartınızdan yoxlayıb yenidən yazın.")
    if reason == Refusal.SUSPENDED.value:
        return _("Service suspended (Xidmət dayandırılmışdır): Asan İmza xidməti borca görə "
                 "dayandırılıb. Abunəliyinizi yeniləmisinizsə, mobil operatorunuzla əlaqə "
                 "saxlayın.")
    if reason in (Refusal.PIN1_BLOCKED.value, Status.PIN_BLOCKED.value):
        return _("Asan İmza PIN kodu 3 dəfə yanlış daxil edildiyi üçün bloka düşüb. Onu açmaq "
                 "üçün telefonunuzda PUK kodu daxil edin, sonra yenidən cəhd edin.")
    if reason == Refusal.PIN2_BLOCKED.value:
        return _("Asan İmza PIN2 kodu 3 dəfə yanlış daxil edildiyi üçün bloka düşüb. Onu açmaq "
                 "üçün telefonunuzda PUK kodu daxil edin, sonra yenidən imzalayın.")
    if reason == Refusal.BLOCKED_FOR_GOOD.value:
        return _("PUK kod 3 dəfə yanlış daxil edildiyi üçün Asan İmza bloka düşüb. Mobil "
                 "operatorunuza müraciət edərək nömrənizin dublikatını çıxarın, sonra ASXM-ə "
                 "müraciət edərək yeni sertifikat alın.")
    if reason == Refusal.CERTIFICATE_EXPIRED.value:
        return _("Asan İmza sertifikatınızın müddəti bitib. Yeni sertifikat üçün ASAN xidmət "
                 "mərkəzinə və ya mobil operatorunuza müraciət edin.")
    if reason == Status.DECLINED.value:
        return _("Sorğudan telefonunuzda imtina edildi. Daxil olmaq istəyirsinizsə, yenidən "
                 "cəhd edin və telefonda PIN kodu daxil edin.")
    if reason == Status.EXPIRED.value:
        return _("Sorğu vaxtında təsdiqlənmədi və qüvvədən düşdü. Yenidən cəhd edin və "
                 "telefonunuzdakı sorğunu 2 dəqiqə ərzində təsdiqləyin.")
    if reason == Status.SUPERSEDED.value:
        return _("Bu nömrəyə daha yeni sorğu göndərilib, ona görə bu sorğu ləğv edildi. "
                 "Yenidən cəhd edin.")
    return signing_refusal(reason)


def token_refusal(reason: str, attempts_left: int | None = None, valid_until=None,
                  valid_from=None) -> str:
    if reason == TokenRefusal.WRONG_PIN.value:
        return _("PIN kod yanlışdır. Token bloka düşməzdən əvvəl %(left)d cəhdiniz qalıb.",
                 left=attempts_left or 0)
    if reason == TokenRefusal.BLOCKED.value:
        return _("PIN kod 10 dəfə yanlış daxil edildiyi üçün e-imzanız bloka düşüb. 157 Çağrı "
                 "Mərkəzinə zəng edin: bu zaman PUK kodunuzu bilməlisiniz.")
    if reason == TokenRefusal.CERTIFICATE_EXPIRED.value:
        return _("Bu sertifikatın etibarlılıq müddəti %(date)s tarixində bitib. Yeni sertifikat "
                 "üçün 157 Çağrı Mərkəzinə zəng edin.", date=_date(valid_until))
    if reason == TokenRefusal.CERTIFICATE_NOT_YET_VALID.value:
        return _("Bu sertifikat %(date)s tarixindən qüvvədədir. Həmin gündən sonra yenidən cəhd "
                 "edin.", date=_date(valid_from))
    if reason == TokenRefusal.CERTIFICATE_REVOKED.value:
        return _("Bu sertifikat deaktiv edilib. Ətraflı məlumat üçün 157 Çağrı Mərkəzinə zəng "
                 "edin.")
    if reason == TokenRefusal.UNKNOWN_CERTIFICATE.value:
        return _("Tokeninizdəki sertifikatı seçin")
    return signing_refusal(reason)


def signing_refusal(reason: str) -> str:
    if reason == NOT_SIGNER:
        return _("Bu imza vasitəsi başqa şəxsə məxsusdur. Sənədi yalnız öz Asan İmza və ya "
                 "e-imzanızla imzalaya bilərsiniz.")
    if reason == WRONG_DOCUMENT:
        return _("Təsdiqlənən sorğu bu sənədə aid deyil. Sənədi yenidən imzalayın.")
    return _("İmza alınmadı. Yenidən cəhd edin; problem davam edərsə, 108 Çağrı Mərkəzinə "
             "zəng edin.")


def _date(value) -> str:
    return format_date(value, "dd.MM.yyyy") if value else ""
