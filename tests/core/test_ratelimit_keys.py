"""Rate-limit counters keep a keyed hash of what they count, never the login or the address as
typed (finding 10 of the hardening probe)."""
from __future__ import annotations

from sqlalchemy import select

from core.platform.models import RateCounter
from core.platform import ratelimit

TYPED = "MyS3cretPassw0rd-typed-in-the-login-field"


def _keys(db) -> list[str]:
    return list(db.execute(select(RateCounter.key)).scalars())


def test_a_failed_login_leaves_no_trace_of_what_was_typed(client, db):
    response = client.submit("/daxil-ol/sifre", {"login": TYPED, "password": "wrong-password"},
                             environ_base={"REMOTE_ADDR": "198.51.100.23"})
    assert response.status_code == 200
    keys = _keys(db)
    assert keys, "the failure was counted"
    for key in keys:
        assert TYPED.casefold() not in key.casefold() and "198.51.100.23" not in key
        assert "mys3cret" not in key.casefold()


def test_two_app_processes_with_one_secret_count_the_same_subject_under_one_key():
    ratelimit.configure_key("one-secret")
    first = ratelimit.hashed("aysel")
    ratelimit.configure_key("another-secret")
    assert ratelimit.hashed("aysel") != first
    ratelimit.configure_key("one-secret")
    assert ratelimit.hashed("aysel") == first and ratelimit.hashed("rəşad") != first
