"""Signing in with login and password: real hashes, one generic failure, a persisted limit."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.auth import Method
from core.auth.accounts import (
    LOGIN_FAILURES, PasswordOutcome, authenticate, create_account, normalise_login,
)
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import Account
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures


def sign_in(factory, login, password, client="203.0.113.5", now=None):
    with transaction(factory) as session:
        return authenticate(session, login, password, client=client, now=now)


def test_aysel_signs_in_with_the_demo_login_and_password(factory):
    result = sign_in(factory, "aysel", "Demo-parol-2026")
    assert result.outcome is PasswordOutcome.SIGNED_IN
    assert result.identity.fin == AYSEL.fin
    assert result.identity.full_name == "Məmmədova Aysel Rauf qızı"
    assert result.identity.method is Method.PASSWORD


def test_the_login_is_found_whatever_its_case_and_surrounding_spaces(factory):
    assert sign_in(factory, "  AYSEL ", "Demo-parol-2026").outcome is PasswordOutcome.SIGNED_IN
    assert normalise_login("Ａysel") == "aysel"  # full-width letters from a phone keyboard


def test_the_password_is_stored_only_as_an_argon2_hash(factory):
    with transaction(factory) as session:
        account = session.execute(select(Account).where(Account.login == "reshad")).scalar_one()
    assert account.password_hash.startswith("$argon2id$")
    assert RESHAD.password not in account.password_hash


def test_a_wrong_password_and_an_unknown_login_fail_the_same_way(factory):
    wrong = sign_in(factory, "aysel", "Demo-parol-2025")
    unknown = sign_in(factory, "nobody-here", "Demo-parol-2026")
    assert wrong.outcome is unknown.outcome is PasswordOutcome.WRONG
    assert wrong.identity is unknown.identity is None


def test_five_failures_lock_the_login_even_for_the_right_password(factory):
    now = utcnow()
    for _ in range(LOGIN_FAILURES.max_failures):
        assert sign_in(factory, "aysel", "wrong-password", now=now).outcome is PasswordOutcome.WRONG
    locked = sign_in(factory, "aysel", "Demo-parol-2026", now=now)
    assert locked.outcome is PasswordOutcome.TOO_MANY
    assert timedelta(0) < locked.retry_after <= LOGIN_FAILURES.window
    later = now + LOGIN_FAILURES.window + timedelta(seconds=1)
    assert sign_in(factory, "aysel", "Demo-parol-2026", now=later).outcome is PasswordOutcome.SIGNED_IN


def test_an_unknown_login_is_limited_too_so_the_lock_reveals_nothing(factory):
    for _ in range(LOGIN_FAILURES.max_failures):
        sign_in(factory, "ghost", "x")
    assert sign_in(factory, "ghost", "x").outcome is PasswordOutcome.TOO_MANY


def test_a_success_clears_earlier_failures(factory):
    for _ in range(LOGIN_FAILURES.max_failures - 1):
        sign_in(factory, "reshad", "wrong-password")
    assert sign_in(factory, "reshad", RESHAD.password).outcome is PasswordOutcome.SIGNED_IN
    for _ in range(LOGIN_FAILURES.max_failures - 1):
        sign_in(factory, "reshad", "wrong-password")
    assert sign_in(factory, "reshad", RESHAD.password).outcome is PasswordOutcome.SIGNED_IN


def test_one_client_trying_many_logins_is_stopped(factory):
    for n in range(50):
        sign_in(factory, f"guess-{n}", "x", client="198.51.100.7")
    assert sign_in(factory, "aysel", "Demo-parol-2026",
                   client="198.51.100.7").outcome is PasswordOutcome.TOO_MANY
    assert sign_in(factory, "aysel", "Demo-parol-2026",
                   client="198.51.100.8").outcome is PasswordOutcome.SIGNED_IN


def test_the_failure_count_survives_a_restart(auth_db):
    url, factory = auth_db
    for _ in range(LOGIN_FAILURES.max_failures):
        sign_in(factory, "aysel", "wrong-password")
    factory.kw["bind"].dispose()
    restarted = make_session_factory(make_engine(url))
    assert sign_in(restarted, "aysel", "Demo-parol-2026").outcome is PasswordOutcome.TOO_MANY


def test_an_account_needs_a_password_of_ten_characters(factory):
    with pytest.raises(ValueError):
        with transaction(factory) as session:
            create_account(session, fin="1AB2CD3", full_name="X", login="x", password="short")
