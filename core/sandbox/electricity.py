"""Azərişıq's subscribers in the sandbox (demo-data.md, "Electricity subscribers") behind the
ElectricitySubscribers port (in this process, and in the sandbox service's /azerisiq), and one
earlier, decided application each for Aysel and Rəşad, so "Müraciətlərim" shows a result from
the first visit."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.meter_damage.models import MeterApplication, MeterApplicationEvent, SandboxAzerisiqCase
from core.meter_damage.subscribers import (Business, Holdings, Household, MeteringPoint,
                                           SubscribersUnavailable)
from core.sandbox.citizens import AYSEL, RESHAD

HOUSEHOLDS = (
    Household("100200300400501", AYSEL.fin, "Bakı ş., Nəsimi r., Rəşid Behbudov küç. 12, m. 5"),
    Household("100200300400519", AYSEL.fin, "Bakı ş., Xəzər r., Mərdəkan qəs., bağ 7"),
    Household("100200300400527", RESHAD.fin, "Sumqayıt ş., 9-cu mkr., ev 14, m. 31"),
)
BUSINESSES = (
    Business("7001234567", RESHAD.fin, "Əliyev Rəşad Vaqif oğlu FƏRDİ SAHİBKAR", (
        MeteringPoint("7001234567-01", "mağaza, Sumqayıt ş., 9-cu mkr., 22"),
        MeteringPoint("7001234567-02", "anbar, Sumqayıt ş., Sənaye küç. 4"),
    )),
)


class SandboxSubscribers:
    """The demo register: the records it is handed, looked up by FİN."""

    def __init__(self, households: Iterable[Household], businesses: Iterable[Business]):
        self.households = tuple(households)
        self.businesses = tuple(businesses)
        self.available = True

    def holdings_of(self, fin: str) -> Holdings:
        if not self.available:
            raise SubscribersUnavailable("sandbox subscriber register is switched off")
        return Holdings(tuple(h for h in self.households if h.fin == fin),
                        tuple(b for b in self.businesses if b.fin == fin))


def subscribers() -> SandboxSubscribers:
    return SandboxSubscribers(HOUSEHOLDS, BUSINESSES)


# (citizen, reference, household code or (base, point), meter address, damage, result, dates)
EARLIER = (
    (AYSEL, "SZ-250514-DM7K2Q", "100200300400519", HOUSEHOLDS[1].address, "seal", "intact",
     datetime(2025, 5, 14, 7, 12), datetime(2025, 5, 14, 7, 13), datetime(2025, 5, 16, 10, 30)),
    (RESHAD, "SZ-250603-DM4R8T", ("7001234567", "7001234567-01"),
     "Əliyev Rəşad Vaqif oğlu FƏRDİ SAHİBKAR: mağaza, Sumqayıt ş., 9-cu mkr., 22", "display",
     "replace", datetime(2025, 6, 3, 9, 40), datetime(2025, 6, 3, 9, 41),
     datetime(2025, 6, 5, 12, 5)),
)


def load(session: Session) -> bool:
    added = False
    for citizen, ref, code, address, damage, result, created, forwarded, resolved in EARLIER:
        if session.execute(select(MeterApplication.id).where(
                MeterApplication.reference == ref)).first():
            continue
        base, point = code if isinstance(code, tuple) else (None, None)
        application = MeterApplication(
            reference=ref, submission_key=f"demo-{ref}", fin=citizen.fin,
            full_name=citizen.full_name, id_card_number=citizen.id_card_number,
            registered_address=citizen.address, kind="business" if base else "household",
            subscriber_code=None if base else code, base_code=base, metering_point=point,
            meter_address=address, damage_kind=damage, mobile=citizen.mobile, locale="az",
            status="resolved", azerisiq_reference="AZS-" + ref[3:], result=result,
            attempts=1, created_at=created, updated_at=resolved, forwarded_at=forwarded,
            resolved_at=resolved)
        session.add(application)
        session.flush()
        for status, at, note in (("registered", created, None), ("forwarded", forwarded, None),
                                 ("resolved", resolved, result)):
            session.add(MeterApplicationEvent(application_id=application.id, status=status, at=at,
                                              note=note))
        session.add(SandboxAzerisiqCase(
            reference=application.azerisiq_reference, application_ref=ref, kind=application.kind,
            code=point or code, meter_address=address, damage_kind=damage,
            full_name=citizen.full_name, mobile=citizen.mobile, received_at=forwarded,
            result=result, decided_at=resolved))
        added = True
    session.flush()
    return added
