"""Meter-damage applications (seed 002): what the citizen may ask, the application kept once,
its hand-over to Azərişıq with retries, and the result Azərişıq reports back.

    reference = new_reference()                       # shown from the first step on
    problems = check_answers(holdings, answers)       # {"subscriber_code": "not_own", ...}
    sent = submit(session, person=..., holdings=..., answers=..., reference=...,
                  submission_key=draft.id)            # once per draft, however often clicked
    # after the commit: jobs.after_submit(sent)       # notices and the forward job
    forward(factory, port, application_id)            # the job: hand it to Azərişıq
    receive_result(session, reference, "replace")     # Azərişıq's answer: notices again
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel import phones
from core.kernel.db import transaction, utcnow
from core.kernel.identity import Person
from core.kernel.translations import LANGUAGES, SOURCE_LANGUAGE
from core.meter_damage import notices
from core.meter_damage.azerisiq import RESULTS, AzerisiqPort, AzerisiqUnavailable, Submission
from core.meter_damage.models import MeterApplication, MeterApplicationEvent
from core.meter_damage.subscribers import BUSINESS, HOUSEHOLD, KINDS, Holdings, normalise
from core.notifications import outbox
from core.platform import catalogue
from core.platform.usage import record_completion

SERVICE_SLUG = catalogue.METER_DAMAGE
REGISTERED, FORWARDED, RESOLVED = "registered", "forwarded", "resolved"
DAMAGE_KINDS = ("seal", "casing", "display", "stopped", "burnt", "other")
DESCRIPTION_LIMIT = 500
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BAKU = ZoneInfo("Asia/Baku")
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
# A registered application nobody has tried to forward for this long lost its job.
ORPHAN_AFTER = timedelta(minutes=2)


def new_reference(now: datetime | None = None) -> str:
    """SZ-260521-4F7Q9X: the service, the Baku date, six characters nobody misreads."""
    day = (now or utcnow()).replace(tzinfo=timezone.utc).astimezone(BAKU)
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"SZ-{day:%y%m%d}-{tail}"


# What the citizen may ask ---------------------------------------------------------------------

def check_answers(holdings: Holdings, answers: dict) -> dict[str, str]:
    """Reasons by field: kind, subscriber_code, base_code, metering_point, damage_kind,
    description, mobile, email. Codes must be held in the citizen's own name."""
    problems: dict[str, str] = {}
    kind = answers.get("kind")
    if kind not in KINDS:
        problems["kind"] = "required"
    elif kind == HOUSEHOLD:
        code = normalise(answers.get("subscriber_code"))
        if not code:
            problems["subscriber_code"] = "required"
        elif holdings.household(code) is None:
            problems["subscriber_code"] = "not_own"
    else:
        base = normalise(answers.get("base_code"))
        point = normalise(answers.get("metering_point"))
        business = holdings.business(base) if base else None
        if not base:
            problems["base_code"] = "required"
        elif business is None:
            problems["base_code"] = "not_own"
        if business is not None:
            if not point:
                problems["metering_point"] = "required"
            elif business.point(point) is None:
                problems["metering_point"] = "not_own"
    problems.update(check_damage(answers.get("damage_kind"), answers.get("description")))
    if "mobile" in answers or "email" in answers:
        problems.update(check_contact(answers.get("mobile"), answers.get("email")))
    return problems


def check_damage(damage_kind: str | None, description: str | None) -> dict[str, str]:
    problems = {}
    if damage_kind not in DAMAGE_KINDS:
        problems["damage_kind"] = "required"
    text = (description or "").strip()
    if len(text) > DESCRIPTION_LIMIT:
        problems["description"] = "too_long"
    elif damage_kind == "other" and not text:
        problems["description"] = "required_for_other"
    return problems


def check_contact(mobile: str | None, email: str | None) -> dict[str, str]:
    """mobile: 10 digits (0 + operator code + 7); email: optional, an address mail reaches."""
    problems = {}
    number = phones.parse_mobile(mobile or "")
    if not mobile:
        problems["mobile"] = "required"
    elif number is None or number.operator_code not in phones.OPERATORS:
        problems["mobile"] = "invalid"
    if email:
        try:
            outbox.normalise_email(email)
        except outbox.InvalidEmail as invalid:
            problems["email"] = invalid.reason
    return problems


def meter_address(holdings: Holdings, answers: dict) -> str:
    if answers["kind"] == HOUSEHOLD:
        return holdings.household(answers["subscriber_code"]).address
    business = holdings.business(answers["base_code"])
    return f"{business.name}: {business.point(answers['metering_point']).label}"


# The application, kept once -------------------------------------------------------------------

class InvalidApplication(ValueError):
    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in sorted(problems.items())))
        self.problems = problems


@dataclass(frozen=True)
class Submitted:
    application_id: int
    reference: str
    created: bool  # False: this draft was sent before (a double click, a replay)
    message_ids: tuple[int, ...] = ()


def submit(session: Session, *, person: Person, holdings: Holdings, answers: dict,
           reference: str, submission_key: str, locale: str = "az",
           now: datetime | None = None) -> Submitted:
    """Keep the application, its first history entry, its notices and one more use of the
    service, all in the caller's transaction; or find the one this draft already made.
    The unique submission_key makes a second submit, even a concurrent one, the same one."""
    existing = _by_submission(session, submission_key, person.fin)
    if existing is not None:
        return Submitted(existing.id, existing.reference, False)
    problems = check_answers(holdings, answers)
    if problems:
        raise InvalidApplication(problems)
    now = now or utcnow()
    business = answers["kind"] == BUSINESS
    number = phones.parse_mobile(answers["mobile"])
    email = answers.get("email") or None
    application = MeterApplication(
        reference=reference, submission_key=submission_key, fin=person.fin,
        full_name=person.full_name, id_card_number=person.id_card_number,
        registered_address=person.address, kind=answers["kind"],
        subscriber_code=None if business else normalise(answers["subscriber_code"]),
        base_code=normalise(answers["base_code"]) if business else None,
        metering_point=normalise(answers["metering_point"]) if business else None,
        meter_address=meter_address(holdings, answers), damage_kind=answers["damage_kind"],
        description=(answers.get("description") or "").strip() or None,
        mobile=number.national, email=outbox.normalise_email(email) if email else None,
        locale=locale if locale in LANGUAGES else SOURCE_LANGUAGE, status=REGISTERED,
        created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(application)
            session.flush()
    except IntegrityError:
        existing = _by_submission(session, submission_key, person.fin)
        if existing is None:  # the reference was taken by another draft: a rare collision
            raise
        return Submitted(existing.id, existing.reference, False)
    session.add(MeterApplicationEvent(application_id=application.id, status=REGISTERED, at=now))
    messages = notices.queue_registered(session, application)
    record_completion(session, SERVICE_SLUG)
    session.flush()
    return Submitted(application.id, application.reference, True,
                     tuple(m.id for m in messages))


def _by_submission(session: Session, key: str, fin: str) -> MeterApplication | None:
    found = session.execute(select(MeterApplication).where(
        MeterApplication.submission_key == key)).scalar_one_or_none()
    return found if found is not None and found.fin == fin else None


# Forwarding to Azərişıq -----------------------------------------------------------------------

def retry_delay(attempts: int) -> timedelta:
    """30 s, 1, 2, 4 … minutes, at most an hour apart: never given up, never hammered."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def forward(factory: sessionmaker[Session], port: AzerisiqPort, application_id: int,
            now: datetime | None = None) -> str:
    """One attempt to hand a registered application to Azərişıq: forwarded, waiting (down,
    tried again after its backoff) or skipped (not due, or forwarded already). Claims the
    application first, so two workers never send it at once."""
    now = now or utcnow()
    with transaction(factory) as session:
        application = session.get(MeterApplication, application_id, with_for_update=True)
        if application is None or application.status != REGISTERED:
            return "skipped"
        if application.next_attempt_at is not None and application.next_attempt_at > now:
            return "skipped"
        application.attempts += 1
        application.next_attempt_at = now + retry_delay(application.attempts)
        submission = Submission(
            application_ref=application.reference, kind=application.kind,
            code=application.subscriber_code or application.metering_point,
            meter_address=application.meter_address, damage_kind=application.damage_kind,
            description=application.description, full_name=application.full_name,
            mobile=application.mobile)
    try:
        case_reference = port.submit(submission)
    except AzerisiqUnavailable as exc:
        with transaction(factory) as session:
            application = session.get(MeterApplication, application_id, with_for_update=True)
            application.last_error = str(exc)[:300]
        return "waiting"
    with transaction(factory) as session:
        application = session.get(MeterApplication, application_id, with_for_update=True)
        if application.status != REGISTERED:
            return "skipped"
        moment = utcnow()
        application.status, application.azerisiq_reference = FORWARDED, case_reference
        application.forwarded_at = application.updated_at = moment
        application.next_attempt_at, application.last_error = None, None
        session.add(MeterApplicationEvent(application_id=application.id, status=FORWARDED,
                                          at=moment))
    return "forwarded"


def due_for_forwarding(session: Session, now: datetime | None = None,
                       limit: int = 100) -> list[int]:
    now = now or utcnow()
    return list(session.execute(
        select(MeterApplication.id).where(
            MeterApplication.status == REGISTERED,
            or_(MeterApplication.next_attempt_at <= now,
                MeterApplication.next_attempt_at.is_(None)
                & (MeterApplication.created_at <= now - ORPHAN_AFTER)),
        ).order_by(MeterApplication.id).limit(limit)).scalars())


# The result, from Azərişıq --------------------------------------------------------------------

def receive_result(session: Session, reference: str, result: str, note: str | None = None,
                   decided_at: datetime | None = None) -> tuple[MeterApplication, list] | None:
    """Azərişıq decided an application: record it and queue the citizen's SMS and e-mail.
    Once: a repeated report changes nothing and queues nothing (None)."""
    if result not in RESULTS:
        raise ValueError(f"unknown result {result!r}")
    application = session.execute(select(MeterApplication).where(
        MeterApplication.reference == reference).with_for_update()).scalar_one_or_none()
    if application is None or application.status == RESOLVED:
        return None
    moment = decided_at or utcnow()
    if application.status == REGISTERED:  # the answer to our submission was lost, but it arrived
        application.forwarded_at = moment
        session.add(MeterApplicationEvent(application_id=application.id, status=FORWARDED,
                                          at=moment))
    application.status, application.result = RESOLVED, result
    application.result_note = (note or None) and note[:300]
    application.resolved_at = application.updated_at = moment
    application.next_attempt_at = None
    session.add(MeterApplicationEvent(application_id=application.id, status=RESOLVED, at=moment,
                                      note=result))
    messages = notices.queue_result(session, application)
    session.flush()
    return application, messages


# The citizen's own ----------------------------------------------------------------------------

def for_citizen(session: Session, fin: str) -> list[MeterApplication]:
    return list(session.execute(
        select(MeterApplication).where(MeterApplication.fin == fin)
        .order_by(MeterApplication.created_at.desc(), MeterApplication.id.desc())).scalars())


def find(session: Session, fin: str, reference: str) -> MeterApplication | None:
    """One of the citizen's own applications; None for anyone else's (no hint it exists)."""
    application = session.execute(select(MeterApplication).where(
        MeterApplication.reference == (reference or "").strip().upper())).scalar_one_or_none()
    return application if application is not None and application.fin == fin else None


def history(session: Session, application_id: int) -> list[MeterApplicationEvent]:
    return list(session.execute(
        select(MeterApplicationEvent).where(MeterApplicationEvent.application_id ==
                                            application_id)
        .order_by(MeterApplicationEvent.at, MeterApplicationEvent.id)).scalars())
