"""The portal as `make run` serves it (gunicorn, web.serve's command) on a free loopback port:
slow clients do not hold it up (finding 2 of the hardening probe) and a chunked body over the
limit is refused (finding 9). A short version of the probe's 24 slow sockets × 20 s."""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from core.platform.settings import Settings
from web import serve
from tests.server_database import DemoSnapshot

SLOW_CLIENTS = 24
HELD_SECONDS = 6
WORST_ALLOWED_SECONDS = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, timeout: float = 10) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        status = connection.getresponse().status
    finally:
        connection.close()
    return status, time.monotonic() - started


@pytest.fixture(scope="module")
def portal(database_template, tmp_path_factory):
    """One gunicorn for the module (starting one takes seconds on a small machine)."""
    tmp_path = tmp_path_factory.mktemp("serving")
    if isinstance(database_template, DemoSnapshot):  # a server (EGOV_TEST_DATABASE_URL)
        database_template.restore()
        database_url = database_template.url
    else:
        copy = tmp_path / "egov.sqlite3"
        shutil.copyfile(database_template, copy)
        database_url = f"sqlite:///{copy}"
    settings = replace(Settings.from_environment(), instance_path=tmp_path / "instance",
                       database_url=database_url, workers=2)
    port = _free_port()
    environment = serve.serving_environment(settings)
    environment.update(EGOV_DATABASE_URL=database_url, EGOV_INSTANCE_PATH=str(tmp_path / "instance"),
                       EGOV_SECRET_KEY="test-secret-key", EGOV_SANDBOX="1",
                       EGOV_GUIDES_DIR=str(Path(__file__).resolve().parent.parent / "site"))
    environment.pop("EGOV_REDIS_URL", None)
    process = subprocess.Popen(serve.gunicorn_command(settings, "127.0.0.1", port),
                               env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(port, "/healthz", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, "gunicorn did not start"
        assert time.monotonic() < deadline, "gunicorn did not answer in time"
        time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=30)


def _slow_client(port: int, stop: threading.Event) -> None:
    """Sends a request's headers one line a second and never finishes them."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while not stop.wait(1.0):
            n += 1
            try:
                sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())
            except OSError:
                return


def test_slow_clients_do_not_delay_the_health_check(portal):
    stop = threading.Event()
    slow = [threading.Thread(target=_slow_client, args=(portal, stop), daemon=True)
            for _ in range(SLOW_CLIENTS)]
    for client in slow:
        client.start()
    time.sleep(0.5)  # every slow socket is connected and holding
    latencies, ends = [], time.monotonic() + HELD_SECONDS
    try:
        while time.monotonic() < ends:
            status, took = _get(portal, "/healthz")
            assert status == 200
            latencies.append(took)
            time.sleep(0.5)
    finally:
        stop.set()
    assert len(latencies) >= HELD_SECONDS
    assert max(latencies) < WORST_ALLOWED_SECONDS, f"worst /healthz: {max(latencies):.2f} s"


def test_a_chunked_body_over_the_limit_gets_413_through_gunicorn(portal):
    body = b"login=" + b"a" * (256 * 1024)
    connection = http.client.HTTPConnection("127.0.0.1", portal, timeout=20)
    try:
        connection.putrequest("POST", "/daxil-ol/sifre")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(body), 16 * 1024):
            part = body[start:start + 16 * 1024]
            connection.send(b"%x\r\n%s\r\n" % (len(part), part))
        connection.send(b"0\r\n\r\n")
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_metrics_add_up_every_worker(portal):
    for _ in range(20):  # spread over both workers by the kernel's accept queue
        assert _get(portal, "/healthz")[0] == 200
    connection = http.client.HTTPConnection("127.0.0.1", portal, timeout=10)
    try:
        connection.request("GET", "/metrics")
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    assert response.status == 200
    counted = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                  if line.startswith("egov_requests_total{") and 'endpoint="healthz"' in line)
    assert counted >= 20  # every worker's count, not only the one that answered /metrics
