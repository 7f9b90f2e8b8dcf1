"""Device registrations in "Müraciətlərim": a citizen's applications found by their FİN
(core.platform.applications). The reference is the receipt number the citizen was given."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.device_registration import registration
from core.device_registration.models import DeviceApplication
from core.payments.models import Receipt
from core.platform.applications import ApplicationDetail, ApplicationSummary, StatusChange

PREFIX = "device_registration."


class DeviceRegistrationApplications:
    service_slug = registration.SERVICE_SLUG

    def _rows(self, session: Session, fin: str, reference: str | None = None):
        query = (select(DeviceApplication, Receipt.number)
                 .join(Receipt, Receipt.id == DeviceApplication.receipt_id)
                 .where(DeviceApplication.fin == fin)
                 .order_by(DeviceApplication.created_at.desc(), DeviceApplication.id.desc()))
        if reference is not None:
            query = query.where(Receipt.number == reference)
        return session.execute(query).all()

    def _summary(self, application: DeviceApplication, number: str) -> ApplicationSummary:
        return ApplicationSummary(
            reference=number, service_slug=self.service_slug,
            submitted_at=application.created_at, status_key=PREFIX + application.status,
            link_endpoint="device_registration.receipt", link_args={"number": number})

    def list_for(self, session: Session, fin: str) -> list[ApplicationSummary]:
        return [self._summary(a, number) for a, number in self._rows(session, fin)]

    def detail(self, session: Session, fin: str, reference: str) -> ApplicationDetail | None:
        rows = self._rows(session, fin, reference.strip().upper())
        if not rows:
            return None
        application, number = rows[0]
        history = [StatusChange(application.created_at, PREFIX + registration.PENDING)]
        if application.submitted_at:
            history.append(StatusChange(application.submitted_at,
                                        PREFIX + registration.SUBMITTED))
        if application.registered_at:
            history.append(StatusChange(application.registered_at,
                                        PREFIX + registration.REGISTERED))
        if application.status == registration.REJECTED:
            history.append(StatusChange(application.updated_at, PREFIX + registration.REJECTED))
        decided = application.status in (registration.REGISTERED, registration.REJECTED)
        return ApplicationDetail(
            summary=self._summary(application, number),
            facts=((PREFIX + "imei", application.imei),
                   (PREFIX + "model", application.model or "—")),
            result_key=PREFIX + application.status if decided else None, result_note=None,
            history=tuple(history))


SOURCE = DeviceRegistrationApplications()
