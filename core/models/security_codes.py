"""Security-code challenges ("Təhlükəsizlik kodu"): single use, expiring.

The code itself is never stored: it is derived from the id with the server's secret."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class SecurityChallenge(Base):
    __tablename__ = "security_challenge"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
