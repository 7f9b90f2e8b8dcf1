"""A throwaway database for the billing and notification core tests: a SQLite file by default;
with EGOV_TEST_DATABASE_URL, a schema of its own in that PostgreSQL database, so these tests
never touch the migrated tables the app tests share."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

import core.models.billing  # noqa: F401  registers the tables
import core.models.foundation  # noqa: F401
import core.models.notifications  # noqa: F401
import core.models.payments  # noqa: F401
from core.db import Base, make_engine, make_session_factory

TABLES = [
    Base.metadata.tables[name]
    for name in ("billing_account", "billing_posting", "bill_payment", "outbox_message",
                 "payment", "sandbox_bank_charge", "service_usage")
]
SCHEMA = "billing_core_tests"


def database_url(tmp_path: Path) -> str:
    return os.environ.get("EGOV_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


def fresh_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        admin.dispose()
    engine = reconnect(url)
    Base.metadata.create_all(engine, tables=TABLES)
    return engine


def reconnect(url: str) -> Engine:
    """An engine on the same test database, as a restarted app would open it."""
    if url.startswith("sqlite"):
        return make_engine(url)
    return create_engine(url, pool_size=10, max_overflow=10,
                         connect_args={"options": f"-csearch_path={SCHEMA}"})


def session_factory_for(engine: Engine):
    return make_session_factory(engine)
