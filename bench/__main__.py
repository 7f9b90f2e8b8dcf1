"""`make bench`: a rerunnable benchmark of the portal as `make run` serves it (gunicorn,
SQLite, sandbox), on loopback only, with bounded request counts.

It reports ratios measured within one run, so machines of different speed compare:
- bytes on the wire with gzip ÷ without, per page (what a slow connection saves);
- median latency at 8 concurrent clients ÷ at 1 client, per page (how the portal degrades);
- throughput with 2 gunicorn workers ÷ with 1 (how it scales with cores).
Absolute figures are printed too, for the record, but only the ratios are claims."""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/e-xidmetler/", "/e-xidmetler/rabite-nazirliyi/",
         "/xidmet/mobil-cihazlarin-qeydiyyati/", "/guides/", "/healthz"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "web.serve", "--port", str(port),
                                "--workers", str(workers)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the portal did not start")


def _fetch(url: str, gzip: bool = True) -> tuple[float, int]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip else "identity"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as answer:
        size = len(answer.read())
    return time.perf_counter() - started, size


def _latencies(url: str, clients: int, requests: int) -> list[float]:
    with ThreadPoolExecutor(clients) as pool:
        return [t for t, _ in pool.map(lambda _: _fetch(url), range(requests))]


def _throughput(base: str, seconds: float, clients: int = 8) -> float:
    deadline = time.monotonic() + seconds
    done = 0

    def worker(_):
        nonlocal done
        count = 0
        while time.monotonic() < deadline:
            _fetch(f"{base}/e-xidmetler/")
            count += 1
        return count

    with ThreadPoolExecutor(clients) as pool:
        done = sum(pool.map(worker, range(clients)))
    return done / seconds


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--requests", type=int, default=200, help="requests per page and level")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each throughput run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "EGOV_INSTANCE_PATH": instance, "EGOV_SANDBOX": "1",
               "EGOV_DATABASE_URL": f"sqlite:///{instance}/egov.sqlite3", "EGOV_LOG_LEVEL": "ERROR"}
        env.pop("EGOV_REDIS_URL", None)
        subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        report = {"pages": {}}
        process, base = _start(env, workers=2)
        try:
            for path in PAGES:
                url = f"{base}{path}"
                _latencies(url, 2, 20)  # warm up
                zipped, plain = _fetch(url, True)[1], _fetch(url, False)[1]
                one = statistics.median(_latencies(url, 1, args.requests))
                eight = statistics.median(_latencies(url, 8, args.requests))
                report["pages"][path] = {
                    "gzip_bytes": zipped, "plain_bytes": plain,
                    "gzip_ratio": round(zipped / plain, 3),
                    "median_ms_1_client": round(one * 1000, 2),
                    "median_ms_8_clients": round(eight * 1000, 2),
                    "latency_ratio_8_to_1": round(eight / one, 2),
                }
            two_workers = _throughput(base, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=20)
        process, base = _start(env, workers=1)
        try:
            one_worker = _throughput(base, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=20)
        report["throughput_rps"] = {"1_worker": round(one_worker, 1), "2_workers": round(two_workers, 1),
                                    "ratio_2_to_1": round(two_workers / one_worker, 2)}
    print(f"{'page':40} {'gzip/plain':>10} {'p50 1c ms':>10} {'p50 8c ms':>10} {'8c/1c':>6}")
    for path, row in report["pages"].items():
        print(f"{path:40} {row['gzip_ratio']:>10} {row['median_ms_1_client']:>10} "
              f"{row['median_ms_8_clients']:>10} {row['latency_ratio_8_to_1']:>6}")
    t = report["throughput_rps"]
    print(f"throughput /e-xidmetler/: 1 worker {t['1_worker']} req/s, 2 workers {t['2_workers']} req/s,"
          f" ratio {t['ratio_2_to_1']}")
    out = ROOT / "instance" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
