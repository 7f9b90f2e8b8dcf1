from datetime import datetime, timedelta, timezone

import pytest
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from core.platform import job_queue, this_process
from core.platform.settings import Settings

calls: list[int] = []


@job_queue.task(retries=2, retry_delay=60, retry_backoff=1)
def flaky_job(number: int) -> None:
    calls.append(number)
    raise RuntimeError("downstream is down")


@job_queue.task()
def steady_job(number: int) -> None:
    calls.append(number)


@pytest.fixture
def queue(tmp_path):
    previous = this_process.settings()
    calls.clear()
    yield this_process.configure(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                                          instance_path=tmp_path))
    this_process.configure(previous)


def later(minutes: int) -> datetime:
    return datetime.now(timezone.utc) + timedelta(minutes=minutes)


def test_a_queued_job_waits_in_the_instance_sqlite_file_until_a_worker_runs_it(queue, tmp_path):
    steady_job(7)
    assert calls == []
    assert isinstance(job_queue.huey.storage, SqliteStorage)
    assert (tmp_path / "jobs.sqlite3").exists()
    assert len(job_queue.pending_payloads()) == 1
    assert job_queue.drain() == 1
    assert calls == [7] and job_queue.pending_payloads() == []


def test_a_failing_job_is_retried_a_bounded_number_of_times(queue):
    flaky_job(3)
    assert job_queue.drain() == 1  # first run fails, the retry is scheduled a minute later
    assert calls == [3] and len(job_queue.pending_payloads()) == 1
    job_queue.drain(now=later(2))
    job_queue.drain(now=later(4))
    job_queue.drain(now=later(10))
    assert calls == [3, 3, 3]  # the first run and two retries, then it stops
    assert job_queue.pending_payloads() == []


def test_immediate_mode_runs_a_job_at_once_without_storage_on_disk(queue, tmp_path):
    this_process.configure(jobs_immediate=True)
    steady_job(5)
    assert calls == [5]
    assert isinstance(job_queue.huey.storage, MemoryStorage)
    assert not (tmp_path / "jobs.sqlite3").exists()


def test_a_redis_url_switches_the_queue_to_redis(queue):
    this_process.configure(redis_url="redis://127.0.0.1:6379/0")
    assert isinstance(job_queue.huey.storage, RedisStorage)


def test_the_consumer_settings_follow_the_same_environment_variables_as_the_app(
        monkeypatch, tmp_path):
    monkeypatch.setenv("EGOV_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EGOV_DATABASE_URL", raising=False)
    monkeypatch.setenv("EGOV_REDIS_URL", "redis://localhost:6379/3")
    monkeypatch.setenv("EGOV_REGISTRY_DELAY_SECONDS", "2.5")
    previous = this_process.settings()
    this_process.configure(Settings.from_environment())
    found = this_process.settings()
    this_process.configure(previous)
    assert found.database_url == f"sqlite:///{tmp_path / 'egov.sqlite3'}"
    assert found.redis_url == "redis://localhost:6379/3"
    assert found.registry_delay_seconds == 2.5
    assert found.sandbox is True


def test_resources_are_built_once_per_process_and_can_be_provided_by_the_app(queue):
    built = []

    def thing(settings, session_factory):
        built.append(settings)
        return "made"

    assert this_process.resource(thing) == "made"
    assert this_process.resource(thing) == "made"
    assert len(built) == 1
    this_process.provide(thing, "from the app")
    assert this_process.resource(thing) == "from the app"


def test_the_app_gives_the_queue_its_own_settings_object(tmp_path):
    from web import create_app
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
                      "INSTANCE_PATH": tmp_path, "REGISTRY_DELAY_SECONDS": 0,
                      "JOBS_IMMEDIATE": True, "TESTING": True})
    try:
        found = this_process.settings()
        assert found.database_url == f"sqlite:///{tmp_path}/x.sqlite3"
        assert found.instance_path == tmp_path
        assert found.jobs_immediate and found.registry_delay_seconds == 0
        assert "REGISTRY_DELAY_SECONDS" not in app.config  # no copy to drift from it
    finally:
        app.extensions["egov_db"].engine.dispose()
