"""Azərişıq's back office in the sandbox (the /sandbox/azerisiq page): the cases received and
a decision on one, in whichever sandbox Azərişıq lives: the in-process one
(core.sandbox.azerisiq.InProcessBackOffice: its cases in the portal's database, the result
handed straight to the portal) or the sandbox service (HttpBackOffice here: its
`/sandbox/cases` endpoints, the result reported by its signed callback)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Protocol
from urllib.parse import quote

from core.platform.outside import OutsideSystem, Refused


@dataclass(frozen=True)
class Decision:
    known: bool  # a case with this reference exists
    decided: bool  # this call decided it (a second decision changes nothing)
    valid: bool = True  # the result was one of core.meter_damage.azerisiq.RESULTS
    message_ids: tuple[int, ...] = ()  # the citizen's notices to queue (in process only)


CASE_REFERENCE = re.compile(r"[A-Z0-9-]{1,40}")  # AZS-260101-AAAAAA


class BackOffice(Protocol):
    def cases(self, limit: int) -> list: ...

    def decide(self, case_reference: str, result: str, note: str | None) -> Decision: ...


class HttpBackOffice:
    def __init__(self, system: OutsideSystem):
        self.system = system

    def cases(self, limit: int) -> list:
        answer = self.system.call("GET", "/sandbox/cases", params={"limit": limit})
        return [_case(found) for found in answer.json()["cases"]]

    def decide(self, case_reference: str, result: str, note: str | None) -> Decision:
        if not CASE_REFERENCE.fullmatch(case_reference or ""):
            return Decision(known=False, decided=False)  # no case of theirs looks like that
        try:
            answer = self.system.call(
                "POST", f"/sandbox/cases/{quote(case_reference, safe='')}/decision",
                json={"result": result, "note": note},
                idempotency_key=f"decision-{case_reference}")
        except Refused as refused:
            if refused.status == 404:
                return Decision(known=False, decided=False)
            if refused.status == 422:
                return Decision(known=True, decided=False, valid=False)
            raise
        return Decision(known=True, decided=bool(answer.json()["decided"]))


def _case(found: dict) -> SimpleNamespace:
    """A case as the page shows it: the same attributes as the in-process rows."""
    return SimpleNamespace(**{**found, "received_at": _moment(found["received_at"]),
                              "decided_at": _moment(found.get("decided_at"))})


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
