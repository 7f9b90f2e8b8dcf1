"""The job queue (Huey): background work that must not be lost, e.g. the device registry
submission, notifications, settling payments whose bank answer was lost.

    from core.platform import job_queue, this_process

    @job_queue.task()                          # bounded retries with backoff (the defaults below)
    def submit(application_id: int) -> None:
        factory = this_process.session_factory()  # the app's database, in the app and consumer
        registry = this_process.resource(adapters.build).registry  # built once per process
        ...

    submit(42)      # enqueue; the payload is the arguments: ids only, never card data

- Storage, chosen from this process's settings (core.platform.this_process) on first use and
  again after they change: SQLite file `<instance>/jobs.sqlite3` by default; Redis when
  EGOV_REDIS_URL is set; immediate mode (tasks run at once, in memory) for tests:
  `this_process.configure(jobs_immediate=True)`.
- The consumer is `python -m huey.bin.huey_consumer core.worker.huey` (web/serve.py starts it).
  It imports every package's `jobs` module (core.packages), so put tasks there.
- `job_queue.drain()` runs everything queued and due now in this process (tests, e2e, demos).
"""
from __future__ import annotations

from datetime import datetime, timezone

from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from core.platform import this_process
from core.platform.settings import Settings

RETRIES = 8
RETRY_DELAY_SECONDS = 30
RETRY_BACKOFF = 2  # 30 s, 1 min, 2 min … about two hours in all


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
        job_settings = this_process.settings()
        self._immediate = job_settings.jobs_immediate
        if job_settings.jobs_immediate:
            return self.get_immediate_storage()
        if job_settings.redis_url:
            return RedisStorage(self.name, url=job_settings.redis_url)
        job_settings.instance_path.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(self.name, filename=str(job_settings.instance_path / "jobs.sqlite3"))


huey = PortalHuey("egov")


def _follow(settings: Settings, changed: bool) -> None:
    """New settings: the storage is chosen again on next use, immediate mode as they say."""
    if changed:
        huey.storage = None
    huey._immediate = settings.jobs_immediate


this_process.on_configure(_follow)


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
