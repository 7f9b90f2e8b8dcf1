"""SQLite transactions: writers take the write lock up front (BEGIN IMMEDIATE), so read-then-
write races stay serial; transactions that only read (core.kernel.db.read_only) take none, so a
page that only looks does not queue behind a writer."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core.kernel.db import make_engine, read_only


@pytest.fixture()
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kernel.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (value INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (1)"))
    yield engine
    engine.dispose()


@pytest.fixture()
def writer_holding_the_lock(engine):
    connection = engine.connect()
    transaction = connection.begin()  # BEGIN IMMEDIATE: the write lock, held until the end
    connection.execute(text("UPDATE counter SET value = 2"))
    yield
    transaction.rollback()
    connection.close()


def test_a_read_only_transaction_reads_at_once_while_a_writer_holds_the_lock(
        engine, writer_holding_the_lock):
    started = time.monotonic()
    with read_only(engine).connect() as connection, connection.begin():
        value = connection.execute(text("SELECT value FROM counter")).scalar_one()
    assert value == 1  # the writer's change is not committed
    assert time.monotonic() - started < 1


def test_an_ordinary_transaction_waits_for_the_write_lock(engine, writer_holding_the_lock):
    with engine.connect() as connection:
        connection.connection.driver_connection.execute("PRAGMA busy_timeout=200")  # no BEGIN
        with pytest.raises(OperationalError, match="locked"):
            with connection.begin():
                connection.execute(text("SELECT value FROM counter"))


def test_a_read_only_transaction_refuses_to_write_and_the_connection_writes_again_after(engine):
    with pytest.raises(OperationalError, match="readonly"):
        with read_only(engine).connect() as connection, connection.begin():
            connection.execute(text("UPDATE counter SET value = 3"))
    with engine.begin() as connection:  # the same pooled connection, writing again
        connection.execute(text("UPDATE counter SET value = 4"))
    with read_only(engine).connect() as connection, connection.begin():
        assert connection.execute(text("SELECT value FROM counter")).scalar_one() == 4
