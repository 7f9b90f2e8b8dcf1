"""The waiting-room stores the core tests run on: the database (SQLite, or PostgreSQL with
EGOV_TEST_DATABASE_URL) and, when EGOV_REDIS_URL is set (as in CI), Redis under a prefix of
the test's own. Rooms here read the line afresh on every call (no per-process copy) and let
the pacer step whenever the test asks."""
from __future__ import annotations

import secrets
from datetime import timedelta
from random import Random

import pytest

from core.housing.waiting_room import Pacing, WaitingRoom
from core.housing.waiting_room.database_store import DatabaseLineStore
from core.housing.waiting_room.redis_store import RedisLineStore
from core.platform.settings import Settings

SALE = 1
SECRET = "waiting-room-test-secret"
STORES = ["database", "redis"]
NOT_OPEN, OPEN = "not_open", "open"


def make_store(kind: str, factory):
    if kind == "database":
        return DatabaseLineStore(factory)
    url = Settings.from_environment().redis_url
    if not url:
        pytest.skip("the Redis adapter runs with EGOV_REDIS_URL set")
    return RedisLineStore.from_url(url, prefix=f"egov:test:room:{secrets.token_hex(6)}")


def make_room(store, *, capacity: int = 200, minutes: int = 10, seed: int | None = None,
              **pacing) -> WaitingRoom:
    return WaitingRoom(store, SECRET, window=timedelta(minutes=minutes),
                       pacing=Pacing(most_inside=capacity, tick=timedelta(0), **pacing),
                       rng=Random(seed) if seed is not None else None, line_fresh_seconds=0)


def citizen(prefix: str, number: int) -> str:
    return f"{prefix}{number:06d}"  # 7 characters, like a FİN; test-only


def place_of(room: WaitingRoom, fin: str, now) -> int:
    """The citizen's place as a new tab of theirs would learn it (join is idempotent)."""
    return room.join(SALE, fin, OPEN, now).place


def admit(room: WaitingRoom, fin: str, now) -> str | None:
    """The citizen's admission token if it is their turn (the pacer steps first)."""
    room.tick(SALE, OPEN, now)
    ticket = room.join(SALE, fin, OPEN, now)
    _outcome, token = room.redeem(ticket, now)
    return token
