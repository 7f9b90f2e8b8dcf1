"""Database engine, sessions and the declarative base shared by every service's models."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator

from sqlalchemy import MetaData, create_engine, delete, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timezone-aware now; stored as naive UTC so SQLite and PostgreSQL compare alike."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def delete_older_than(session: Session, column, age: timedelta,
                      now: datetime | None = None) -> int:
    """Delete the rows of `column`'s table whose `column` is more than `age` before now (the
    nightly housekeeping of every store); returns how many went."""
    cutoff = (now or utcnow()) - age
    return session.execute(delete(column.class_).where(column < cutoff)).rowcount or 0


def make_engine(url: str, connections: int = 5) -> Engine:
    """`connections`: how many the pool keeps open (a server database): as many as the
    process's threads, so a busy process never opens and closes a connection per request."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_immediate_on_sqlite)
        return engine
    # No ping before each checkout: it doubled the round trips of every transaction. After the
    # server restarts, the first statement on each old connection fails (one 503), SQLAlchemy
    # sees the disconnect and empties the pool, and the next request connects afresh.
    # A pool smaller than the threads opened a connection (a PostgreSQL backend forked) for
    # every request beyond it and closed it again: on sale day (make bench-sale) connections
    # lived a second or two, and threads queued for them for tens of seconds.
    return create_engine(url, pool_pre_ping=False, pool_size=connections,
                         max_overflow=10,
                         pool_recycle=1800, pool_use_lifo=True)


def _tune_sqlite(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, issue BEGIN, so every transaction takes the
    # write lock up front: read-then-write races (payments, counters) stay serial.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


READ_ONLY = "egov_read_only"  # an execution option: this connection only reads
DEFERRED = "egov_deferred"  # an execution option: no write lock until the first write


def read_only(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read: on SQLite they begin
    DEFERRED, so they neither wait for the write lock nor hold it while a page renders, and
    refuse to write (query_only); on PostgreSQL they are READ ONLY transactions."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{READ_ONLY: True}, postgresql_readonly=True)
    return engine.execution_options(**{READ_ONLY: True})


def deferred(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that mostly read and rarely write (a page
    that marks an expired request so): on SQLite they take the write lock only at their first
    write, which fails at once ("database is locked") if another connection wrote after they
    began reading, so nothing read before is ever stale. The same as `engine` elsewhere."""
    return engine.execution_options(**{DEFERRED: True})


def _begin_immediate_on_sqlite(connection) -> None:
    options = connection.get_execution_options()
    reads_only = bool(options.get(READ_ONLY))
    # A write slipped into a read-only transaction would take the write lock: refuse it at
    # once instead. The pragma belongs to the connection, so it is set only when the pooled
    # connection changes role.
    pooled = connection.connection.info
    if pooled.get(READ_ONLY, False) != reads_only:
        connection.exec_driver_sql(f"PRAGMA query_only = {int(reads_only)}")
        pooled[READ_ONLY] = reads_only
    lazy = reads_only or options.get(DEFERRED)
    connection.exec_driver_sql("BEGIN" if lazy else "BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
