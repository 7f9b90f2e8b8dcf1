"""Mobile device registration (seed 000): who applies, which device, the fee, the paid
application, and its hand-over to the Mobile Device Registration System (MCQS).

    check = check_applicant(session, people, registry, id_card, fin, imei_text)
    check.errors            # {"fin": "mismatch", "imei": "registered", ...} or {}
    quote(check.imei)       # Device(model=..., band=...), .fee_qepik
    application = complete(session, payment=payment, answers=draft.data)   # once per payment
    advance(factory, registry, application.id)   # the job: submit, then wait for MCQS
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from core.kernel import identity
from core.device_registration import imei as imei_rules
from core.payments import receipts
from core.kernel.db import transaction, utcnow
from core.kernel.identity import Person, PersonRegistry
from core.device_registration.models import DeviceApplication
from core.payments.models import Payment
from core.platform import catalogue
from core.platform.usage import record_completion

SERVICE_SLUG = catalogue.DEVICE_REGISTRATION
RECEIPT_PREFIX = "MC"
PENDING, SUBMITTED, REGISTERED, REJECTED = "pending", "submitted", "registered", "rejected"
OPEN_STATUSES = (PENDING, SUBMITTED)
STALLED_AFTER = timedelta(minutes=10)


def payment_subject(draft_id: str) -> str:
    return f"{SERVICE_SLUG}:{draft_id}"


# The device registry (MCQS) port ------------------------------------------------------------

class DeviceRegistryUnavailable(Exception):
    """MCQS did not answer; the job retries later."""


class DeviceRejected(Exception):
    """MCQS refused the application (e.g. the IMEI was registered by someone else meanwhile)."""


@dataclass(frozen=True)
class Submission:
    application_ref: str  # idempotency: the same application is accepted once
    imei: str
    fin: str
    full_name: str
    model: str | None


@dataclass(frozen=True)
class RegistrationState:
    registered: bool
    check_again_after: float = 0.0  # seconds


class DeviceRegistry(Protocol):
    def is_registered(self, imei: str) -> bool:
        """Registered, or accepted and being registered."""

    def submit(self, submission: Submission) -> str:
        """Accept an application; returns MCQS's reference. Same application_ref, same answer."""

    def state(self, reference: str) -> RegistrationState: ...


# Step 1: who applies and for which device ---------------------------------------------------

@dataclass(frozen=True)
class ApplicantCheck:
    errors: dict[str, str]
    id_card_number: str
    fin: str
    imei: str
    person: Person | None = None
    device: imei_rules.Device | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def check_applicant(factory: sessionmaker[Session], people: PersonRegistry,
                    registry: DeviceRegistry, id_card_number: str, fin: str,
                    imei_text: str) -> ApplicantCheck:
    """Fields: id_card_number, fin, imei, and "form" for an outside system that is down.
    Codes: the format reasons of core.kernel.identity / core.device_registration.imei, "mismatch" (the card and the
    FİN are not one person's), "registered", "in_progress", "people_unavailable",
    "registry_unavailable".

    Call it with no transaction open on the same SQLite database: outside systems are
    asked first, and nothing holds a lock while they answer."""
    card, fin_code, number = (identity.normalise_id_card(id_card_number),
                              identity.normalise_fin(fin), imei_rules.normalise(imei_text))
    errors: dict[str, str] = {}
    for field_name, problem in (("id_card_number", identity.id_card_problem(card)),
                                ("fin", identity.fin_problem(fin_code)),
                                ("imei", imei_rules.problem(number))):
        if problem:
            errors[field_name] = problem
    person = None
    if "id_card_number" not in errors and "fin" not in errors:
        try:
            person = people.find(card, fin_code)
        except identity.RegistryUnavailable:
            errors["form"] = "people_unavailable"
        else:
            if person is None:
                errors["fin"] = "mismatch"
    if "imei" not in errors:
        try:
            taken = imei_taken(factory, registry, number)
        except DeviceRegistryUnavailable:
            errors.setdefault("form", "registry_unavailable")
        else:
            if taken:
                errors["imei"] = taken
    device = imei_rules.lookup(number) if "imei" not in errors else None
    return ApplicantCheck(errors, card, fin_code, number, person, device)


def imei_taken(factory: sessionmaker[Session], registry: DeviceRegistry,
               number: str) -> str | None:
    """"registered" when MCQS has it, "in_progress" when a paid application here awaits it."""
    if registry.is_registered(number):
        return "registered"
    with transaction(factory) as session:
        open_here = session.execute(select(DeviceApplication.id).where(
            DeviceApplication.imei == number, DeviceApplication.status.in_(OPEN_STATUSES)
        ).limit(1)).first()
    return "in_progress" if open_here else None


def quote(number: str) -> imei_rules.Device:
    return imei_rules.lookup(number)


# After payment ------------------------------------------------------------------------------

def complete(session: Session, *, payment: Payment, answers: dict) -> DeviceApplication:
    """Receipt, application and usage count for an approved payment: once, however often
    it is called (a refresh, a second tab, the reconciliation job)."""
    existing = session.execute(select(DeviceApplication).where(
        DeviceApplication.payment_id == payment.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    number = imei_rules.normalise(answers["imei"])
    device = quote(number)
    receipt = receipts.issue(
        session, payment, prefix=RECEIPT_PREFIX, payer_name=answers["full_name"],
        payer_fin=answers["fin"],
        details={"imei": number, "model": device.model, "mobile": answers["mobile"]},
    )
    now = utcnow()
    application = DeviceApplication(
        payment_id=payment.id, receipt_id=receipt.id, id_card_number=answers["id_card_number"],
        fin=answers["fin"], full_name=answers["full_name"], address=answers["address"],
        imei=number, model=device.model, price_band=device.band.value,
        fee_qepik=payment.amount_qepik, mobile=answers["mobile"], status=PENDING,
        created_at=now, updated_at=now,
    )
    session.add(application)
    record_completion(session, SERVICE_SLUG)
    session.flush()
    return application


def for_receipt(session: Session, receipt_id: int) -> DeviceApplication | None:
    return session.execute(select(DeviceApplication).where(
        DeviceApplication.receipt_id == receipt_id)).scalar_one_or_none()


def applications_for(session: Session, id_card_number: str, fin: str) -> list[DeviceApplication]:
    """ARXİV: a citizen's earlier registrations, newest first (both documents must match)."""
    return list(session.execute(select(DeviceApplication).where(
        DeviceApplication.id_card_number == identity.normalise_id_card(id_card_number),
        DeviceApplication.fin == identity.normalise_fin(fin),
    ).order_by(DeviceApplication.created_at.desc(), DeviceApplication.id.desc())).scalars())


# The registry job ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    status: str
    check_again_after: float | None = None  # seconds, while MCQS is still registering


def advance(factory: sessionmaker[Session], registry: DeviceRegistry, application_id: int,
            *, clock: Callable[[], datetime] = utcnow) -> Progress:
    """Move one application forward: submit it to MCQS, then see whether it is registered.
    Raises DeviceRegistryUnavailable (after noting it) so the job is retried."""
    with transaction(factory) as session:
        app = session.get(DeviceApplication, application_id)
        status, reference = app.status, app.registry_reference
        submission = Submission(f"portal-{app.id}", app.imei, app.fin, app.full_name, app.model)
    if status not in OPEN_STATUSES:
        return Progress(status)
    try:
        if status == PENDING:
            try:
                reference = registry.submit(submission)
            except DeviceRejected as exc:
                _update(factory, application_id, status=REJECTED, last_error=str(exc)[:200])
                return Progress(REJECTED)
            _update(factory, application_id, status=SUBMITTED, registry_reference=reference,
                    submitted_at=clock(), last_error=None)
        state = registry.state(reference)
    except DeviceRegistryUnavailable as exc:
        _note_failure(factory, application_id, str(exc), clock())
        raise
    if state.registered:
        _update(factory, application_id, status=REGISTERED, registered_at=clock(),
                next_check_at=None)
        return Progress(REGISTERED)
    _update(factory, application_id,
            next_check_at=clock() + timedelta(seconds=state.check_again_after))
    return Progress(SUBMITTED, state.check_again_after)


def stalled(factory: sessionmaker[Session], *, now: datetime | None = None) -> list[int]:
    """Open applications whose job was lost or gave up: the sweep queues them again."""
    cutoff = (now or utcnow()) - STALLED_AFTER
    with transaction(factory) as session:
        return list(session.execute(select(DeviceApplication.id).where(
            DeviceApplication.status.in_(OPEN_STATUSES),
            DeviceApplication.updated_at < cutoff,
            or_(DeviceApplication.next_check_at.is_(None),
                DeviceApplication.next_check_at < cutoff),
        )).scalars())


def _update(factory, application_id: int, **values) -> None:
    with transaction(factory) as session:
        app = session.get(DeviceApplication, application_id, with_for_update=True)
        for key, value in values.items():
            setattr(app, key, value)
        app.updated_at = utcnow()


def _note_failure(factory, application_id: int, error: str, now: datetime) -> None:
    with transaction(factory) as session:
        app = session.get(DeviceApplication, application_id, with_for_update=True)
        app.attempts += 1
        app.last_error = error[:200]
        app.next_check_at = now + timedelta(seconds=30 * 2 ** min(app.attempts, 10))
        app.updated_at = utcnow()
