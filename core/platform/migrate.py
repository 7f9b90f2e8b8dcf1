"""Schema migrations (Alembic) run from code, so setup, tests and the app use one path."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    # Every service keeps its own branch (CONTRIBUTING.md); "heads" applies them all.
    command.upgrade(alembic_config(database_url), "heads")


def make_revision(database_url: str, message: str, branch_label: str | None = None,
                  head: str = "0001_foundation", rev_id: str | None = None) -> None:
    command.revision(alembic_config(database_url), message=message, autogenerate=True,
                     head=head, branch_label=branch_label, rev_id=rev_id)
