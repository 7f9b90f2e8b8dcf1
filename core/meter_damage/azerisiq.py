"""Azərişıq ASC, an outside system behind a port: the portal forwards each application
("Azərişıq ASC–nin müvafiq departamentlərinə göndərilir") and receives its result.

    reference = port.submit(Submission(...))   # idempotent by application_ref
    # the result comes back through application.receive_result (Azərişıq's call to us)

The sandbox adapter keeps Azərişıq's side in `sandbox_azerisiq_case` and behaves like the real
one: it takes a moment, it can be down (`down`, `fail_next(n)`), and a case is opened once per
application however often it is sent. Its back office (/sandbox/azerisiq) lists the cases,
newest first, and records each one's result, which it reports to the portal at once, as the
real system's callback would."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction, utcnow
from core.meter_damage.models import SandboxAzerisiqCase

INTACT, REPLACE, ACT = "intact", "replace", "act"
RESULTS = (INTACT, REPLACE, ACT)


class AzerisiqUnavailable(Exception):
    """Azərişıq did not answer; the portal keeps the application and tries again later."""


@dataclass(frozen=True)
class Submission:
    application_ref: str
    kind: str
    code: str  # the abonent kodu, or the Uçot nöqtəsi of a business
    meter_address: str
    damage_kind: str
    description: str | None
    full_name: str
    mobile: str


class AzerisiqPort(Protocol):
    def submit(self, submission: Submission) -> str:
        """Open a case; returns Azərişıq's reference. Same application_ref, same case."""


class SandboxAzerisiq:
    def __init__(self, session_factory: sessionmaker[Session], *, delay_seconds: float = 0.0,
                 down: bool = False):
        self.session_factory = session_factory
        self.delay_seconds = delay_seconds
        self.down = down
        self._failures_left = 0

    def fail_next(self, calls: int) -> None:
        self._failures_left = calls

    def submit(self, submission: Submission) -> str:
        if self.down or self._failures_left > 0:
            self._failures_left = max(0, self._failures_left - 1)
            raise AzerisiqUnavailable("sandbox Azərişıq is down")
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        return open_case(self.session_factory, submission)[0]


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
