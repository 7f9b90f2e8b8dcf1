"""The citizen's SMS and e-mail about a meter-damage application ("SMS xidməti və Elektron
poçt vasitəsi ilə … müraciətin qeydə alınması və müraciətin nəticəsi barədə məlumat
göndərilir"): one of each when it is registered and when its result is recorded, in the
language the citizen used. Queued in the caller's transaction with a dedupe key each, so a
replay queues nothing twice; core.notifications delivers them."""
from __future__ import annotations

from core.notifications import outbox

RESULT_WORDS = {
    "az": {"intact": "Araşdırma aparıldı: sayğac zədələnməyib.",
           "replace": "Araşdırma aparıldı: sayğac zədələnib, dəyişdiriləcək.",
           "act": "Araşdırma aparıldı: akt tərtib edildi."},
    "en": {"intact": "Investigated: the meter is intact.",
           "replace": "Investigated: the meter is damaged and will be replaced.",
           "act": "Investigated: a report (akt) was drawn up."},
}
TEXTS = {
    "az": {
        "registered_sms": "Sayğac zədələnməsi barədə müraciətiniz qeydə alındı. Müraciət "
                          "nömrəsi: {ref}. Nəticə SMS və e-poçtla bildiriləcək; e-gov.az, "
                          "“Müraciətlərim”.",
        "registered_subject": "Müraciətiniz qeydə alındı: {ref}",
        "registered_body": "Hörmətli {name},\n\nsayğac zədələnməsinin araşdırılması barədə "
                           "müraciətiniz qeydə alındı və Azərişıq ASC-nin müvafiq "
                           "departamentinə göndərilir.\n\nMüraciət nömrəsi: {ref}\n{code_line}"
                           "\nÜnvan: {address}\n\nAraşdırmanın nəticəsi SMS və e-poçtla "
                           "bildiriləcək. Müraciətin vəziyyətini www.e-gov.az portalında "
                           "“Müraciətlərim” bölməsində də yoxlaya bilərsiniz.\n\n"
                           "Elektron hökumət portalı",
        "result_sms": "Müraciət {ref}: {result} Ətraflı: e-gov.az, “Müraciətlərim”.",
        "result_subject": "Müraciətinizin nəticəsi: {ref}",
        "result_body": "Hörmətli {name},\n\nAzərişıq ASC sayğac zədələnməsi barədə {ref} "
                       "nömrəli müraciətinizə baxdı.\n\nNəticə: {result}\n{note_line}"
                       "\nMüraciətin tarixçəsi www.e-gov.az portalında “Müraciətlərim” "
                       "bölməsindədir.\n\nElektron hökumət portalı",
        "subscriber_code": "Abonent kodu: {code}",
        "metering_point": "Baş kod: {base}, uçot nöqtəsi: {code}",
        "note": "Qeyd: {note}\n",
    },
    "en": {
        "registered_sms": "Your meter damage application is registered. Application number: "
                          "{ref}. The result will be sent by SMS and e-mail; e-gov.az, "
                          "“My applications”.",
        "registered_subject": "Your application is registered: {ref}",
        "registered_body": "Dear {name},\n\nyour application for the investigation of damage "
                           "to an electricity meter is registered and is being sent to the "
                           "responsible department of Azərişıq OJSC.\n\nApplication number: "
                           "{ref}\n{code_line}\nAddress: {address}\n\nYou will be told the "
                           "result by SMS and e-mail. You can also check it under “My "
                           "applications” on www.e-gov.az.\n\nE-government portal",
        "result_sms": "Application {ref}: {result} More: e-gov.az, “My applications”.",
        "result_subject": "The result of your application: {ref}",
        "result_body": "Dear {name},\n\nAzərişıq OJSC has dealt with your meter damage "
                       "application {ref}.\n\nResult: {result}\n{note_line}\nThe history of "
                       "the application is under “My applications” on www.e-gov.az.\n\n"
                       "E-government portal",
        "subscriber_code": "Subscriber code: {code}",
        "metering_point": "Main code: {base}, metering point: {code}",
        "note": "Note: {note}\n",
    },
}


def _texts(application) -> dict:
    return TEXTS.get(application.locale, TEXTS["az"])


def _code_line(application) -> str:
    texts = _texts(application)
    if application.subscriber_code:
        return texts["subscriber_code"].format(code=application.subscriber_code)
    return texts["metering_point"].format(base=application.base_code,
                                          code=application.metering_point)


def queue_registered(session, application) -> list:
    texts, ref = _texts(application), application.reference
    found = [outbox.queue_sms(session, application.mobile,
                              texts["registered_sms"].format(ref=ref),
                              dedupe_key=f"meter:{ref}:registered:sms")]
    if application.email:
        found.append(outbox.queue_email(
            session, application.email, texts["registered_subject"].format(ref=ref),
            texts["registered_body"].format(name=application.full_name, ref=ref,
                                            code_line=_code_line(application),
                                            address=application.meter_address),
            dedupe_key=f"meter:{ref}:registered:email"))
    return found


def queue_result(session, application) -> list:
    texts, ref = _texts(application), application.reference
    words = RESULT_WORDS.get(application.locale, RESULT_WORDS["az"])[application.result]
    note_line = texts["note"].format(note=application.result_note) \
        if application.result_note else ""
    found = [outbox.queue_sms(session, application.mobile,
                              texts["result_sms"].format(ref=ref, result=words),
                              dedupe_key=f"meter:{ref}:result:sms")]
    if application.email:
        found.append(outbox.queue_email(
            session, application.email, texts["result_subject"].format(ref=ref),
            texts["result_body"].format(name=application.full_name, ref=ref, result=words,
                                        note_line=note_line),
            dedupe_key=f"meter:{ref}:result:email"))
    return found
