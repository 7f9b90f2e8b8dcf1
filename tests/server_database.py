"""The suite on a database server (EGOV_TEST_DATABASE_URL): every test starts from the migrated
schema with the demo data. TRUNCATE of every table and a fresh demo load (argon2 hashes of the
demo passwords and PINs included) took about a second a test; instead the demo rows are read
once and, before each test, every table is emptied with DELETE and given those rows back, and
every sequence is set back to where the demo load left it (tens of milliseconds)."""
from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from core import schema
from core import sandbox as demo
from core.kernel.db import make_engine, make_session_factory, transaction
from core.platform import migrate


def create_if_missing(url: str) -> None:
    """A fresh machine's server has no test database yet."""
    base, name = url.rsplit("/", 1)
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                              {"name": name}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


class DemoSnapshot:
    def __init__(self, url: str):
        self.url = url
        create_if_missing(url)
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate.upgrade(url)
        self.engine = make_engine(url)
        with transaction(make_session_factory(self.engine)) as session:
            demo.load_all(session)
        self.tables = schema.metadata.sorted_tables
        with self.engine.connect() as connection:
            self.rows = {table.name: [dict(row._mapping) for row in
                                      connection.execute(table.select())]
                         for table in self.tables}
            self.sequences = connection.execute(text(
                "SELECT quote_ident(sequencename), last_value FROM pg_sequences"
                " WHERE schemaname = 'public'")).all()

    def restore(self, engine: Engine | None = None) -> None:
        with (engine or self.engine).begin() as connection:
            for table in reversed(self.tables):
                connection.execute(table.delete())
            for table in self.tables:
                if self.rows[table.name]:
                    connection.execute(table.insert(), self.rows[table.name])
            if self.sequences:
                connection.execute(text("SELECT " + ", ".join(
                    f"setval('{name}', {value}, true)" if value is not None
                    else f"setval('{name}', 1, false)" for name, value in self.sequences)))
