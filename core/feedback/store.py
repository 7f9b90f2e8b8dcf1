"""Keeping feedback and reading it back for the agency.

    record(session, Feedback(ticket, "guzestli-menzil", "cabinet", "az", helpful=True))
    daily_counts(session, since)      # [DayCount(service, day, yes, no)], newest day first
    problems(session, limit=100)      # problem reports, newest first
    export_rows(session)              # every entry, newest first, for the CSV

A form sent twice (the same ticket) is stored once: the ticket's unique constraint decides,
not a look-up before the insert, so two presses at once still make one row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.feedback.masking import mask
from core.feedback.models import ANSWER, PROBLEM, FeedbackEntry
from core.kernel.db import utcnow

BAKU = ZoneInfo("Asia/Baku")
UTC = ZoneInfo("UTC")
MAX_TEXT = 1200  # characters of each text field the forms accept
REPLY_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Feedback:
    ticket: str
    service_slug: str
    page: str
    language: str
    helpful: bool | None = None  # an answer: Bəli / Xeyr
    doing: str | None = None  # a problem report: what the citizen was trying to do
    went_wrong: str | None = None  # … and what went wrong
    reply_to: str | None = None

    @property
    def kind(self) -> str:
        return ANSWER if self.helpful is not None else PROBLEM


@dataclass(frozen=True)
class DayCount:
    service_slug: str
    day: date
    yes: int
    no: int


def baku_day(moment: datetime) -> date:
    return moment.replace(tzinfo=UTC).astimezone(BAKU).date()


def record(session: Session, feedback: Feedback, now: datetime | None = None) -> bool:
    """Store `feedback` masked; False when its ticket was stored already (nothing changes)."""
    now = now or utcnow()
    doing, went_wrong = mask(_bounded(feedback.doing)), mask(_bounded(feedback.went_wrong))
    entry = FeedbackEntry(
        ticket=feedback.ticket, service_slug=feedback.service_slug, page=feedback.page,
        language=feedback.language, kind=feedback.kind, helpful=feedback.helpful,
        doing=doing.text or None, went_wrong=went_wrong.text or None,
        reply_to=(feedback.reply_to or "").strip()[:254] or None,
        masked=doing.count + went_wrong.count, created_at=now, day=baku_day(now))
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:  # this form was sent already
        return False
    return True


def _bounded(text: str | None) -> str | None:
    return text[:MAX_TEXT] if text else text


def daily_counts(session: Session, since: date) -> list[DayCount]:
    yes = func.sum(case((FeedbackEntry.helpful.is_(True), 1), else_=0))
    no = func.sum(case((FeedbackEntry.helpful.is_(False), 1), else_=0))
    rows = session.execute(
        select(FeedbackEntry.service_slug, FeedbackEntry.day, yes, no)
        .where(FeedbackEntry.kind == ANSWER, FeedbackEntry.day >= since)
        .group_by(FeedbackEntry.service_slug, FeedbackEntry.day)
        .order_by(FeedbackEntry.day.desc(), FeedbackEntry.service_slug))
    return [DayCount(service, day, int(y or 0), int(n or 0)) for service, day, y, n in rows]


def problems(session: Session, limit: int = 100,
             service_slug: str | None = None) -> list[FeedbackEntry]:
    query = select(FeedbackEntry).where(FeedbackEntry.kind == PROBLEM)
    if service_slug:
        query = query.where(FeedbackEntry.service_slug == service_slug)
    query = query.order_by(FeedbackEntry.created_at.desc(), FeedbackEntry.id.desc()).limit(limit)
    return list(session.scalars(query))


def export_rows(session: Session) -> Iterator[FeedbackEntry]:
    """Every entry, newest first, read in batches (the CSV streams them)."""
    query = (select(FeedbackEntry)
             .order_by(FeedbackEntry.created_at.desc(), FeedbackEntry.id.desc())
             .execution_options(yield_per=500))
    yield from session.scalars(query)


def forget_reply_addresses(session: Session, now: datetime | None = None) -> int:
    """A reply address is kept only as long as a reply takes (nightly housekeeping)."""
    cutoff = (now or utcnow()) - timedelta(days=REPLY_ADDRESS_DAYS)
    return session.execute(
        update(FeedbackEntry)
        .where(FeedbackEntry.reply_to.is_not(None), FeedbackEntry.created_at < cutoff)
        .values(reply_to=None)).rowcount or 0
