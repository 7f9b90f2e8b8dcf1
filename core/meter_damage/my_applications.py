"""Meter-damage applications in "Müraciətlərim" (core.platform.applications)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.meter_damage import application as meter
from core.platform.applications import ApplicationDetail, ApplicationSummary, StatusChange

PREFIX = "meter_damage."


class MeterDamageApplications:
    service_slug = meter.SERVICE_SLUG

    def _summary(self, application) -> ApplicationSummary:
        return ApplicationSummary(reference=application.reference,
                                  service_slug=self.service_slug,
                                  submitted_at=application.created_at,
                                  status_key=PREFIX + application.status)

    def list_for(self, session: Session, fin: str) -> list[ApplicationSummary]:
        return [self._summary(application) for application in meter.for_citizen(session, fin)]

    def detail(self, session: Session, fin: str, reference: str) -> ApplicationDetail | None:
        application = meter.find(session, fin, reference)
        if application is None:
            return None
        facts = [(PREFIX + "kind", PREFIX + "kind." + application.kind)]
        if application.subscriber_code:
            facts.append((PREFIX + "subscriber_code", application.subscriber_code))
        else:
            facts += [(PREFIX + "base_code", application.base_code),
                      (PREFIX + "metering_point", application.metering_point)]
        facts += [(PREFIX + "meter_address", application.meter_address),
                  (PREFIX + "damage_kind", PREFIX + "damage." + application.damage_kind)]
        if application.description:
            facts.append((PREFIX + "description", application.description))
        history = tuple(
            StatusChange(event.at, PREFIX + event.status,
                         PREFIX + "result." + event.note if event.note else None)
            for event in meter.history(session, application.id))
        return ApplicationDetail(
            summary=self._summary(application), facts=tuple(facts),
            result_key=PREFIX + "result." + application.result if application.result else None,
            result_note=application.result_note, history=history)


SOURCE = MeterDamageApplications()
