"""What the meter-damage core tests share: Aysel's household answers, submitting them, and
the sandbox adapters on the test database."""
from __future__ import annotations

from core.kernel.db import make_engine, make_session_factory, transaction
from core.meter_damage import application as meter
from core.sandbox import electricity
from core.sandbox.citizens import AYSEL
from core.sandbox.population_registry import SandboxPersonRegistry

AYSEL_HOUSEHOLD = {"kind": "household", "subscriber_code": "100200300400501",
                   "damage_kind": "seal", "description": "", "mobile": "0501234567",
                   "email": "aysel@example.az"}


def aysel():
    return SandboxPersonRegistry().person(AYSEL.fin)


def submit(factory, answers=None, key="draft-1", reference="SZ-260101-AAAAAA", citizen=None,
           locale="az"):
    person = citizen or aysel()
    holdings = electricity.subscribers().holdings_of(person.fin)
    with transaction(factory) as session:
        return meter.submit(session, person=person, holdings=holdings,
                            answers=answers or AYSEL_HOUSEHOLD, reference=reference,
                            submission_key=key, locale=locale)


def submit_in_another_process(url: str, key: str, reference: str) -> bool:
    factory = make_session_factory(make_engine(url))
    try:
        return submit(factory, key=key, reference=reference).created
    finally:
        factory.kw["bind"].dispose()
