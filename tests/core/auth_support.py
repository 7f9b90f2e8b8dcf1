"""A throwaway database for the sign-in core tests: a SQLite file (WAL, as in production) by
default, the PostgreSQL database named by EGOV_TEST_DATABASE_URL when it is set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

import core.models.auth  # noqa: F401  registers the tables
import core.models.foundation  # noqa: F401
from core.db import Base, make_engine, make_session_factory, transaction
from core.demo import accounts as demo_accounts

TABLES = [
    Base.metadata.tables[name]
    for name in ("rate_counter", "auth_account", "auth_session", "auth_asan_subscriber",
                 "auth_asan_request", "auth_eimza_token", "auth_eimza_certificate")
]


def database_url(tmp_path: Path) -> str:
    return os.environ.get("EGOV_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'auth.sqlite'}"


def fresh_engine(url: str) -> Engine:
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        with engine.begin() as connection:
            for table in reversed(TABLES):
                connection.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
    Base.metadata.create_all(engine, tables=TABLES)
    return engine


@pytest.fixture
def auth_db(tmp_path):
    """(url, session factory) of a database holding the demo sign-in records."""
    url = database_url(tmp_path)
    engine = fresh_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        demo_accounts.load(session)
    yield url, factory
    engine.dispose()


@pytest.fixture
def factory(auth_db):
    return auth_db[1]
