"""Devices of the sandbox device registry (demo-data.md, "Devices").

352099001761481 (Nokia 105) is already registered to Rəşad: it is in the sandbox MCQS, and
his earlier application, paid through the portal, shows in his ARXİV with its receipt. The
other demo IMEIs are not registered, so the journeys can register them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.device_registration import registration
from core.device_registration import imei as imei_rules
from core.sandbox.citizens import RESHAD
from core.device_registration.models import DeviceApplication, SandboxRegistryDevice
from core.payments.models import Payment, Receipt

NOKIA_IMEI = "352099001761481"
PAID_AT = datetime(2025, 6, 2, 8, 41, 17)  # UTC
REGISTERED_AT = datetime(2025, 6, 2, 15, 3, 0)


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
