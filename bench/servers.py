"""The two servers of one run, on loopback: the portal as `make run` serves it, and the bare
Flask page (bench/bare_app.py) under the same gunicorn configuration."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from core.platform.settings import Settings
from web import serve

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def assert_loopback(url: str) -> None:
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    if host != LOOPBACK:
        raise SystemExit(f"the benchmark loads {LOOPBACK} only, not {host}")


def portal_environment(instance: str) -> dict:
    env = {**os.environ, "EGOV_INSTANCE_PATH": instance, "EGOV_SANDBOX": "1",
           "EGOV_LOG_LEVEL": os.environ.get("BENCH_SERVER_LOG_LEVEL", "ERROR")}
    for key in ("EGOV_DATABASE_URL", "EGOV_REDIS_URL"):  # the embedded default, as `make run`
        env.pop(key, None)
    return env


def gunicorn_command(port: int, app: str, settings: Settings) -> list[str]:
    """web/serve.py's own gunicorn command line (worker class, threads, timeouts), with another
    app: the two stay alike, or the ceiling is not the portal's."""
    command = serve.gunicorn_command(settings, LOOPBACK, port)
    return command[:-1] + [app]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} stopped at start ({process.returncode})")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def portal(env: dict):
    """`make run`: `python -m web.manage setup`, then `python -m web.serve` (gunicorn and the
    job consumer) on a free loopback port. Yields its base URL."""
    subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    with _serving([sys.executable, "-m", "web.serve", "--host", LOOPBACK, "--port", str(port)],
                  env, port) as url:
        yield url


@contextmanager
def bare(env: dict, page_file: Path):
    port = free_port()
    settings = Settings.from_environment(env)  # what web/serve.py uses by default
    with _serving(gunicorn_command(port, "bench.bare_app:app", settings),
                  {**env, "BENCH_BARE_PAGE": str(page_file)}, port) as url:
        yield url


@contextmanager
def _serving(command: list[str], env: dict, port: int):
    """Run a server on a loopback port until the block ends; yields its base URL. With
    BENCH_SERVER_LOG set (a file), the server's output goes there: with EGOV_LOG_LEVEL=INFO,
    one JSON line per request with its endpoint, status and duration."""
    log_file = os.environ.get("BENCH_SERVER_LOG")
    output = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    url = f"http://{LOOPBACK}:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        _stop(process)
        if log_file:
            output.close()


BARE = {"name": "bare Flask page", "method": "GET", "path": "/", "form": None, "headers": {},
        "expect": [200]}


def load(base: str, rows: list[dict], seconds: float, users: int, workdir: Path) -> list[dict]:
    """Load each target in turn with Locust in a process of its own (bench/load.py)."""
    assert_loopback(base)
    spec, out = workdir / f"targets-{time.monotonic_ns()}.json", workdir / "results.json"
    spec.write_text(json.dumps(rows))
    subprocess.run([sys.executable, "-m", "bench.load", str(spec), str(out), base, str(seconds),
                    str(users)], cwd=ROOT, check=True)
    return json.loads(out.read_text())
