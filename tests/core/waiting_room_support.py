"""The waiting-room stores the core tests run on: the database (SQLite, or PostgreSQL with
EGOV_TEST_DATABASE_URL) and, when EGOV_REDIS_URL is set (as in CI), Redis under a prefix of
the test's own."""
from __future__ import annotations

import secrets
from datetime import timedelta
from random import Random

import pytest

from core.housing.waiting_room import WaitingRoom
from core.housing.waiting_room.database_store import DatabaseAdmissionStore
from core.housing.waiting_room.redis_store import RedisAdmissionStore
from core.platform.settings import Settings

SALE = 1
SECRET = "waiting-room-test-secret"
STORES = ["database", "redis"]


def make_store(kind: str, factory):
    if kind == "database":
        return DatabaseAdmissionStore(factory)
    url = Settings.from_environment().redis_url
    if not url:
        pytest.skip("the Redis adapter runs with EGOV_REDIS_URL set")
    return RedisAdmissionStore.from_url(url, prefix=f"egov:test:room:{secrets.token_hex(6)}")


def make_room(store, *, capacity: int = 200, minutes: int = 10, seed: int | None = None):
    return WaitingRoom(store, SECRET, capacity=capacity, window=timedelta(minutes=minutes),
                       rng=Random(seed) if seed is not None else None)


def citizen(prefix: str, number: int) -> str:
    return f"{prefix}{number:06d}"  # 7 characters, like a FİN; test-only

