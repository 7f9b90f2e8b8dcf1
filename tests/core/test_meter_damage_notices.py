"""The citizen's SMS and e-mail about a meter-damage application come out of the Babel
catalogues in the language stored with the application: Azerbaijani as the seed words them,
English when the citizen used the portal in English."""
from __future__ import annotations

from sqlalchemy import select

from core.kernel.db import transaction
from core.meter_damage import application as meter
from core.sandbox import azerisiq
from core.notifications.models import OutboxMessage
from tests.core.meter_damage_support import submit

REFERENCE = "SZ-260101-AAAAAA"


def notices(factory, stage: str) -> dict[str, OutboxMessage]:
    with transaction(factory) as session:
        found = session.execute(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like(f"meter:{REFERENCE}:{stage}:%"))).scalars().all()
        session.expunge_all()
    return {message.channel: message for message in found}


def decide(factory, sent, result="replace", note=None):
    meter.forward(factory, azerisiq.SandboxAzerisiq(factory), sent.application_id)
    with transaction(factory) as session:
        meter.receive_result(session, REFERENCE, result, note)


def test_an_application_made_in_azerbaijani_is_told_in_the_seeds_words(factory):
    decide(factory, submit(factory, reference=REFERENCE), note="Sayğac 12.06-da dəyişəcək")
    registered, result = notices(factory, "registered"), notices(factory, "result")
    assert registered["sms"].body == (
        f"Sayğac zədələnməsi barədə müraciətiniz qeydə alındı. Müraciət nömrəsi: {REFERENCE}. "
        "Nəticə SMS və e-poçtla bildiriləcək; e-gov.az, “Müraciətlərim”.")
    assert registered["email"].subject == f"Müraciətiniz qeydə alındı: {REFERENCE}"
    assert "Abonent kodu: 100200300400501\nÜnvan: " in registered["email"].body
    assert result["sms"].body == (
        f"Müraciət {REFERENCE}: Araşdırma aparıldı: sayğac zədələnib, dəyişdiriləcək. Ətraflı: "
        "e-gov.az, “Müraciətlərim”.")
    assert result["email"].subject == f"Müraciətinizin nəticəsi: {REFERENCE}"
    assert ("Nəticə: Araşdırma aparıldı: sayğac zədələnib, dəyişdiriləcək.\n"
            "Qeyd: Sayğac 12.06-da dəyişəcək\n\nMüraciətin tarixçəsi") in result["email"].body


def test_an_application_made_in_english_is_told_in_english(factory):
    decide(factory, submit(factory, reference=REFERENCE, locale="en"), result="act")
    registered, result = notices(factory, "registered"), notices(factory, "result")
    assert registered["sms"].body == (
        f"Your meter damage application is registered. Application number: {REFERENCE}. The "
        "result will be sent by SMS and e-mail; e-gov.az, “My applications”.")
    assert registered["email"].subject == f"Your application is registered: {REFERENCE}"
    assert registered["email"].body.startswith("Dear ")
    assert "Subscriber code: 100200300400501\nAddress: " in registered["email"].body
    assert result["sms"].body == (
        f"Application {REFERENCE}: Investigated: a report (akt) was drawn up. More: e-gov.az, "
        "“My applications”.")
    assert result["email"].subject == f"The result of your application: {REFERENCE}"
    assert "Result: Investigated: a report (akt) was drawn up.\n\nThe history" in \
        result["email"].body
    assert not any("Müraciət" in m.body for m in (*registered.values(), *result.values()))


def test_a_language_the_portal_does_not_speak_is_told_in_azerbaijani(factory):
    submit(factory, reference=REFERENCE, locale="fr")
    assert notices(factory, "registered")["sms"].body.startswith("Sayğac zədələnməsi barədə")
