"""The service's wording (seed 002 where it speaks, ours where it is silent), in one place:
step names, the kinds of damage, statuses and results in words, and every refusal."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.meter_damage.notices import RESULT_WORDS

STEP_LABELS = (_l("Əsas məlumatlar"), _l("Müraciət məlumatları"), _l("Əlaqə məlumatları"),
               _l("Yoxlayın və göndərin"))
KINDS = {
    "household": _l("Əhali"),
    "business": _l("Qeyri-Əhali"),
}
KIND_HINTS = {
    "household": _l("Yaşayış evi, mənzil, bağ evi: abonent kodu ilə"),
    "business": _l("Sahibkar və ya təşkilat: baş kod və uçot nöqtəsi ilə"),
}
DAMAGE_KINDS = {
    "seal": _l("Sayğacın plombu qırılıb və ya yoxdur"),
    "casing": _l("Sayğacın korpusu və ya şüşəsi sınıb"),
    "display": _l("Göstəricilər görünmür və ya oxunmur"),
    "stopped": _l("Sayğac işləmir (fırlanmır, sayğac dayanıb)"),
    "burnt": _l("Sayğac yanıb və ya ondan tüstü, qoxu gəlir"),
    "other": _l("Başqa zədə"),
}
STATUSES = {
    "registered": _l("Portalda qeydə alınıb, Azərişıq ASC-yə göndəriləcək"),
    "forwarded": _l("Azərişıq ASC-yə göndərilib, araşdırılır"),
    "resolved": _l("Baxılıb"),
}
RESULTS = {result: _l(words) for result, words in RESULT_WORDS.items()}  # as the SMS says them
FACT_LABELS = {
    "kind": _l("Abonent növü"),
    "subscriber_code": _l("Abonent kodu"),
    "base_code": _l("Baş kod"),
    "metering_point": _l("Uçot nöqtəsi"),
    "meter_address": _l("Sayğacın ünvanı"),
    "damage_kind": _l("Zədənin növü"),
    "description": _l("Təsvir"),
}
PROBLEMS = {
    "kind": {"required": _l("Abonent növünü seçin: Əhali və ya Qeyri-Əhali"),
             "no_household": _l("Sizin adınıza Əhali abonent kodu yoxdur. Qeyri-Əhali "
                                "seçin və ya abonent kodunu öz adınıza keçirmək üçün Azərişıq "
                                "ASC-yə müraciət edin"),
             "no_business": _l("Sizin adınıza Qeyri-Əhali abonenti (baş kod) yoxdur. Əhali "
                               "seçin və ya Azərişıq ASC-yə müraciət edin")},
    "subscriber_code": {"required": _l("Sayğacı zədələnmiş abonent kodunu seçin"),
                        "not_own": _l("Bu abonent kodu sizin adınıza deyil. Siyahıdakı "
                                      "kodlardan birini seçin")},
    "base_code": {"required": _l("Baş kodu seçin"),
                  "not_own": _l("Bu baş kod sizin adınıza deyil. Siyahıdakı kodlardan birini "
                                "seçin")},
    "metering_point": {"required": _l("Sayğacı zədələnmiş uçot nöqtəsini seçin"),
                       "not_own": _l("Bu uçot nöqtəsi seçdiyiniz baş koda aid deyil. "
                                     "Siyahıdakı nöqtələrdən birini seçin")},
    "damage_kind": {"required": _l("Sayğacda nə baş verdiyini seçin")},
    "description": {"too_long": _l("Təsvir 500 simvoldan uzun olmamalıdır: qısaldın"),
                    "required_for_other": _l("“Başqa zədə” seçdinizsə, zədəni qısaca "
                                             "təsvir edin")},
    "mobile": {"required": _l("Mobil telefon nömrəsini yazın: nəticə bu nömrəyə SMS ilə "
                              "göndəriləcək"),
               "operator": _l("Operator kodunu seçin"),
               "digits": _l("Nömrəni yalnız rəqəmlərlə yazın, məsələn 123 45 67"),
               "length": _l("Operator kodundan sonra 7 rəqəm yazın, məsələn 123 45 67"),
               "leading_zero": _l("Nömrəni operator kodu və 0 olmadan, 7 rəqəmlə yazın, "
                                  "məsələn 123 45 67"),
               "invalid": _l("Aktiv mobil telefon nömrəsini yazın, məsələn 050 123 45 67")},
    "email": {"empty": _l("E-poçt ünvanını yazın"),
              "too_long": _l("E-poçt ünvanı çox uzundur"),
              "no_at": _l("E-poçt ünvanını ad@nümunə.az şəklində yazın"),
              "local_part": _l("E-poçt ünvanının @ işarəsinə qədərki hissəsində səhv var: "
                               "ad@nümunə.az şəklində yazın"),
              "domain": _l("E-poçt ünvanının @ işarəsindən sonrakı hissəsində səhv var: "
                           "ad@nümunə.az şəklində yazın")},
}


def problem_text(field: str, reason: str) -> str:
    return str(PROBLEMS.get(field, {}).get(reason) or reason)
