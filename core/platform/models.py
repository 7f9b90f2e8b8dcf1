"""Tables the whole portal shares: usage counts, step-by-step drafts, rate-limit counters,
security-code challenges."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class ServiceUsage(Base):
    __tablename__ = "service_usage"

    service_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class Draft(Base):
    """Answers a citizen has given so far in a step-by-step service, kept server-side."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_slug: Mapped[str] = mapped_column(String(80), nullable=False)
    data: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class RateCounter(Base):
    """Failures counted per key and fixed window; shared by every app process."""

    __tablename__ = "rate_counter"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class SecurityChallenge(Base):
    """"Təhlükəsizlik kodu" answered: the nonce of a signed challenge token, recorded when it is
    checked, so it is answered once. Nothing is stored when a code is shown; the code itself
    never is (it is derived from the token with the server's secret)."""

    __tablename__ = "security_challenge"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
