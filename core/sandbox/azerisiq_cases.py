"""The sandbox Azərişıq's cases (sandbox_azerisiq_case), kept the same way by both sandbox
Azərişıqs, the in-process one (core.sandbox.azerisiq) and the sandbox service's
(sandbox_service/systems/azerisiq.py): a case opened once per application however often it is
sent, and its back office's queries, the cases newest first, one case, and its result recorded
once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction, utcnow
from core.meter_damage.azerisiq import RESULTS, Submission
from core.meter_damage.models import SandboxAzerisiqCase


def open_case(session_factory: sessionmaker[Session], submission: Submission) -> tuple[str, bool]:
    """Azərişıq's side of a submission: (its case reference, whether this call opened it).
    One case per application_ref: a second submission (a retry after a lost answer, however
    sent) finds the first case and opens nothing."""
    reference = "AZS-" + submission.application_ref.removeprefix("SZ-")
    try:
        with transaction(session_factory) as session:
            session.add(SandboxAzerisiqCase(
                reference=reference, application_ref=submission.application_ref,
                kind=submission.kind, code=submission.code,
                meter_address=submission.meter_address,
                damage_kind=submission.damage_kind, description=submission.description,
                full_name=submission.full_name, mobile=submission.mobile))
    except IntegrityError:  # sent before (a retry after a lost answer): the same case
        with transaction(session_factory) as session:
            reference = session.execute(
                select(SandboxAzerisiqCase.reference).where(
                    SandboxAzerisiqCase.application_ref == submission.application_ref)
            ).scalar_one()
        return reference, False
    return reference, True


# The back office ------------------------------------------------------------------------------

def cases(session: Session, limit: int = 100) -> list[SandboxAzerisiqCase]:
    """The cases received, newest first."""
    return list(session.execute(
        select(SandboxAzerisiqCase)
        .order_by(SandboxAzerisiqCase.received_at.desc(), SandboxAzerisiqCase.id.desc())
        .limit(limit)).scalars())


def case(session: Session, case_reference: str) -> SandboxAzerisiqCase | None:
    return session.execute(select(SandboxAzerisiqCase).where(
        SandboxAzerisiqCase.reference == case_reference)).scalar_one_or_none()


def decide(session: Session, case_reference: str, result: str, note: str | None = None,
           now: datetime | None = None) -> SandboxAzerisiqCase | None:
    """Record a case's result once (a conditional UPDATE: a second click changes nothing).
    Returns the case when this call decided it, None when it was decided already or unknown.
    The caller then reports it to the portal (application.receive_result)."""
    if result not in RESULTS:
        raise ValueError(f"unknown result {result!r}")
    now = now or utcnow()
    changed = session.execute(
        update(SandboxAzerisiqCase)
        .where(SandboxAzerisiqCase.reference == case_reference,
               SandboxAzerisiqCase.result.is_(None))
        .values(result=result, note=(note or None) and note[:300], decided_at=now)
    ).rowcount
    if not changed:
        return None
    return session.execute(select(SandboxAzerisiqCase).where(
        SandboxAzerisiqCase.reference == case_reference)).scalar_one()
