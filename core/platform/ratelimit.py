"""Fixed-window failure counters kept in the database, so every app process sees the same count
and a restart forgets nothing.

A counter's key is the limit's name and a keyed hash (HMAC-SHA256) of what it counts, never the
subject as typed: a password typed into the login field, or a client address, is not kept.
Every process that counts calls `configure_key(secret)` with the app's secret first (create_app
does), so they all agree on the key."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.kernel.db import delete_older_than, utcnow
from core.platform.models import RateCounter


# Until configured, a key of this process only: still never the subject as typed.
_hash_key: bytes = secrets.token_bytes(32)


def configure_key(secret: str | bytes) -> None:
    global _hash_key
    raw = secret.encode() if isinstance(secret, str) else secret
    _hash_key = hmac.new(raw, b"egov rate-limit keys", hashlib.sha256).digest()


def hashed(subject: str) -> str:
    return hmac.new(_hash_key, subject.encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class RateLimit:
    name: str
    max_failures: int
    window: timedelta

    def _key(self, subject: str) -> str:
        return f"{self.name[:100]}:{hashed(subject)}"

    def _current(self, session: Session, subject: str, now: datetime) -> RateCounter | None:
        row = session.execute(
            select(RateCounter).where(RateCounter.key == self._key(subject)).with_for_update()
        ).scalar_one_or_none()
        if row is not None and now - row.window_start >= self.window:
            row.window_start, row.count = now, 0
        return row

    def is_blocked(self, session: Session, subject: str, now: datetime | None = None) -> bool:
        row = self._current(session, subject, now or utcnow())
        return row is not None and row.count >= self.max_failures

    def retry_after(self, session: Session, subject: str, now: datetime | None = None) -> timedelta:
        now = now or utcnow()
        row = self._current(session, subject, now)
        if row is None or row.count < self.max_failures:
            return timedelta(0)
        return row.window_start + self.window - now

    def record_failure(self, session: Session, subject: str, now: datetime | None = None) -> int:
        now = now or utcnow()
        row = self._current(session, subject, now)
        if row is None:
            row = RateCounter(key=self._key(subject), window_start=now, count=0)
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # another process created it first
                row = self._current(session, subject, now)
        row.count += 1
        session.flush()
        return row.count

    def reset(self, session: Session, subject: str) -> None:
        row = session.get(RateCounter, self._key(subject))
        if row is not None:
            session.delete(row)
            session.flush()


def purge_stale(session: Session, now: datetime | None = None,
                older_than: timedelta = timedelta(days=1)) -> int:
    """Forget counters whose window started long ago (longer than any limit's window)."""
    return delete_older_than(session, RateCounter.window_start, older_than, now)
