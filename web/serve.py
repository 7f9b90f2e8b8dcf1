"""`make run`: the portal under gunicorn, and beside it the job-queue consumer when the
project has one (core.worker.huey) and what the packages run beside the portal
(core.packages.companion_processes: the allocation logs' witness). Stops them together.

gunicorn runs the gthread worker: each worker process serves up to EGOV_THREADS requests at
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
from pathlib import Path

from core.packages import companion_processes
from core.platform.settings import Settings


def metrics_directory(settings: Settings) -> Path:
    return Path(settings.instance_path) / "prometheus"


def gunicorn_command(settings: Settings, host: str, port: str | int,
                     workers: int | None = None) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}",
        "--worker-class", "gthread", "--workers", str(workers or settings.workers),
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


def main() -> int:
    settings = Settings.from_environment()
    parser = argparse.ArgumentParser(prog="python -m web.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", type=int, default=settings.workers)
    args = parser.parse_args()
    environment = serving_environment(settings)
    companions = companion_processes(settings)  # e.g. the allocation logs' witness
    for companion in companions:
        environment.update(companion.environment)
    processes = [subprocess.Popen(gunicorn_command(settings, args.host, args.port, args.workers),
                                  env=environment)]
    if importlib.util.find_spec("core.worker") is not None:
        processes.append(subprocess.Popen([
            sys.executable, "-m", "huey.bin.huey_consumer", "core.worker.huey", "--workers", "2",
        ], env=environment))
    processes += [subprocess.Popen(c.command, env=environment) for c in companions]
    print(f"portal: http://{args.host}:{args.port}/   guides: http://{args.host}:{args.port}/guides/",
          flush=True)

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    finally:
        stop()
        for process in processes:
            process.wait(timeout=10)
    return processes[0].returncode or 0


if __name__ == "__main__":
    sys.exit(main())
