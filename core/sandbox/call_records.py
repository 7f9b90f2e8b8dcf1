"""The sandbox telephone operator's call records (demo-data.md, "Calls this month"): the demo
lines with calls dated relative to today, always inside the current month in Baku time.

One operator keeps both the calls and the line's "şəhərlərarası danışıqlar üzrə cari borc"
(the debt bill payment settles): given the database, the calls are read against the sandbox
billing system's ledger of that debt, so paying it (in full or in part) marks the calls paid,
oldest first, and the call list and the debt always tell the same story."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy.orm import Session, sessionmaker

from core.call_records.records import BAKU, Call, Dialled, month_start, to_baku
from core.kernel.db import make_session_factory, read_only, transaction
from core.kernel.phones import Landline
from core.sandbox.billing import long_distance_debt
from core.sandbox.citizens import AYSEL, RESHAD


@dataclass(frozen=True)
class CallPattern:
    """A call placed relative to the month: at `share` of the days gone so far, at `at` o'clock
    (Baku). Seed 003, Şəkil 5: 08.07 16:11, 11.07 09:15, 10:00, 10:11, 22.07 10:51."""

    share: float
    at: time
    duration_seconds: int
    dialled: Dialled
    amount: int
    paid: bool = False


AYSEL_LINE = Landline(*AYSEL.landline)
RESHAD_LINE = Landline(*RESHAD.landline)

DEMO_HOLDERS: dict[str, tuple[Landline, ...]] = {
    AYSEL.fin: (AYSEL_LINE,),
    RESHAD.fin: (RESHAD_LINE,),
}
DEMO_CALLS: dict[Landline, tuple[CallPattern, ...]] = {
    # demo-data.md: 72, 20, 286, 108, 35 s; 0.28, 0.02, 0.24, 0.09, 0.17 AZN; all unpaid: 0.80.
    AYSEL_LINE: (
        CallPattern(7 / 30, time(16, 11), 72, Dialled("90", "212", "5550101"), 28),
        CallPattern(10 / 30, time(9, 15), 20, Dialled("994", "22", "2564578"), 2),
        CallPattern(10 / 30, time(10, 0), 286, Dialled("994", "18", "5552233"), 24),
        CallPattern(10 / 30, time(10, 11), 108, Dialled("994", "25", "2245566"), 9),
        CallPattern(21 / 30, time(10, 51), 35, Dialled("7", "495", "1234567"), 17),
    ),
    # At least three, one paid; the unpaid ones make the 3.15 AZN "şəhərlərarası cari" debt.
    RESHAD_LINE: (
        CallPattern(3 / 30, time(11, 42), 412, Dialled("90", "312", "4440202"), 165),
        CallPattern(9 / 30, time(18, 5), 64, Dialled("994", "22", "2561010"), 26, paid=True),
        CallPattern(18 / 30, time(9, 30), 180, Dialled("7", "812", "3334455"), 108),
        CallPattern(25 / 30, time(20, 17), 152, Dialled("994", "12", "4987766"), 42),
    ),
}


class SandboxCallRecords:
    def __init__(self, holders: dict[str, tuple[Landline, ...]] | None = None,
                 calls: dict[Landline, tuple[CallPattern, ...]] | None = None,
                 session_factory: sessionmaker[Session] | None = None):
        self.holders = DEMO_HOLDERS if holders is None else holders
        self.calls = DEMO_CALLS if calls is None else calls
        self.session_factory = session_factory  # the billing ledger; None: the patterns alone
        # a page of calls only reads the ledger: no write lock for it (on SQLite)
        bind = session_factory.kw.get("bind") if session_factory is not None else None
        self._reader = make_session_factory(read_only(bind)) if bind is not None \
            else session_factory

    def landlines_of(self, fin: str) -> list[Landline]:
        return list(self.holders.get(fin, ()))

    def calls_this_month(self, line: Landline, now: datetime) -> list[Call]:
        patterns = self.calls.get(line, ())
        paid = settled(patterns, self._current_debt(line))
        return [Call(moment, p.duration_seconds, p.dialled, p.amount, is_paid)
                for p, moment, is_paid in zip(patterns, place(patterns, now), paid)]

    def _current_debt(self, line: Landline) -> int | None:
        if self.session_factory is None:
            return None
        with transaction(self._reader) as session:
            return long_distance_debt(session, line)


def settled(patterns: tuple[CallPattern, ...], current_debt: int | None) -> list[bool]:
    """Which calls are paid: the ones paid from the start, and then, oldest first, as many of
    the others as what has been paid off the current debt covers (the unpaid calls' amounts
    are that debt as first billed)."""
    paid = [p.paid for p in patterns]
    if current_debt is None:
        return paid
    billed = sum(p.amount for p in patterns if not p.paid)
    paid_off = billed - max(current_debt, 0)
    for index, pattern in enumerate(patterns):
        if not pattern.paid and pattern.amount <= paid_off:
            paid[index] = True
            paid_off -= pattern.amount
        elif not pattern.paid:
            break
    return paid


def place(patterns: tuple[CallPattern, ...], now: datetime) -> list[datetime]:
    """When each call happened (naive UTC): on the pattern's day and hour when that keeps the
    calls in order and finished before now; early in a month, spread evenly instead."""
    start = month_start(now)
    local_start = to_baku(start)
    days_gone = (to_baku(now).date() - local_start.date()).days
    moments = []
    for p in patterns:
        day = local_start.date() + timedelta(days=int(p.share * days_gone))
        local = datetime.combine(day, p.at, tzinfo=BAKU)
        moments.append(local.astimezone(timezone.utc).replace(tzinfo=None))
    ends_in_time = all(m + timedelta(seconds=p.duration_seconds) <= now
                       for m, p in zip(moments, patterns))
    if moments == sorted(moments) and ends_in_time and all(m >= start for m in moments):
        return moments
    span = (now - start) / (len(patterns) + 1)
    return [(start + span * (i + 1)).replace(microsecond=0) for i in range(len(patterns))]
