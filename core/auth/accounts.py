"""Portal accounts for signing in with login and password.

A failure never says whether the login exists: the same outcome, the same work (a dummy hash
is verified for unknown logins) and the same rate limits.

No stranger can lock a citizen out: failures stop a login only for the client that made them
(LOGIN_FAILURES counts a login and a client together; CLIENT_FAILURES a client trying many
logins). Failures for one login from many clients (ACCOUNT_FAILURES) never lock it: past a
few, a browser the citizen has not signed in from before must also pass a security code, and
the citizen's own browser (`known_browser`) signs in as always."""
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

LOGIN_FAILURES = RateLimit("signin-login-client", max_failures=5, window=timedelta(minutes=15))
CLIENT_FAILURES = RateLimit("signin-client", max_failures=50, window=timedelta(minutes=15))
ACCOUNT_FAILURES = RateLimit("signin-account", max_failures=10, window=timedelta(minutes=15))
KNOWN_BROWSER = "known-browser"  # the client of a browser the login has signed in from
MIN_PASSWORD_LENGTH = 10


class PasswordOutcome(str, Enum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"  # login unknown or password wrong: deliberately one outcome
    TOO_MANY = "too_many"  # this client, for this login (or for every login): wait
    CODE_NEEDED = "code_needed"  # many failures from elsewhere: pass a security code first


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
                 known_browser: bool = False, code_passed: bool = False,
                 now: datetime | None = None) -> PasswordResult:
    """Check a login and password. `client` is the address asking; `known_browser` says the
    browser proved it signed in with this login before (the web layer's signed mark);
    `code_passed` that it typed a right security code with this request. The caller
    commits, so failures are counted even though the citizen sees an error."""
    now = now or utcnow()
    login_key = normalise_login(login)
    if known_browser:
        client = KNOWN_BROWSER
    pair = f"{login_key}\x00{client}"
    limits = [(LOGIN_FAILURES, pair)]
    if not known_browser and client:
        limits.append((CLIENT_FAILURES, client))
    for limit, subject in limits:
        if limit.is_blocked(session, subject, now):
            return PasswordResult(PasswordOutcome.TOO_MANY,
                                  retry_after=limit.retry_after(session, subject, now))
    if (login_key and not known_browser and not code_passed
            and ACCOUNT_FAILURES.is_blocked(session, login_key, now)):
        return PasswordResult(PasswordOutcome.CODE_NEEDED)

    account = find_by_login(session, login_key) if login_key else None
    if not verify_password(account.password_hash if account else None, password or ""):
        LOGIN_FAILURES.record_failure(session, pair, now)
        if login_key:
            ACCOUNT_FAILURES.record_failure(session, login_key, now)
        if client and not known_browser:
            CLIENT_FAILURES.record_failure(session, client, now)
        return PasswordResult(PasswordOutcome.WRONG)

    LOGIN_FAILURES.reset(session, pair)
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return PasswordResult(PasswordOutcome.SIGNED_IN,
                          Identity(account.fin, account.full_name, Method.PASSWORD))


def code_needed(session: Session, login: str, *, known_browser: bool = False,
                now: datetime | None = None) -> bool:
    """Whether a sign-in with this login from an unknown browser must pass a security code."""
    login_key = normalise_login(login)
    return bool(login_key) and not known_browser and ACCOUNT_FAILURES.is_blocked(
        session, login_key, now or utcnow())
