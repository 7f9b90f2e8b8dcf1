"""Setup commands used by the Makefile: `python -m web.manage setup` migrates the database
and loads the demo data when it is empty (sandbox only)."""
from __future__ import annotations

import argparse
import sys

from core import sandbox as demo
from core.platform import migrate
from core.kernel.db import make_engine, make_session_factory, transaction
from core.platform.settings import Settings


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
    parser.add_argument("command", choices=["setup"])
    parser.parse_args(argv)
    settings = Settings.from_environment()
    loaded = setup(settings)
    print(f"database ready ({settings.database_url.split('://')[0]}); "
          f"demo data loaded: {', '.join(loaded) or 'already there'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
