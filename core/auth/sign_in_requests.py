"""What the two phone sign-ins (Asan İmza, e-gov identity) do alike with their requests: a
waiting request turns expired once its time is up, and nightly housekeeping deletes the ones
that expired more than KEEP_REQUESTS ago. Each keeps its own table and its own other states."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.kernel.db import delete_older_than

WAITING = "waiting"
EXPIRED = "expired"
KEEP_REQUESTS = timedelta(days=1)  # past expiry, for support asking about a failed sign-in


def expire_if_due(request, now: datetime) -> bool:
    """Mark a waiting `request` expired (as of its expiry time) when `now` is past it; True if
    it did. `request` is a row with `status`, `expires_at` and `decided_at`."""
    if request.status == WAITING and now >= request.expires_at:
        request.status, request.decided_at = EXPIRED, request.expires_at
        return True
    return False


def purge_expired(session: Session, request_table, now: datetime | None = None) -> int:
    """Delete the rows of `request_table` that expired more than KEEP_REQUESTS ago: none can
    be answered or consumed any more. Returns how many went."""
    return delete_older_than(session, request_table.expires_at, KEEP_REQUESTS, now)
