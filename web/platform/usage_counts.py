"""The usage counts ("İstifadə sayı") as pages show them, and uses counted once, not per view.

Each process keeps a copy of every service's count, read again at most every REFRESH_SECONDS,
so a kept catalogue page is answered without a database round trip; it is read again at once
after this process has counted a use, so a citizen sees their own. A service whose pages are
its use (the call records, the e-cabinet) counts one use per signed-in session: the first page,
not every view (count_use_once); one that needs no sign-in counts each answer it shows
(count_use). Which sessions have counted is kept in the process (none in the cookie), so
with several processes a session may count once in each."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.platform import usage
from web.auth.guard import current_citizen
from web.platform.db import reading, write

REFRESH_SECONDS = 1.5
COUNTED_SESSIONS_LIMIT = 50_000  # (session, service) pairs remembered; the oldest go first
_uses_counted_here = [0]  # commits in this process that counted a use, by any session


@dataclass
class _Counts:
    values: dict[str, int] = field(default_factory=dict)
    read_at: float = float("-inf")
    uses_counted_here: int = -1  # as of the last read
    counted: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _counts() -> _Counts:
    return current_app.extensions["egov_usage_counts"]


def shown_count(service_slug: str) -> int:
    """The service's count as of at most REFRESH_SECONDS ago."""
    counts = _counts()
    counted_here = _uses_counted_here[0]
    if (time.monotonic() - counts.read_at >= REFRESH_SECONDS
            or counts.uses_counted_here != counted_here):
        with reading() as reader:
            values = usage.all_counts(reader)
        counts.values, counts.read_at = values, time.monotonic()
        counts.uses_counted_here = counted_here
    return counts.values.get(service_slug, 0)


def count_use(service_slug: str) -> None:
    """Count one use of the service now: a completed application, or an answer a service
    that needs no sign-in has shown (with no session to count once for, each is a use)."""
    write(lambda session: usage.record_completion(session, service_slug))


def count_use_once(service_slug: str) -> None:
    """Count the signed-in citizen's use of the service, once for their session."""
    counts, pair = _counts(), (current_citizen().session_hash, service_slug)
    with counts.lock:
        if pair in counts.counted:
            return
        counts.counted[pair] = True
        if len(counts.counted) > COUNTED_SESSIONS_LIMIT:
            counts.counted.popitem(last=False)
    try:
        count_use(service_slug)
    except BaseException:
        counts.counted.pop(pair, None)
        raise


def _read_again_after_a_count(session: Session) -> None:
    if session.info.pop(usage.CHANGED, False):
        _uses_counted_here[0] += 1


def init_app(app: Flask) -> None:
    app.extensions["egov_usage_counts"] = _Counts()
    if not event.contains(Session, "after_commit", _read_again_after_a_count):
        event.listen(Session, "after_commit", _read_again_after_a_count)
