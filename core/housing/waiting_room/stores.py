"""The one choice of LineStore, made once at app setup: Redis when it is configured (shared by
every app process without touching the database), the database otherwise."""
from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session, sessionmaker

from core.housing.waiting_room.database_store import DatabaseLineStore
from core.housing.waiting_room.port import LineStore
from core.housing.waiting_room.redis_store import RedisLineStore


def make_store(redis_url: str | None, session_factory: sessionmaker[Session], *,
               namespace: str = "") -> LineStore:
    """`namespace` (the portal's database and instance) keeps two portals sharing one Redis,
    such as two tests one after the other, from sharing lines: sale 1 of one is not of the
    other. Every process of one portal has the same namespace, so they share the line."""
    if redis_url:
        digest = hashlib.sha256(namespace.encode()).hexdigest()[:12]
        return RedisLineStore.from_url(redis_url, prefix=f"egov:housing:room:{digest}")
    return DatabaseLineStore(session_factory)
