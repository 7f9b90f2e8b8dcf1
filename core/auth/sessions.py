"""Server-side citizen sessions.

The browser holds only a random session id (in the signed cookie); the record here says who
signed in, how, until when, and whether it has ended. Ending the record signs the citizen out
in every tab and every app process at once.

A session ends when idle for longer than its idle time (the portal's default, or the longer one
of a service it has entered: Güzəştli mənzil keeps a session active for 500 minutes), after
MAX_LIFETIME in any case, or when the citizen signs out. A service with `single_session` in
the catalogue admits one session per citizen at a time: another browser is refused until the
first signs out or expires (seed 004), or until the citizen ends that other session from the new
browser by signing in once more with a method the service accepts (`take_over`): a browser that
crashed or a computer left elsewhere does not lock them out for the whole idle time."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.platform import catalogue
from core.auth import ALL_METHODS, Identity, Method
from core.kernel.db import delete_older_than, utcnow
from core.auth.models import CitizenSession

DEFAULT_IDLE = timedelta(minutes=30)
MAX_LIFETIME = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen_at is written at most this often, or at most
TOUCH_SHARE = 60  # every 1/60 of a longer idle time (500 minutes: every 8⅓ minutes)
KEEP_ENDED = timedelta(days=30)


class EndReason(str, Enum):
    SIGNED_OUT = "signed_out"
    EXPIRED = "expired"
    REPLACED = "replaced"  # ended from another browser by signing in again (take_over)


class Admission(str, Enum):
    ADMITTED = "admitted"
    WRONG_METHOD = "wrong_method"                   # e.g. password where e-signature is required
    OTHER_SESSION_ACTIVE = "other_session_active"   # single-session service held elsewhere


@dataclass(frozen=True)
class Policy:
    methods: tuple[Method, ...] = ALL_METHODS
    idle: timedelta | None = None
    single_session: bool = False


def policy(service_slug: str | None) -> Policy:
    service = catalogue.service(service_slug) if service_slug else None
    if service is None or not service.sign_in_methods:
        return Policy()
    return Policy(
        methods=tuple(Method(m) for m in service.sign_in_methods),
        idle=timedelta(minutes=service.session_minutes) if service.session_minutes else None,
        single_session=service.single_session,
    )


@dataclass(frozen=True)
class Opened:
    admission: Admission
    token: str | None = None          # goes into the cookie; never stored
    record: CitizenSession | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Session, identity: Identity, *, service_slug: str | None = None,
                 idle: timedelta = DEFAULT_IDLE, now: datetime | None = None,
                 take_over: bool = False) -> Opened:
    """Start a session after a successful sign-in, for the service the citizen came for.
    `take_over`: the citizen asked to end their other session of a single-session service."""
    now = now or utcnow()
    rules = policy(service_slug)
    if identity.method not in rules.methods:
        return Opened(Admission.WRONG_METHOD)
    token = secrets.token_urlsafe(32)
    idle = max(idle, rules.idle or idle)
    record = CitizenSession(
        id_hash=hash_token(token), fin=identity.fin, full_name=identity.full_name,
        method=identity.method.value, created_at=now, last_seen_at=now,
        idle_seconds=int(idle.total_seconds()), expires_at=now + max(MAX_LIFETIME, idle),
        service_slug=service_slug,
    )
    if rules.single_session:
        if not _claim(db, record, service_slug, now, new=True, take_over=take_over):
            return Opened(Admission.OTHER_SESSION_ACTIVE)
    else:
        db.add(record)
        db.flush()
    return Opened(Admission.ADMITTED, token, record)


def current(db: Session, token: str | None, now: datetime | None = None) -> CitizenSession | None:
    """The live session behind a cookie's id, or None. Ends it if it has expired."""
    if not token:
        return None
    now = now or utcnow()
    record = find(db, token)
    if record is None or record.ended_at is not None:
        return None
    if not is_live(record, now):
        _finish(record, EndReason.EXPIRED, now)
        db.flush()
        return None
    if now - record.last_seen_at >= touch_every(record):
        record.last_seen_at = now
        db.flush()
    return record


def find(db: Session, token: str | None) -> CitizenSession | None:
    """The session behind a cookie's id as stored (live, ended or expired), changing nothing."""
    return db.get(CitizenSession, hash_token(token)) if token else None


def current_changes(record: CitizenSession, now: datetime) -> bool:
    """Would current() write this session (end it as expired, or note that it was seen)?"""
    return record.ended_at is None and (
        not is_live(record, now) or now - record.last_seen_at >= touch_every(record))


def touch_every(record: CitizenSession) -> timedelta:
    """How often a session's last_seen_at is written: a 500-minute session of a sale day needs
    no write every 30 s (its end moves by at most a sixtieth of the idle time)."""
    return max(TOUCH_EVERY, timedelta(seconds=record.idle_seconds / TOUCH_SHARE))


def is_live(record: CitizenSession, now: datetime) -> bool:
    return (record.ended_at is None and now < record.expires_at
            and now - record.last_seen_at < timedelta(seconds=record.idle_seconds))


def idle_deadline(record: CitizenSession) -> datetime:
    return min(record.expires_at, record.last_seen_at + timedelta(seconds=record.idle_seconds))


def entered(record, service_slug: str) -> bool:
    """Has this session (a record, or a snapshot with its fin, method, exclusive_key and
    idle_seconds) entered the service already, so that enter_service would change nothing?
    A page of the service then needs no second look at the record."""
    rules = policy(service_slug)
    if Method(record.method) not in rules.methods:
        return False
    if rules.single_session and record.exclusive_key != _key(record.fin, service_slug):
        return False
    return not (rules.idle and rules.idle.total_seconds() > record.idle_seconds)


def enter_service(db: Session, record: CitizenSession, service_slug: str,
                  now: datetime | None = None) -> Admission:
    """May this session use the service? Claims the service for it where only one session
    per citizen is allowed, and lengthens the idle time where the service sets a longer one."""
    now = now or utcnow()
    rules = policy(service_slug)
    if Method(record.method) not in rules.methods:
        return Admission.WRONG_METHOD
    if rules.single_session and record.exclusive_key != _key(record.fin, service_slug):
        if not _claim(db, record, service_slug, now, new=False):
            return Admission.OTHER_SESSION_ACTIVE
    if rules.idle and rules.idle.total_seconds() > record.idle_seconds:
        record.idle_seconds = int(rules.idle.total_seconds())
        record.expires_at = max(record.expires_at, record.created_at + rules.idle)
        db.flush()
    return Admission.ADMITTED


def end(db: Session, token: str | None, now: datetime | None = None) -> bool:
    """Sign out: the session ends for every tab and process that holds its id."""
    if not token:
        return False
    record = db.get(CitizenSession, hash_token(token))
    if record is None or record.ended_at is not None:
        return False
    _finish(record, EndReason.SIGNED_OUT, now or utcnow())
    db.flush()
    return True


def release_service(db: Session, service_slug: str) -> int:
    """Every session's hold on a one-session service lets go (the sandbox's sale reset): the
    next browser to enter claims it. A browser a tester closed or killed mid-run no longer
    refuses the same citizen for the whole idle time. The sessions themselves stay signed in."""
    result = db.execute(
        update(CitizenSession).where(CitizenSession.exclusive_key.like(_key("%", service_slug)))
        .values(exclusive_key=None))
    return result.rowcount or 0


def active_sessions(db: Session, fin: str, now: datetime | None = None) -> list[CitizenSession]:
    now = now or utcnow()
    rows = db.execute(
        select(CitizenSession).where(CitizenSession.fin == fin, CitizenSession.ended_at.is_(None))
    ).scalars()
    return [row for row in rows if is_live(row, now)]


def purge(db: Session, now: datetime | None = None) -> int:
    """Delete records ended or expired more than KEEP_ENDED ago (a scheduled job's work)."""
    return delete_older_than(db, CitizenSession.expires_at, KEEP_ENDED, now)


def _key(fin: str, service_slug: str) -> str:
    return f"{fin}:{service_slug}"


def _claim(db: Session, record: CitizenSession, service_slug: str, now: datetime,
           *, new: bool, take_over: bool = False) -> bool:
    key = _key(record.fin, service_slug)
    holder = db.execute(
        select(CitizenSession).where(CitizenSession.exclusive_key == key).with_for_update()
    ).scalar_one_or_none()
    if holder is not None and holder is not record:
        if is_live(holder, now) and not take_over:
            return False
        _finish(holder, EndReason.REPLACED if is_live(holder, now) else EndReason.EXPIRED, now)
        db.flush()
    try:
        # The unique key settles a race between two processes that both saw no holder.
        with db.begin_nested():
            record.exclusive_key = key
            if new:
                db.add(record)
            db.flush()
    except IntegrityError:
        return False
    return True


def _finish(record: CitizenSession, reason: EndReason, now: datetime) -> None:
    record.ended_at = now if reason is not EndReason.EXPIRED else min(now, idle_deadline(record))
    record.end_reason = reason.value
    record.exclusive_key = None
