"""The job queue (Huey): background work that must not be lost, e.g. the device registry
submission, notifications, settling payments whose bank answer was lost.

    from core.platform import jobs

    @jobs.task()                          # bounded retries with backoff (the defaults below)
    def submit(application_id: int) -> None:
        factory = jobs.session_factory()  # the app's database, in the app and in the consumer
        registry = jobs.resource("mcqs", build_registry)  # built once per process
        ...

    submit(42)      # enqueue; the payload is the arguments: ids only, never card data

- Storage: SQLite file `<instance>/jobs.sqlite3` by default; Redis when EGOV_REDIS_URL is set;
  immediate mode (tasks run at once, in memory) for tests: `jobs.configure(immediate=True)`.
- The consumer is `python -m huey.bin.huey_consumer core.worker.huey` (web/serve.py starts it).
  It imports every package's `jobs` module (core.packages), so put tasks there.
- create_app calls `jobs.configure(JobSettings.from_app_config(app.config),
  session_factory=...)` before the services' init_app, which may `jobs.provide()` the
  adapters they use, so a task run in the app process sees exactly the app's sandbox.
- `jobs.drain()` runs everything queued and due now in this process (tests, e2e, demos).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from core.kernel.db import make_engine, make_session_factory
from core.platform.settings import Settings

RETRIES = 8
RETRY_DELAY_SECONDS = 30
RETRY_BACKOFF = 2  # 30 s, 1 min, 2 min … about two hours in all


@dataclass(frozen=True)
class JobSettings:
    database_url: str
    instance_path: Path
    redis_url: str | None = None
    immediate: bool = False
    sandbox: bool = True
    options: dict = field(default_factory=dict)  # service settings, e.g. registry_delay_seconds

    @classmethod
    def from_settings(cls, portal: Settings) -> "JobSettings":
        """The queue's part of the portal's settings, the same in the app and the consumer."""
        return cls(database_url=portal.database_url, instance_path=portal.instance_path,
                   redis_url=portal.redis_url, immediate=portal.jobs_immediate,
                   sandbox=portal.sandbox, options=portal.service_options())

    @classmethod
    def from_environment(cls) -> "JobSettings":
        """For a consumer started without the app: the same EGOV_* rules (core.platform.settings)."""
        return cls.from_settings(Settings.from_environment())

    @classmethod
    def from_app_config(cls, config) -> "JobSettings":
        """From the web app's config (web/config.py), so app and consumer agree."""
        portal = config.get("EGOV_SETTINGS")
        options = portal.service_options() if portal is not None else {}
        options["registry_delay_seconds"] = float(config.get("REGISTRY_DELAY_SECONDS", 5))
        for key in ("billing_delay_seconds", "billing_down", "smtp_url", "mail_from",
                    "gateway_delay_seconds", "gateway_failure", "sms_url",
                    "azerisiq_delay_seconds", "azerisiq_down"):
            if key.upper() in config:
                options[key] = config[key.upper()]
        return cls(
            database_url=config["DATABASE_URL"],
            instance_path=Path(config["INSTANCE_PATH"]),
            redis_url=config.get("REDIS_URL") or None,
            immediate=bool(config.get("JOBS_IMMEDIATE")),
            sandbox=bool(config.get("SANDBOX", True)),
            options=options,
        )


class PortalHuey(Huey):
    """Huey whose storage is chosen from the settings on first use, not at import time."""

    def __init__(self, name: str):
        self._ready = False
        self._storage = None
        super().__init__(name, results=False, utc=True, storage_class=SqliteStorage)
        self._ready = True

    @property
    def storage(self):
        if self._storage is None:
            self._storage = self.create_storage()
        return self._storage

    @storage.setter
    def storage(self, value):
        self._storage = value

    def create_storage(self):
        if not self._ready:
            return None
        job_settings = settings()
        self._immediate = job_settings.immediate
        if job_settings.immediate:
            return self.get_immediate_storage()
        if job_settings.redis_url:
            return RedisStorage(self.name, url=job_settings.redis_url)
        job_settings.instance_path.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(self.name, filename=str(job_settings.instance_path / "jobs.sqlite3"))


huey = PortalHuey("egov")

_lock = threading.RLock()
_settings: JobSettings | None = None
_session_factory = None
_resources: dict[str, Any] = {}


def settings() -> JobSettings:
    global _settings
    with _lock:
        if _settings is None:
            _settings = JobSettings.from_environment()
        return _settings


def configure(job_settings: JobSettings | None = None, *, session_factory=None,
              **changes) -> JobSettings:
    """Point the queue at a database and storage. Same settings again: nothing changes."""
    global _settings, _session_factory
    with _lock:
        new = job_settings or settings()
        if changes:
            new = replace(new, **changes)
        if new != _settings:
            _settings = new
            _resources.clear()
            _session_factory = None
            huey.storage = None
        if session_factory is not None:
            _session_factory = session_factory
        huey._immediate = new.immediate
        return new


def session_factory():
    global _session_factory
    with _lock:
        if _session_factory is None:
            _session_factory = make_session_factory(make_engine(settings().database_url))
        return _session_factory


def provide(name: str, value: Any) -> None:
    """Hand tasks an object the app already built (e.g. the same sandbox adapter)."""
    with _lock:
        _resources[name] = value


def resource(name: str, build: Callable[[JobSettings], Any]) -> Any:
    with _lock:
        if name not in _resources:
            _resources[name] = build(settings())
        return _resources[name]


def task(retries: int = RETRIES, retry_delay: int = RETRY_DELAY_SECONDS,
         retry_backoff: float = RETRY_BACKOFF, **options):
    return huey.task(retries=retries, retry_delay=retry_delay, retry_backoff=retry_backoff,
                     **options)


def drain(now: datetime | None = None, limit: int = 1000) -> int:
    """Run the queued tasks and the scheduled ones that are due; returns how many ran."""
    ran = 0
    while ran < limit:
        timestamp = (now or datetime.now(timezone.utc)).replace(tzinfo=None)
        for scheduled in huey.read_schedule(timestamp):
            huey.storage.enqueue(huey.serialize_task(scheduled), scheduled.priority or 0)
        queued = huey.dequeue()
        if queued is None:
            return ran
        huey.execute(queued, timestamp)
        ran += 1
    return ran


def pending_payloads() -> list[bytes]:
    """The raw stored payloads of queued and scheduled tasks (to prove what they hold)."""
    storage = huey.storage
    return list(storage.enqueued_items()) + list(storage.scheduled_items())


def load_task_modules() -> list:
    """Every package's `jobs` module (core.packages) and the platform's housekeeping, so the
    consumer knows every task."""
    from core import packages

    return packages.modules("jobs") + packages.modules("housekeeping")
