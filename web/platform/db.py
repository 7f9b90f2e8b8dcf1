"""The database as the web layer sees it: one session per request, rolled back unless committed.

A GET (or HEAD) mostly reads: its db() begins DEFERRED on SQLite, so it takes no write lock
unless it writes, and signed-in pages do not queue behind each other or behind a payment. The
writes a GET makes on most views (a session seen or ended, a service entered, a hold lapsed, a
use counted) go through write(), a short transaction of their own, retried if it lost the lock;
what a GET writes rarely through db() (an expired sign-in request marked so) upgrades its
transaction, which fails at once if another connection wrote meanwhile (a 503, never a stale
read written back)."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from web.platform.config import settings
from core.kernel.db import deferred, make_engine, make_session_factory, read_only


@dataclass
class Database:
    engine: Engine
    session_factory: sessionmaker[Session]
    read_session_factory: sessionmaker[Session]
    get_session_factory: sessionmaker[Session]


def init_app(app: Flask) -> None:
    engine = make_engine(settings(app).database_url, connections=settings(app).threads)
    app.extensions["egov_db"] = Database(engine, make_session_factory(engine),
                                         make_session_factory(read_only(engine)),
                                         make_session_factory(deferred(engine)))
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions["egov_db"]


T = TypeVar("T")
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# GETs that write as part of what they are (a sign-in started or its expired request marked,
# the sandbox's own pages): they take the write lock up front, as every request used to, so
# their write never fails for lack of it.
WRITING_GET_PATHS = ("/daxil-ol", "/sandbox/")
WRITE_ATTEMPTS = 2


def db() -> Session:
    """The request's session. Views call db().commit() once their change is complete. A GET's
    takes no write lock until it writes (see the module's docstring)."""
    if "db_session" not in g:
        g.db_session = (database().get_session_factory if _mostly_reads()
                        else database().session_factory)()
    return g.db_session


def _mostly_reads() -> bool:
    """A request whose db() takes no write lock until it writes (and whose write()s go in
    short transactions of their own)."""
    return has_request_context() and request.method in READING_METHODS \
        and not request.path.startswith(WRITING_GET_PATHS)


def write(work: Callable[[Session], T]) -> T:
    """`work(session)`, committed. In a GET, a short transaction apart from db() (which does not
    see it if it had begun reading before), tried once more if SQLite's lock could not be had
    (`work` must then be safe to repeat: it was rolled back). Elsewhere, as before, in db(),
    committed at once: a POST's db() may hold the write lock already."""
    if not _mostly_reads():
        result = work(db())
        db().commit()
        return result
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        session = database().session_factory()
        try:
            result = work(session)
            session.commit()
            return result
        except OperationalError as error:
            session.rollback()
            if attempt == WRITE_ATTEMPTS or "locked" not in str(error):
                raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    raise AssertionError("unreachable")


@contextmanager
def reading() -> Iterator[Session]:
    """A short transaction that only reads, apart from db(): on SQLite it takes no write lock,
    so a page that only looks (the signed-in citizen, a usage count) does not queue behind
    writers. It does not see what db() has written and not yet committed. What it loaded stays
    readable after the block (closed, not expired)."""
    session = database().read_session_factory()
    try:
        yield session
    finally:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
