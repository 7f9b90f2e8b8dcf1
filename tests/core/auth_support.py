"""The sign-in core tests' database: the suite's fresh, migrated database with the demo data
(tests/conftest.py `database_url`: a SQLite copy, or PostgreSQL with EGOV_TEST_DATABASE_URL),
reached through an engine of its own, as a second process would."""
from __future__ import annotations

import pytest

from core.kernel.db import make_engine, make_session_factory


@pytest.fixture
def auth_db(database_url):
    """(url, session factory) of a database holding the demo sign-in records."""
    engine = make_engine(database_url)
    yield database_url, make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def factory(auth_db):
    return auth_db[1]
