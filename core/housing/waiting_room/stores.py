"""The one choice of AdmissionStore, made once at app setup: Redis when it is configured
(shared by every app process without touching the database), the database otherwise."""
from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from core.housing.waiting_room.database_store import DatabaseAdmissionStore
from core.housing.waiting_room.port import AdmissionStore
from core.housing.waiting_room.redis_store import RedisAdmissionStore


def make_store(redis_url: str | None, session_factory: sessionmaker[Session]) -> AdmissionStore:
    if redis_url:
        return RedisAdmissionStore.from_url(redis_url)
    return DatabaseAdmissionStore(session_factory)
