"""Fixtures the core tests share: the test database (tests/conftest.py's `database_url`,
migrated, with the demo data) opened as an app process would, and a clock tests can move."""
from __future__ import annotations

import pytest

from core.kernel import db
from tests.core.waiting_room_support import SALE, STORES, make_store


@pytest.fixture
def session(factory):
    session = factory()
    yield session
    session.close()


class FrozenClock:
    """Stands still until a test moves `now`: expiry and lockout windows without sleeping."""

    def __init__(self):
        self.now = db.utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture(params=STORES)
def store(request, factory):
    """Each waiting-room test runs on every store: the database, and Redis when it is set."""
    found = make_store(request.param, factory)
    yield found
    found.reset(SALE)
