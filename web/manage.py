"""Commands for setting up and growing the portal:

    python -m web.manage setup                    migrate the database and load the demo data
                                                  when it is empty (sandbox only; make run)
    python -m web.manage new-service street_search --title-az "…" --title-en "…"
                                                  a new service, minimal and working
                                                  (web/scaffold, CONTRIBUTING.md)"""
from __future__ import annotations

import argparse
import sys

from core import sandbox as demo
from core.platform import migrate
from core.kernel.db import make_engine, make_session_factory, transaction
from core.platform.settings import Settings
from web.scaffold import command as scaffold


def setup(settings: Settings) -> list[str]:
    migrate.upgrade(settings.database_url)
    if not settings.sandbox:
        return []
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return demo.load_all(session)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.manage")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup", help="migrate the database and load the demo data")
    scaffold.add_arguments(commands.add_parser(
        "new-service", help="add a minimal working service (CONTRIBUTING.md)"))
    arguments = parser.parse_args(argv)
    if arguments.command == "new-service":
        return scaffold.run(arguments)
    settings = Settings.from_environment()
    loaded = setup(settings)
    print(f"database ready ({settings.database_url.split('://')[0]}); "
          f"demo data loaded: {', '.join(loaded) or 'already there'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
