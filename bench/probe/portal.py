"""The portal under test: migrated and loaded into a throwaway instance folder, served by
`python -m web.serve` on 127.0.0.1 and a free port, stopped (with its whole process group)
at the end."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from .loopback import LoopbackSession, assert_loopback

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(instance: Path, smtp_port: int | None = None) -> dict:
    env = {**os.environ, "EGOV_INSTANCE_PATH": str(instance), "EGOV_SANDBOX": "1",
           "EGOV_DATABASE_URL": f"sqlite:///{instance}/egov.sqlite3", "EGOV_LOG_LEVEL": "ERROR",
           # the sandbox's outside systems answer at once: the probe measures the portal
           "EGOV_GATEWAY_DELAY_SECONDS": "0", "EGOV_BILLING_DELAY_SECONDS": "0",
           "EGOV_REGISTRY_DELAY_SECONDS": "1",
           # no gunicorn control socket: the default one in ~/.gunicorn/ is the developer's
           "GUNICORN_CMD_ARGS": "--no-control-socket"}
    for name in ("EGOV_REDIS_URL", "EGOV_SMTP_URL", "EGOV_GATEWAY_FAILURE", "EGOV_BILLING_DOWN",
                 "EGOV_JOBS_IMMEDIATE", "EGOV_SECRET_KEY"):
        env.pop(name, None)
    if smtp_port is not None:  # notices go out over SMTP, as in production (to the probe's sink)
        env["EGOV_SMTP_URL"] = f"smtp://{HOST}:{smtp_port}?timeout=5"
    return env


class Portal:
    def __init__(self, instance: Path, workers: int = 2, smtp_port: int | None = None) -> None:
        self.instance, self.workers, self.smtp_port = instance, workers, smtp_port
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = instance / "serve.log"
        assert_loopback(HOST)

    def __enter__(self) -> "Portal":
        env = environment(self.instance, self.smtp_port)
        subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.serve", "--host", HOST, "--port", str(self.port),
                 "--workers", str(self.workers)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        session, deadline = LoopbackSession(), time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the portal exited ({self.process.returncode}); "
                                   f"see {self.log}")
            try:
                if session.get(f"{self.base}/healthz", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"the portal did not answer /healthz within 60 s; see {self.log}")

    def __exit__(self, *_) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # web.serve stops gunicorn and the job consumer
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this probe started
            self.process.wait(timeout=5)
        try:  # anything of that group still alive (a stuck worker) goes too
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
