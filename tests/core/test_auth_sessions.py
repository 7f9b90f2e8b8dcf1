"""Citizen sessions: server-side records, idle expiry, 500 minutes for Güzəştli mənzil,
one session per citizen where the service demands it, sign-out everywhere."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

from core.auth import Identity, Method
from core.auth import sessions
from core.auth.sessions import Admission, DEFAULT_IDLE, MAX_LIFETIME
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.sandbox.citizens import AYSEL
from core.auth.models import CitizenSession
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures

HOUSING = "guzestli-menzil"
CALLS = "seherlerarasi-danisiqlar"
BY_ASAN = Identity(AYSEL.fin, AYSEL.full_name, Method.ASAN_IMZA)
BY_PASSWORD = Identity(AYSEL.fin, AYSEL.full_name, Method.PASSWORD)


def open_(factory, identity=BY_ASAN, service=None, now=None):
    with transaction(factory) as db:
        return sessions.open_session(db, identity, service_slug=service, now=now)


def current(factory, token, now=None):
    with transaction(factory) as db:
        record = sessions.current(db, token, now=now)
        return record and (record.fin, record.method, record.idle_seconds)


def test_a_session_is_found_by_its_cookie_id_which_is_stored_only_hashed(factory):
    opened = open_(factory)
    assert opened.admission is Admission.ADMITTED
    assert current(factory, opened.token) == (AYSEL.fin, "asan_imza", 30 * 60)
    with transaction(factory) as db:
        assert db.get(CitizenSession, opened.token) is None
        assert db.get(CitizenSession, sessions.hash_token(opened.token)) is not None
    assert current(factory, "made-up-id") is None and current(factory, None) is None


def test_an_idle_session_expires_and_activity_keeps_one_alive(factory):
    now = utcnow()
    idle, busy = open_(factory, now=now), open_(factory, now=now)
    for minutes in (20, 40, 60):
        assert current(factory, busy.token, now=now + timedelta(minutes=minutes))
    assert current(factory, idle.token, now=now + DEFAULT_IDLE + timedelta(minutes=30)) is None
    with transaction(factory) as db:
        record = db.get(CitizenSession, sessions.hash_token(idle.token))
        assert record.end_reason == "expired"
        assert record.ended_at <= now + DEFAULT_IDLE + timedelta(minutes=30)


def test_a_session_left_alone_for_exactly_the_idle_time_has_ended(factory):
    now = utcnow()
    opened = open_(factory, now=now)
    assert current(factory, opened.token, now=now + DEFAULT_IDLE - timedelta(seconds=1))
    assert current(factory, opened.token,
                   now=now + DEFAULT_IDLE - timedelta(seconds=1) + DEFAULT_IDLE) is None


def test_no_session_outlives_the_maximum_however_busy(factory):
    now = utcnow()
    opened = open_(factory, now=now)
    moment = now
    while moment < now + MAX_LIFETIME - timedelta(minutes=10):
        moment += timedelta(minutes=10)
        assert current(factory, opened.token, now=moment)
    assert current(factory, opened.token, now=now + MAX_LIFETIME) is None


def test_signing_out_ends_the_session_for_every_process(auth_db):
    url, first = auth_db
    second = make_session_factory(make_engine(url))
    opened = open_(first)
    assert current(second, opened.token)
    with transaction(first) as db:
        assert sessions.end(db, opened.token)
        assert not sessions.end(db, opened.token)
    assert current(second, opened.token) is None
    assert current(first, opened.token) is None


def test_housing_needs_an_enhanced_signature_and_stays_active_for_500_minutes(factory):
    assert open_(factory, BY_PASSWORD, HOUSING).admission is Admission.WRONG_METHOD
    now = utcnow()
    opened = open_(factory, BY_ASAN, HOUSING, now=now)
    assert opened.admission is Admission.ADMITTED
    assert current(factory, opened.token, now=now + timedelta(minutes=499))[2] == 500 * 60
    later = now + timedelta(minutes=499) + timedelta(minutes=500)
    assert current(factory, opened.token, now=later) is None


def test_a_second_housing_session_is_refused_until_the_first_signs_out(factory):
    first = open_(factory, service=HOUSING)
    second = open_(factory, Identity(AYSEL.fin, AYSEL.full_name, Method.EIMZA), HOUSING)
    assert second.admission is Admission.OTHER_SESSION_ACTIVE and second.token is None
    with transaction(factory) as db:
        sessions.end(db, first.token)
    assert open_(factory, service=HOUSING).admission is Admission.ADMITTED


def test_a_second_housing_session_is_admitted_once_the_first_has_expired(factory):
    now = utcnow()
    first = open_(factory, service=HOUSING, now=now)
    after = now + timedelta(minutes=501)
    assert open_(factory, service=HOUSING, now=after).admission is Admission.ADMITTED
    with transaction(factory) as db:
        record = db.get(CitizenSession, sessions.hash_token(first.token))
        assert record.end_reason == "expired" and record.exclusive_key is None


def test_services_without_the_rule_allow_several_sessions(factory):
    assert all(open_(factory, service=CALLS).admission is Admission.ADMITTED for _ in range(3))
    with transaction(factory) as db:
        assert len(sessions.active_sessions(db, AYSEL.fin)) == 3


def test_a_session_entering_housing_claims_it_and_a_password_session_may_not(factory):
    by_asan = open_(factory, service=CALLS)
    by_password = open_(factory, BY_PASSWORD, CALLS)
    other = open_(factory, service=CALLS)
    with transaction(factory) as db:
        record = sessions.current(db, by_password.token)
        assert sessions.enter_service(db, record, HOUSING) is Admission.WRONG_METHOD
        record = sessions.current(db, by_asan.token)
        assert sessions.enter_service(db, record, HOUSING) is Admission.ADMITTED
        assert sessions.enter_service(db, record, HOUSING) is Admission.ADMITTED  # again: fine
        assert record.idle_seconds == 500 * 60
        record = sessions.current(db, other.token)
        assert sessions.enter_service(db, record, HOUSING) is Admission.OTHER_SESSION_ACTIVE
        assert sessions.enter_service(db, record, CALLS) is Admission.ADMITTED


def _open_housing_in_another_process(url: str) -> str:
    factory = make_session_factory(make_engine(url))
    return open_(factory, service=HOUSING).admission.value


def test_processes_signing_in_at_once_get_one_housing_session_between_them(auth_db):
    url, factory = auth_db
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_open_housing_in_another_process, [url] * 4))
    assert sorted(results) == ["admitted"] + ["other_session_active"] * 3
    with transaction(factory) as db:
        assert len(sessions.active_sessions(db, AYSEL.fin)) == 1


def test_old_records_are_purged(factory):
    now = utcnow()
    open_(factory, now=now - MAX_LIFETIME - sessions.KEEP_ENDED - timedelta(days=1))
    kept = open_(factory, now=now)
    with transaction(factory) as db:
        assert sessions.purge(db, now=now) == 1
    assert current(factory, kept.token)


def test_a_long_sessions_last_visit_is_written_seldom_a_short_ones_every_half_minute(factory):
    now = utcnow()
    housing, short = open_(factory, service=HOUSING, now=now), open_(factory, now=now)

    def seen(token):
        with transaction(factory) as db:
            return db.get(CitizenSession, sessions.hash_token(token)).last_seen_at

    for token in (housing.token, short.token):
        current(factory, token, now=now + timedelta(seconds=31))
    assert seen(short.token) == now + timedelta(seconds=31)
    assert seen(housing.token) == now  # 500 minutes idle: written every 8⅓ minutes at most
    current(factory, housing.token, now=now + timedelta(minutes=8, seconds=21))
    assert seen(housing.token) == now + timedelta(minutes=8, seconds=21)
