"""Password and PIN hashing."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from core.auth.passwords import hash_password, hash_pin, needs_rehash, verify_password, verify_pin


def test_a_password_verifies_against_its_hash_and_a_wrong_one_does_not():
    stored = hash_password("Demo-parol-2026")
    assert stored.startswith("$argon2id$")
    assert "Demo-parol-2026" not in stored
    assert verify_password(stored, "Demo-parol-2026")
    assert not verify_password(stored, "demo-parol-2026")
    assert not needs_rehash(stored)


def test_a_missing_account_never_verifies_whatever_the_password():
    assert not verify_password(None, "no account has this password")
    assert not verify_password(None, "Demo-parol-2026")


def test_a_damaged_hash_is_a_failed_check_not_an_error():
    assert not verify_password("not-a-hash", "x")
    assert not verify_pin("$argon2id$garbage", "1234")


@settings(max_examples=10, deadline=None)
@given(st.text(min_size=1, max_size=64))
def test_any_password_round_trips_and_differs_from_others(password):
    stored = hash_password(password)
    assert verify_password(stored, password)
    assert not verify_password(stored, password + "x")


@settings(max_examples=30, deadline=None)
@given(st.from_regex(r"\d{4,8}", fullmatch=True))
def test_a_pin_is_stored_hashed_and_verifies(pin):
    stored = hash_pin(pin)
    assert pin not in stored.split("$")[-1]
    assert verify_pin(stored, pin)
    assert not verify_pin(stored, pin[::-1] + "0")
