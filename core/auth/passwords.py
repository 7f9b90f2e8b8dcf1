"""Password and PIN hashing with Argon2id (argon2-cffi).

Passwords use OWASP's Argon2id profile (19 MiB, 2 passes, 1 lane): about 40 ms a check on
one core, so a burst of sign-ins cannot starve a small server, and an old hash is upgraded at
the next sign-in if these parameters are raised (needs_rehash). The sandbox's PINs and
PUKs use a cheaper profile: a 4-digit PIN has only 10 000 values, so its safety comes from the
3-attempt lockout, not from the hash; the hash only keeps the table free of plain PINs."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_PASSWORDS = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# 1 MiB, one pass: well under a millisecond. A token's PIN is checked on the token itself in
# the real world; here the sandbox checks it on the portal's CPU, on sale day 500 times a
# minute, and a costlier hash would add nothing the lockout does not already give.
_PINS = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

# Verified against when the login does not exist, so a missing account costs the same time
# as a wrong password and the response time does not reveal which logins exist.
_DUMMY_HASH = _PASSWORDS.hash("no account has this password")


def hash_password(password: str) -> str:
    return _PASSWORDS.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _PASSWORDS.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _PASSWORDS.check_needs_rehash(stored_hash)


def hash_pin(pin: str) -> str:
    return _PINS.hash(pin)


def verify_pin(stored_hash: str, pin: str) -> bool:
    try:
        return _PINS.verify(stored_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
