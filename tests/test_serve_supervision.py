"""`make run` (python -m web.serve) when its job consumer dies (hardening round three, row 5):
`kill -9` of the consumer used to make web.serve stop gunicorn too, and nothing restarted
either. Now /healthz answers throughout, the consumer is started again (after 1, 2, 4 … s while
it keeps dying) and runs the jobs queued meanwhile."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.process_support import (
    ROOT, HealthWatch, alive, consumers, free_port, hand_the_consumer_a_notice, stop,
    wait_delivered, wait_for, wait_healthy,
)
from web import serve


@pytest.fixture
def portal(tmp_path):
    """`python -m web.serve` on a fresh SQLite sandbox portal, as `make run` starts it."""
    instance = tmp_path / "instance"
    database_url = f"sqlite:///{tmp_path / 'egov.sqlite3'}"
    env = {**os.environ, "EGOV_DATABASE_URL": database_url, "EGOV_INSTANCE_PATH": str(instance),
           "EGOV_SECRET_KEY": "test-secret-key", "EGOV_SANDBOX": "1", "EGOV_LOG_LEVEL": "WARNING",
           "EGOV_WORKERS": "1", "EGOV_THREADS": "4", "GUNICORN_CMD_ARGS": "--no-control-socket"}
    for name in ("EGOV_REDIS_URL", "EGOV_SMTP_URL", "EGOV_SMS_URL", "EGOV_JOBS_IMMEDIATE",
                 "EGOV_TEST_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "web.serve", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_healthy(port, [process])
        yield process, port, database_url, instance
    finally:
        stop(process)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # anything of this test's group left behind
        except ProcessLookupError:
            pass


def test_a_killed_consumer_is_restarted_and_the_portal_answers_throughout(portal):
    process, port, database_url, instance = portal
    first = wait_for(lambda: consumers(process.pid), 30, "the consumer starting")[0]
    watch = HealthWatch(port)
    watch.start()
    try:
        wait_for(lambda: watch.asked >= 3, 10, "the health watch starting")
        os.kill(first, signal.SIGKILL)
        second = wait_for(lambda: [c for c in consumers(process.pid) if c != first], 30,
                          "a new consumer")[0]
        message = hand_the_consumer_a_notice(database_url, instance, sandbox=True)
        wait_delivered(database_url, message)
    finally:
        watch.stop()
    assert process.poll() is None, "web.serve stopped when its consumer died"
    assert alive(second) and not alive(first)
    assert watch.asked >= 10 and watch.failures == []


def test_stopping_web_serve_stops_its_consumer_too(portal):
    process, _port, _database_url, _instance = portal
    consumer = wait_for(lambda: consumers(process.pid), 30, "the consumer starting")[0]
    process.terminate()
    assert process.wait(timeout=30) == 0
    wait_for(lambda: not alive(consumer), 15, "the consumer stopping")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_consumer_that_keeps_dying_is_restarted_ever_more_slowly_up_to_a_minute():
    clock = Clock()
    consumer = serve.Consumer([sys.executable, "-c", "pass"], dict(os.environ), clock=clock)
    consumer.start()
    waits = []
    for _ in range(9):
        consumer.process.wait(timeout=30)
        consumer.watch()                      # notices the death
        waits.append(consumer.restart_at - clock.now)
        clock.now = consumer.restart_at - 0.01
        consumer.watch()                      # too early: still waiting
        assert consumer.process.poll() is not None and consumer.restart_at is not None
        clock.now = consumer.restart_at
        consumer.watch()                      # restarted
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60] and consumer.restarts == 9
    consumer.process.wait(timeout=30)
    clock.now += serve.STEADY_SECONDS         # this time it had run for five minutes
    consumer.watch()
    assert consumer.restart_at - clock.now == 1
