"""Meter-damage applications in "Müraciətlərim" (core.platform.applications)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.meter_damage import application as meter
from core.platform.applications import ApplicationDetail, ApplicationSummary, StatusChange

PREFIX = "meter_damage."


class MeterDamageApplications:
    service_slug = meter.SERVICE_SLUG

    def _summary(self, app) -> ApplicationSummary:
        return ApplicationSummary(reference=app.reference, service_slug=self.service_slug,
                                  submitted_at=app.created_at, status_key=PREFIX + app.status)

    def list_for(self, session: Session, fin: str) -> list[ApplicationSummary]:
        return [self._summary(app) for app in meter.for_citizen(session, fin)]

    def detail(self, session: Session, fin: str, reference: str) -> ApplicationDetail | None:
        app = meter.find(session, fin, reference)
        if app is None:
            return None
        facts = [(PREFIX + "kind", PREFIX + "kind." + app.kind)]
        if app.subscriber_code:
            facts.append((PREFIX + "subscriber_code", app.subscriber_code))
        else:
            facts += [(PREFIX + "base_code", app.base_code),
                      (PREFIX + "metering_point", app.metering_point)]
        facts += [(PREFIX + "meter_address", app.meter_address),
                  (PREFIX + "damage_kind", PREFIX + "damage." + app.damage_kind)]
        if app.description:
            facts.append((PREFIX + "description", app.description))
        history = tuple(
            StatusChange(event.at, PREFIX + event.status,
                         PREFIX + "result." + event.note if event.note else None)
            for event in meter.history(session, app.id))
        return ApplicationDetail(
            summary=self._summary(app), facts=tuple(facts),
            result_key=PREFIX + "result." + app.result if app.result else None,
            result_note=app.result_note, history=history)


SOURCE = MeterDamageApplications()
