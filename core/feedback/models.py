"""One row per feedback form sent: an answer (Bəli / Xeyr) or a problem report."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow

ANSWER, PROBLEM = "answer", "problem"


class FeedbackEntry(Base):
    __tablename__ = "feedback_entry"
    __table_args__ = (Index("ix_feedback_entry_service_day", "service_slug", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The random nonce of the form it was sent from: the same form sent twice (a double
    # click, a retry) is the same entry. It names no citizen and no session.
    ticket: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    service_slug: Mapped[str] = mapped_column(String(80), nullable=False)
    page: Mapped[str] = mapped_column(String(40), nullable=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # answer | problem
    helpful: Mapped[bool | None] = mapped_column(Boolean)  # answers: Bəli True, Xeyr False
    doing: Mapped[str | None] = mapped_column(Text)  # problems, masked
    went_wrong: Mapped[str | None] = mapped_column(Text)  # problems, masked
    # Only when the citizen asked for a reply; forgotten after REPLY_ADDRESS_DAYS.
    reply_to: Mapped[str | None] = mapped_column(String(254))
    masked: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)  # the date in Baku, for counts
