"""`make run`: the portal under gunicorn, and beside it the job-queue consumer when the
project has one (core.worker.huey) and what the packages run beside the portal
(core.packages.companion_processes: the allocation logs' witness), each restarted with backoff
whenever it dies (`Consumer`): their death never takes the portal down. Stops them together.

gunicorn runs the gthread worker (web.platform.accepting_worker: one that takes every waiting
connection when it wakes): each worker process serves up to EGOV_THREADS requests at
once, and a connection waiting between requests (keep-alive) holds no thread, so a few slow
clients no longer take a whole worker each (the sync worker's failure: two slow sockets held
both workers until WORKER TIMEOUT killed them, and any payment in flight with them). In
production a buffering reverse proxy (deploy/) is in front as well.

Metrics: every worker counts into files under <instance>/prometheus (prometheus_client's
multiprocess mode), so /metrics answers for all workers, whichever one is asked."""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from core.packages import companion_processes
from core.platform.settings import Settings


def metrics_directory(settings: Settings) -> Path:
    return Path(settings.instance_path) / "prometheus"


def gunicorn_command(settings: Settings, host: str, port: str | int,
                     workers: int | None = None) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}",
        "--worker-class", "web.platform.accepting_worker.AcceptingWorker",
        "--workers", str(workers or settings.workers), "--backlog", "4096",
        "--threads", str(settings.threads),
        # a request (not a connection) that takes longer is cut; the worker's heartbeat is
        # its own thread, so slow sockets never make it look hung
        "--timeout", str(settings.request_timeout_seconds),
        "--graceful-timeout", str(settings.request_timeout_seconds),
        "--keep-alive", "5",
        "--limit-request-line", "8190", "--limit-request-fields", "100",
        "web:create_app()",
    ]


def serving_environment(settings: Settings) -> dict[str, str]:
    """A fresh multiprocess metrics folder for this run (old workers' files would count)."""
    folder = metrics_directory(settings)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return Settings.child_environment(PROMETHEUS_MULTIPROC_DIR=str(folder))


CONSUMER = [sys.executable, "-m", "huey.bin.huey_consumer", "core.worker.huey", "--workers", "2"]
FIRST_RESTART_SECONDS = 1.0
LONGEST_RESTART_SECONDS = 60.0
STEADY_SECONDS = 300.0  # a consumer that ran this long before dying starts the backoff afresh


class Consumer:
    """The job consumer beside gunicorn: restarted whenever it dies, after 1, 2, 4 … seconds
    (at most a minute) while it keeps dying soon after starting. Its death never stops the
    portal: pages are served without it, and the queue keeps every job until it is back."""

    def __init__(self, command: list[str], environment: dict[str, str],
                 clock=time.monotonic) -> None:
        self.command, self.environment, self.clock = command, environment, clock
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.delay = FIRST_RESTART_SECONDS
        self.restart_at: float | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.environment)
        self.started_at, self.restart_at = self.clock(), None

    def watch(self) -> None:
        """Called about once a second: notices a death, and restarts when its wait is over."""
        now = self.clock()
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.restarts += 1
                self.start()
            return
        if self.process is None or self.process.poll() is None:
            return
        if now - self.started_at >= STEADY_SECONDS:
            self.delay = FIRST_RESTART_SECONDS
        print(f"serve: {' '.join(self.command[2:4])} exited ({self.process.returncode}); "
              f"restarting it in "
              f"{self.delay:g} s", file=sys.stderr, flush=True)
        self.restart_at = now + self.delay
        self.delay = min(self.delay * 2, LONGEST_RESTART_SECONDS)

    def stop(self) -> None:
        self.restart_at = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, timeout: float) -> None:
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)


def wait_until_ready(url: str | None, seconds: float = 30) -> None:
    """Until `url` answers 200 (or `seconds` pass: the portal copes with a system that is not
    there yet, it only answers "try again" meanwhile)."""
    deadline = time.monotonic() + seconds
    while url and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)


def main() -> int:
    settings = Settings.from_environment()
    parser = argparse.ArgumentParser(prog="python -m web.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", type=int, default=settings.workers)
    args = parser.parse_args()
    environment = serving_environment(settings)
    companions = companion_processes(settings)  # the sandbox service, the logs' witness
    for companion in companions:
        environment.update(companion.environment)
    # where the outside systems (the sandbox service in the demo) send their callbacks
    environment.setdefault("EGOV_CALLBACKS_URL", f"http://{args.host}:{args.port}/callbacks")
    beside = [Consumer(c.command, environment) for c in companions]
    if importlib.util.find_spec("core.worker") is not None:
        beside.insert(0, Consumer(CONSUMER, environment))
    for process in beside:
        process.start()
    for companion in companions:  # e.g. the sandbox service, before the first citizen
        wait_until_ready(getattr(companion, "ready_url", None))
    portal = subprocess.Popen(gunicorn_command(settings, args.host, args.port, args.workers),
                              env=environment)
    print(f"portal: http://{args.host}:{args.port}/   guides: http://{args.host}:{args.port}/guides/",
          flush=True)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True
        if portal.poll() is None:
            portal.terminate()
        for process in beside:
            process.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while portal.poll() is None:
            try:
                portal.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
            if not stopping:
                for process in beside:
                    process.watch()
    finally:
        stop()
        portal.wait(timeout=10)
        for process in beside:
            process.wait(timeout=10)
    return portal.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
