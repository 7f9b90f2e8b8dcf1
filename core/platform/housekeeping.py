"""Nightly housekeeping, run by the job consumer: forget what nobody needs any more — drafts
abandoned for two days, sessions ended a month ago, old failure counters and security codes,
Asan İmza and e-gov identity requests a day after they expired, and the reply address of
feedback once a reply has had its time."""
from __future__ import annotations

import logging
from datetime import datetime

from huey import crontab

from core.auth import asan_imza, egov_identity, sessions
from core.feedback import store as feedback
from core.kernel.db import transaction, utcnow
from core.platform import drafts, job_queue, ratelimit, security_code, this_process

log = logging.getLogger("egov.housekeeping")


def purge_all(factory, now: datetime | None = None) -> dict[str, int]:
    """Delete what has expired; returns how many rows of each kind went."""
    now = now or utcnow()
    with transaction(factory) as session:
        return {
            "drafts": drafts.purge_expired(session, now),
            "sessions": sessions.purge(session, now),
            "rate_counters": ratelimit.purge_stale(session, now),
            "security_codes": security_code.purge_expired(session, now),
            "asan_imza_requests": asan_imza.purge_expired(session, now),
            "egov_identity_requests": egov_identity.purge_expired(session, now),
            "feedback_reply_addresses": feedback.forget_reply_addresses(session, now),
        }


@job_queue.huey.periodic_task(crontab(minute="17", hour="3"))
def nightly_housekeeping() -> None:
    log.info("housekeeping: %s", purge_all(this_process.session_factory()))
