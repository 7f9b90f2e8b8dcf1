"""The citizen's SMS and e-mail about a meter-damage application ("SMS xidməti və Elektron
poçt vasitəsi ilə … müraciətin qeydə alınması və müraciətin nəticəsi barədə məlumat
göndərilir"): one of each when it is registered and when its result is recorded, in the
language the citizen used (the application's locale), from the Babel catalogues
(core.kernel.translations). Queued in the caller's transaction with a dedupe key each, so a
replay queues nothing twice; core.notifications delivers them."""
from __future__ import annotations

from core.kernel.translations import N_, gettext_in
from core.notifications import outbox

RESULT_WORDS = {  # Müraciətlərim shows them too (web.services.meter_damage.texts)
    "intact": N_("Araşdırma aparıldı: sayğac zədələnməyib"),
    "replace": N_("Araşdırma aparıldı: sayğac zədələnib, dəyişdiriləcək"),
    "act": N_("Araşdırma aparıldı: akt tərtib edildi"),
}


def _code_line(application, _) -> str:
    if application.subscriber_code:
        return _("Abonent kodu: %(code)s", code=application.subscriber_code)
    return _("Baş kod: %(base)s, uçot nöqtəsi: %(code)s", base=application.base_code,
             code=application.metering_point)


def queue_registered(session, application) -> list:
    _, ref = gettext_in(application.locale), application.reference
    found = [outbox.queue_sms(session, application.mobile, _(
        "Sayğac zədələnməsi barədə müraciətiniz qeydə alındı. Müraciət nömrəsi: %(ref)s. "
        "Nəticə SMS və e-poçtla bildiriləcək; e-gov.az, “Müraciətlərim”.", ref=ref),
        dedupe_key=f"meter:{ref}:registered:sms")]
    if application.email:
        found.append(outbox.queue_email(
            session, application.email, _("Müraciətiniz qeydə alındı: %(ref)s", ref=ref),
            _("Hörmətli %(name)s,\n\nsayğac zədələnməsinin araşdırılması barədə müraciətiniz "
              "qeydə alındı və Azərişıq ASC-nin müvafiq departamentinə göndərilir.\n\n"
              "Müraciət nömrəsi: %(ref)s\n%(code_line)s\nÜnvan: %(address)s\n\n"
              "Araşdırmanın nəticəsi SMS və e-poçtla bildiriləcək. Müraciətin vəziyyətini "
              "www.e-gov.az portalında “Müraciətlərim” bölməsində də yoxlaya bilərsiniz.\n\n"
              "Elektron hökumət portalı", name=application.full_name, ref=ref,
              code_line=_code_line(application, _), address=application.meter_address),
            dedupe_key=f"meter:{ref}:registered:email"))
    return found


def queue_result(session, application) -> list:
    _, ref = gettext_in(application.locale), application.reference
    result = _(RESULT_WORDS[application.result])
    note_line = _("Qeyd: %(note)s", note=application.result_note) + "\n" \
        if application.result_note else ""
    found = [outbox.queue_sms(session, application.mobile, _(
        "Müraciət %(ref)s: %(result)s. Ətraflı: e-gov.az, “Müraciətlərim”.", ref=ref,
        result=result), dedupe_key=f"meter:{ref}:result:sms")]
    if application.email:
        found.append(outbox.queue_email(
            session, application.email, _("Müraciətinizin nəticəsi: %(ref)s", ref=ref),
            _("Hörmətli %(name)s,\n\nAzərişıq ASC sayğac zədələnməsi barədə %(ref)s nömrəli "
              "müraciətinizə baxdı.\n\nNəticə: %(result)s.\n%(note_line)s\nMüraciətin "
              "tarixçəsi www.e-gov.az portalında “Müraciətlərim” bölməsindədir.\n\n"
              "Elektron hökumət portalı", name=application.full_name, ref=ref, result=result,
              note_line=note_line),
            dedupe_key=f"meter:{ref}:result:email"))
    return found
