"""The benchmark's PostgreSQL database and Redis database, made empty for each run, and the
moment the sale opens (the phase change a sale's organiser makes)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from core.housing import Phase
from core.housing import sale as sales
from core.kernel.db import utcnow


def fresh_database(url: str) -> str | None:
    """Drop and create the benchmark's database. The problem in a sentence, or None."""
    name = url.rsplit("/", 1)[-1]
    if not name.startswith("egov_bench"):
        return f"the benchmark only drops databases named egov_bench…, not {name}"
    try:
        engine = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means: no usable server
        return f"PostgreSQL at {url}: {error.__class__.__name__}: {error}"
    return None


def fresh_redis(url: str) -> str | None:
    import redis
    try:
        client = redis.Redis.from_url(url, socket_timeout=5)
        client.flushdb()
        client.close()
    except Exception as error:  # noqa: BLE001
        return f"Redis at {url}: {error.__class__.__name__}: {error}"
    return None


def open_sale(url: str, sale_id: int) -> datetime:
    engine = create_engine(url)
    moment = utcnow()
    with Session(engine) as session:
        sales.set_phase(session, sale_id, Phase.OPEN, moment)
        session.commit()
    engine.dispose()
    return moment


def line_store(env: dict):
    """The waiting room's store as the portal of this environment has it (its namespace)."""
    from core.housing.waiting_room.stores import make_store
    from core.kernel.db import make_engine, make_session_factory
    from core.platform.settings import Settings

    settings = Settings.from_environment(env)
    factory = make_session_factory(make_engine(settings.database_url))
    return make_store(settings.redis_url, factory,
                      namespace=f"{settings.database_url}|{settings.instance_path}")
