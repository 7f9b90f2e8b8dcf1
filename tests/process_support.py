"""Running the portal's own processes from a test, as `make run` or systemd would: a free
loopback port, waiting for /healthz, watching /healthz from a thread, a process's children, and
handing the job consumer a job whose effect can be seen (a notice it must deliver)."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

from core.kernel.db import make_engine, make_session_factory, transaction
from core.notifications import jobs as notification_jobs
from core.notifications import outbox
from core.notifications.models import DELIVERED, OutboxMessage
from core.platform import this_process
from core.platform.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(port: int, timeout: float = 2.0) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def wait_healthy(port: int, processes: list[subprocess.Popen], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        for process in processes:
            assert process.poll() is None, f"{process.args[:4]} exited ({process.returncode})"
        try:
            if health(port) == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the portal did not answer /healthz in time"
        time.sleep(0.3)


class HealthWatch(threading.Thread):
    """Asks /healthz every `every` seconds until stopped; keeps every answer that was not 200."""

    def __init__(self, port: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.port, self.every = port, every
        self.asked, self.failures = 0, []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                status = health(self.port)
            except OSError as error:
                status = type(error).__name__
            self.asked += 1
            if status != 200:
                self.failures.append(status)
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def consumers(pid: int) -> list[int]:
    """The job consumers started by process `pid`."""
    return [c for c in children(pid) if "huey_consumer" in command_line(c)]


def wait_for(predicate, seconds: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"{what}: not within {seconds:g} s")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def hand_the_consumer_a_notice(database_url: str, instance: Path, *, sandbox: bool,
                               recipient: str = "aysel@example.az") -> int:
    """An e-mail notice kept in the outbox and its delivery job put on the queue the consumer
    reads (the SQLite queue in `instance`), as a request would; returns the message id."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            message_id = outbox.queue_email(session, recipient, "Sınaq bildirişi",
                                            "İş növbəsi işləyir.").id
    finally:
        engine.dispose()
    previous = this_process.settings()
    this_process.configure(Settings(database_url=database_url, instance_path=instance,
                                    sandbox=sandbox, jobs_immediate=False))
    try:
        notification_jobs.deliver_message(message_id)
    finally:
        this_process.configure(previous)
    return message_id


def delivery_status(database_url: str, message_id: int) -> str:
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return session.get(OutboxMessage, message_id).delivery_status
    finally:
        engine.dispose()


def wait_delivered(database_url: str, message_id: int, seconds: float = 30) -> None:
    wait_for(lambda: delivery_status(database_url, message_id) == DELIVERED, seconds,
             f"the consumer delivering message {message_id}", every=0.5)


def stop(process: subprocess.Popen, seconds: float = 30) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
