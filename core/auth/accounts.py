"""Portal accounts for signing in with login and password.

A failure never says whether the login exists: the same outcome, the same work (a dummy hash
is verified for unknown logins) and the same rate limit, counted per login and per client."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth import Identity, Method
from core.auth.passwords import hash_password, needs_rehash, verify_password
from core.kernel.db import utcnow
from core.auth.models import Account
from core.platform.ratelimit import RateLimit

LOGIN_FAILURES = RateLimit("signin-login", max_failures=5, window=timedelta(minutes=15))
CLIENT_FAILURES = RateLimit("signin-client", max_failures=50, window=timedelta(minutes=15))
MIN_PASSWORD_LENGTH = 10


class PasswordOutcome(str, Enum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"  # login unknown or password wrong: deliberately one outcome
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class PasswordResult:
    outcome: PasswordOutcome
    identity: Identity | None = None
    retry_after: timedelta = timedelta(0)


def normalise_login(login: str) -> str:
    return unicodedata.normalize("NFKC", login or "").strip().casefold()[:80]


def create_account(session: Session, *, fin: str, full_name: str, login: str,
                   password: str, password_hash: str | None = None) -> Account:
    if password_hash is None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    account = Account(fin=fin, full_name=full_name, login=normalise_login(login),
                      password_hash=password_hash or hash_password(password))
    session.add(account)
    session.flush()
    return account


def find_by_login(session: Session, login: str) -> Account | None:
    return session.execute(
        select(Account).where(Account.login == normalise_login(login))
    ).scalar_one_or_none()


def authenticate(session: Session, login: str, password: str, *, client: str = "",
                 now: datetime | None = None) -> PasswordResult:
    """Check a login and password. The caller commits, so failures are counted even though
    the citizen sees an error."""
    now = now or utcnow()
    login_key = normalise_login(login)
    for limit, subject in ((LOGIN_FAILURES, login_key), (CLIENT_FAILURES, client)):
        if subject and limit.is_blocked(session, subject, now):
            return PasswordResult(PasswordOutcome.TOO_MANY,
                                  retry_after=limit.retry_after(session, subject, now))

    account = find_by_login(session, login_key) if login_key else None
    if not verify_password(account.password_hash if account else None, password or ""):
        if login_key:
            LOGIN_FAILURES.record_failure(session, login_key, now)
        if client:
            CLIENT_FAILURES.record_failure(session, client, now)
        return PasswordResult(PasswordOutcome.WRONG)

    LOGIN_FAILURES.reset(session, login_key)
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return PasswordResult(PasswordOutcome.SIGNED_IN,
                          Identity(account.fin, account.full_name, Method.PASSWORD))
