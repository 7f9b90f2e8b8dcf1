"""The sandbox device registry (MCQS) in this process, behind device registration's
DeviceRegistry port, and its devices (demo-data.md, "Devices").

352099001761481 (Nokia 105) is already registered to Rəşad: it is in the sandbox MCQS, and
his earlier application, paid through the portal, shows in his ARXİV with its receipt. The
other demo IMEIs are not registered, so the journeys can register them."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.device_registration import registration
from core.device_registration import imei as imei_rules
from core.device_registration.models import DeviceApplication, SandboxRegistryDevice
from core.device_registration.registration import (DeviceRegistryUnavailable, DeviceRejected,
                                                   RegistrationState, Submission)
from core.kernel.db import transaction, utcnow
from core.payments.models import Payment, Receipt
from core.sandbox.citizens import RESHAD
from core.sandbox.outages import Outages

NOKIA_IMEI = "352099001761481"
PAID_AT = datetime(2025, 6, 2, 8, 41, 17)  # UTC
REGISTERED_AT = datetime(2025, 6, 2, 15, 3, 0)


class SandboxDeviceRegistry(Outages):
    """MCQS of the demo: accepts at once, registers `delay_seconds` later (seconds in the demo,
    "24 saat ərzində" in the wording). `fail_next(n)` makes the next n calls fail, as a real
    outage would."""

    def __init__(self, session_factory: sessionmaker[Session], *, delay_seconds: float = 5.0,
                 clock: Callable[[], datetime] = utcnow):
        self._factory = session_factory
        self.delay_seconds = delay_seconds
        self._clock = clock

    def _maybe_fail(self) -> None:
        self._refuse_if_out(DeviceRegistryUnavailable("sandbox MCQS is down"))

    def is_registered(self, imei: str) -> bool:
        self._maybe_fail()
        with transaction(self._factory) as session:
            return session.get(SandboxRegistryDevice, imei) is not None

    def submit(self, submission: Submission) -> str:
        self._maybe_fail()
        with transaction(self._factory) as session:
            row = session.get(SandboxRegistryDevice, submission.imei)
            if row is not None:
                if row.application_ref == submission.application_ref:
                    return row.reference
                raise DeviceRejected("IMEI already registered")
            now = self._clock()
            row = SandboxRegistryDevice(
                imei=submission.imei, reference="MCQS-" + secrets.token_hex(5).upper(),
                application_ref=submission.application_ref, fin=submission.fin,
                model=submission.model, submitted_at=now,
                registers_at=now + timedelta(seconds=self.delay_seconds),
            )
            session.add(row)
            return row.reference

    def state(self, reference: str) -> RegistrationState:
        self._maybe_fail()
        with transaction(self._factory) as session:
            row = session.execute(select(SandboxRegistryDevice).where(
                SandboxRegistryDevice.reference == reference)).scalar_one()
            left = (row.registers_at - self._clock()).total_seconds()
            return RegistrationState(left <= 0, max(left, 0.0))


def load_registry(session: Session) -> bool:
    """MCQS's own record of the Nokia (the sandbox service's database, or the portal's)."""
    if session.get(SandboxRegistryDevice, NOKIA_IMEI) is not None:
        return False
    session.add(SandboxRegistryDevice(
        imei=NOKIA_IMEI, reference="MCQS-DEMO000001", application_ref="portal-demo-reshad",
        fin=RESHAD.fin, model=imei_rules.lookup(NOKIA_IMEI).model, submitted_at=PAID_AT,
        registers_at=REGISTERED_AT,
    ))
    session.flush()
    return True


def load(session: Session) -> bool:
    if not load_registry(session):
        return False
    device = imei_rules.lookup(NOKIA_IMEI)
    subject = registration.payment_subject("demo-reshad-nokia")
    if session.execute(select(Payment.id).where(Payment.subject == subject)).first():
        session.flush()
        return True
    payment = Payment(
        idempotency_key=f"{subject}#1", subject=subject, attempt=1,
        service_slug=registration.SERVICE_SLUG,
        description=f"Mobil cihazın qeydiyyatı, IMEI {NOKIA_IMEI}",
        amount_qepik=device.fee_qepik, currency="AZN", brand="visa", last4="1111",
        status="approved", gateway_reference="SBXDEMO00001", created_at=PAID_AT,
        updated_at=PAID_AT,
    )
    session.add(payment)
    session.flush()
    receipt = Receipt(
        number="MC-250602-104117", payment_id=payment.id, service_slug=registration.SERVICE_SLUG,
        description=payment.description, payer_name=RESHAD.full_name, payer_fin=RESHAD.fin,
        amount_qepik=payment.amount_qepik, currency="AZN", brand="visa", last4="1111",
        gateway_reference=payment.gateway_reference,
        details={"imei": NOKIA_IMEI, "model": device.model, "mobile": RESHAD.mobile},
        paid_at=PAID_AT, created_at=PAID_AT,
    )
    session.add(receipt)
    session.flush()
    session.add(DeviceApplication(
        payment_id=payment.id, receipt_id=receipt.id, id_card_number=RESHAD.id_card_number,
        fin=RESHAD.fin, full_name=RESHAD.full_name, address=RESHAD.address, imei=NOKIA_IMEI,
        model=device.model, price_band=device.band.value, fee_qepik=device.fee_qepik,
        mobile=RESHAD.mobile, status=registration.REGISTERED,
        registry_reference="MCQS-DEMO000001", created_at=PAID_AT, updated_at=REGISTERED_AT,
        submitted_at=PAID_AT, registered_at=REGISTERED_AT,
    ))
    session.flush()
    return True
