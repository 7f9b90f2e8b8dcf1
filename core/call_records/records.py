"""Intercity and international calls made this month from a citizen's own landline (seed 003).

"İstifadəçi yalnız öz adına olan telefon nömrəsi üzrə məlumat əldə edə bilər": the records of a
line are given only to the citizen the line is registered to; for anyone else the line does
not exist (`records_for` answers None, never "someone else's").

The telephone operator's call-records system is a port (CallRecordsPort); its sandbox adapter is
core.sandbox.call_records."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Protocol
from zoneinfo import ZoneInfo

from core.kernel.phones import Landline

BAKU = ZoneInfo("Asia/Baku")


@dataclass(frozen=True)
class Dialled:
    """The number called: country code, area code, subscriber number."""

    country: str
    area: str
    subscriber: str

    @property
    def masked(self) -> str:
        """Destination kept, all but the last two digits of the subscriber hidden:
        "+994 22 XXXXX78". Enough to recognise a call, not to learn whom it was to."""
        hidden = "X" * max(0, len(self.subscriber) - 2) + self.subscriber[-2:]
        return f"+{self.country} {self.area} {hidden}"


@dataclass(frozen=True)
class Call:
    started_at: datetime  # naive UTC
    duration_seconds: int
    dialled: Dialled
    amount: int  # qəpik
    paid: bool


@dataclass(frozen=True)
class Totals:
    unpaid_count: int
    unpaid_amount: int
    paid_count: int
    paid_amount: int

    @property
    def count(self) -> int:
        return self.unpaid_count + self.paid_count

    @property
    def amount(self) -> int:
        return self.unpaid_amount + self.paid_amount


@dataclass(frozen=True)
class Records:
    line: Landline
    month_start: datetime  # naive UTC of 00:00 on the 1st, Baku time
    calls: tuple[Call, ...]
    totals: Totals


class CallRecordsUnavailable(Exception):
    """The operator's call-records system did not answer; ask again later."""


class CallRecordsPort(Protocol):
    """Both raise CallRecordsUnavailable when the operator's system does not answer."""

    def landlines_of(self, fin: str) -> list[Landline]: ...

    def calls_this_month(self, line: Landline, now: datetime) -> list[Call]: ...


def totals(calls: Iterable[Call]) -> Totals:
    calls = list(calls)
    unpaid = [c.amount for c in calls if not c.paid]
    paid = [c.amount for c in calls if c.paid]
    return Totals(len(unpaid), sum(unpaid), len(paid), sum(paid))


def parse_line_key(text: str | None) -> str:
    """What a citizen or a URL gives as a line, reduced to its digits ("(12) 421-23-72")."""
    return "".join(ch for ch in (text or "") if ch.isascii() and ch.isdigit())[:12]


def owned_line(port: CallRecordsPort, fin: str, key: str | None) -> Landline | None:
    """The citizen's own line with this key, or None (not theirs, or no such line)."""
    wanted = parse_line_key(key)
    return next((line for line in port.landlines_of(fin) if line.key == wanted), None)


def records_for(port: CallRecordsPort, fin: str, key: str | None,
                now: datetime) -> Records | None:
    line = owned_line(port, fin, key)
    if line is None:
        return None
    calls = tuple(sorted(port.calls_this_month(line, now), key=lambda c: c.started_at))
    return Records(line, month_start(now), calls, totals(calls))


def month_start(now: datetime) -> datetime:
    """00:00 on the 1st of the current month in Baku, as naive UTC."""
    local = now.replace(tzinfo=timezone.utc).astimezone(BAKU)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(timezone.utc).replace(tzinfo=None)


def to_baku(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(BAKU)
