"""The sandbox Azərişıq in this process, behind meter damage's two ports onto it: the
AzerisiqPort (the portal sends an application) and the BackOffice (the /sandbox/azerisiq page
decides a case). It keeps its cases in the portal's database (core.sandbox.azerisiq_cases) and
behaves like the real one: it takes a moment, it can be down (`down`, `fail_next(n)`), and a
case is opened once per application however often it is sent. A decision is handed straight to
the portal, as the real system's callback would report it."""
from __future__ import annotations

import time

from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction
from core.meter_damage import application as meter
from core.meter_damage.azerisiq import RESULTS, AzerisiqUnavailable, Submission
from core.meter_damage.back_office import Decision
from core.sandbox import azerisiq_cases
from core.sandbox.outages import Outages


class SandboxAzerisiq(Outages):
    def __init__(self, session_factory: sessionmaker[Session], *, delay_seconds: float = 0.0,
                 down: bool = False):
        self.session_factory = session_factory
        self.delay_seconds = delay_seconds
        self.down = down

    def submit(self, submission: Submission) -> str:
        self._refuse_if_out(AzerisiqUnavailable("sandbox Azərişıq is down"))
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        return azerisiq_cases.open_case(self.session_factory, submission)[0]


class InProcessBackOffice:
    def __init__(self, session_factory: sessionmaker[Session]):
        self.session_factory = session_factory

    def cases(self, limit: int) -> list:
        with transaction(self.session_factory) as session:
            return azerisiq_cases.cases(session, limit)

    def decide(self, case_reference: str, result: str, note: str | None) -> Decision:
        with transaction(self.session_factory) as session:
            if azerisiq_cases.case(session, case_reference) is None:
                return Decision(known=False, decided=False)
            if result not in RESULTS:
                return Decision(known=True, decided=False, valid=False)
            decided = azerisiq_cases.decide(session, case_reference, result, note)
            if decided is None:
                return Decision(known=True, decided=False)
            # Azərişıq reports to the portal, as its callback would
            received = meter.receive_result(session, decided.application_ref, result, note,
                                            decided.decided_at)
            return Decision(known=True, decided=True,
                            message_ids=tuple(m.id for m in received[1]) if received else ())
