"""The database as the web layer sees it: one session per request, rolled back unless committed."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from web.platform.config import settings
from core.kernel.db import make_engine, make_session_factory, read_only


@dataclass
class Database:
    engine: Engine
    session_factory: sessionmaker[Session]
    read_session_factory: sessionmaker[Session]


def init_app(app: Flask) -> None:
    engine = make_engine(settings(app).database_url)
    app.extensions["egov_db"] = Database(engine, make_session_factory(engine),
                                         make_session_factory(read_only(engine)))
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions["egov_db"]


def db() -> Session:
    """The request's session. Views call db().commit() once their change is complete."""
    if "db_session" not in g:
        g.db_session = database().session_factory()
    return g.db_session


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
