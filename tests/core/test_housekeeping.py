"""Nightly housekeeping forgets expired drafts, long-ended sessions, stale failure counters,
old security codes and sign-in requests, and keeps everything still in use."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from core.auth.asan_imza import Purpose
from core.auth.models import AsanRequest, CitizenSession, EgovIdentityRequest
from core.kernel.db import transaction, utcnow
from core.sandbox.asan_imza import SandboxAsanImza
from core.sandbox.egov_identity import SandboxEgovIdentity
from core.platform import drafts, housekeeping, job_queue
from core.platform.models import Draft, RateCounter, SecurityChallenge
from core.platform.ratelimit import RateLimit
from core.platform.security_code import SecurityCodes
from core.sandbox.citizens import AYSEL
from core.worker import TASK_MODULES


def count(factory, model) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_housekeeping_purges_only_what_has_expired(factory):
    now = utcnow()
    limit = RateLimit("housekeeping-test", 3, timedelta(minutes=15))
    codes = SecurityCodes("secret", sandbox=False, clock=lambda: now - timedelta(days=3))
    with transaction(factory) as session:
        old = drafts.create(session, "some-service")
        old.updated_at = now - timedelta(days=3)
        drafts.create(session, "some-service")
        limit.record_failure(session, "old-client", now=now - timedelta(days=2))
        limit.record_failure(session, "new-client", now=now)
        shown = codes.issue()
        codes.check(session, shown.id, shown.code)  # answered: its nonce is kept
    before = {model: count(factory, model) for model in (Draft, RateCounter, SecurityChallenge)}
    purged = housekeeping.purge_all(factory, now)
    assert purged["drafts"] == 1 and purged["rate_counters"] == 1
    assert purged["security_codes"] == 1
    assert count(factory, Draft) == before[Draft] - 1
    assert count(factory, RateCounter) == before[RateCounter] - 1
    assert count(factory, SecurityChallenge) == before[SecurityChallenge] - 1
    assert purged["sessions"] == 0 and count(factory, CitizenSession) >= 0


def test_sign_in_requests_go_a_day_after_they_expired_and_live_ones_stay(factory):
    now = utcnow()
    two_days_ago = now - timedelta(days=2)
    asan = SandboxAsanImza()
    with transaction(factory) as session:
        for when in (two_days_ago, now):
            asan.start(session, mobile=AYSEL.mobile, user_id=AYSEL.asan_user_id,
                       purpose=Purpose.SIGN_IN, now=when)
            SandboxEgovIdentity(clock=lambda when=when: when).start(session)
    before = {model: count(factory, model) for model in (AsanRequest, EgovIdentityRequest)}
    purged = housekeeping.purge_all(factory, now)
    assert purged["asan_imza_requests"] >= 1 and purged["egov_identity_requests"] >= 1
    for model, key in ((AsanRequest, "asan_imza_requests"),
                       (EgovIdentityRequest, "egov_identity_requests")):
        assert count(factory, model) == before[model] - purged[key] >= 1
    with transaction(factory) as session:
        kept = session.scalars(select(AsanRequest.expires_at)).all()
        kept += session.scalars(select(EgovIdentityRequest.expires_at)).all()
    assert kept and min(kept) > now - timedelta(days=1)


def test_the_consumer_runs_housekeeping_every_night_at_03_17():
    assert housekeeping in TASK_MODULES
    due = {task.name for task in job_queue.huey.read_periodic(datetime(2026, 7, 1, 3, 17))}
    assert "nightly_housekeeping" in due
    assert "nightly_housekeeping" not in {
        task.name for task in job_queue.huey.read_periodic(datetime(2026, 7, 1, 12, 0))}
