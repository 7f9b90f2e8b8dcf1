"""The operators' call-records system, as the settings say (core.platform.connections)."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.call_records.http_records import HttpCallRecords
from core.call_records.records import CallRecordsPort
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox.call_records import SandboxCallRecords


@dataclass(frozen=True)
class Adapters:
    records: CallRecordsPort | None
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    # the same operator's ledger bill payment posts to: paid debt, paid calls
    records = found.choose("call_records",
                           in_process=lambda: SandboxCallRecords(session_factory=session_factory),
                           over_http=HttpCallRecords)
    return Adapters(records=records, missing=tuple(found.missing))
