"""The bill payment core tests' database: the migrated test database with the demo
data that tests/conftest.py's `database_url` fixture gives every test (SQLite by default,
PostgreSQL with EGOV_TEST_DATABASE_URL)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import make_engine, make_session_factory


@contextmanager
def session_factory_on(database_url: str) -> Iterator[sessionmaker[Session]]:
    """A factory on its own engine, as an app process (or a restarted one) would open it."""
    engine = make_engine(database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()
