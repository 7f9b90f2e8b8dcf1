"""A throwaway database for the billing and notification core tests: a SQLite file by default,
the PostgreSQL database named by EGOV_TEST_DATABASE_URL when it is set."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

import core.models.billing  # noqa: F401  registers the tables
import core.models.notifications  # noqa: F401
import core.models.payments  # noqa: F401
from core.db import Base, make_engine, make_session_factory

TABLES = [
    Base.metadata.tables[name]
    for name in ("billing_account", "billing_posting", "bill_payment", "outbox_message",
                 "payment", "sandbox_bank_charge")
]


def database_url(tmp_path: Path) -> str:
    return os.environ.get("EGOV_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


def fresh_engine(url: str) -> Engine:
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        with engine.begin() as connection:
            for table in reversed(TABLES):
                connection.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
    Base.metadata.create_all(engine, tables=TABLES)
    return engine


def session_factory_for(engine: Engine):
    return make_session_factory(engine)
