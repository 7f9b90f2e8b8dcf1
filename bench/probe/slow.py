"""Slow clients (slowloris): raw connections that send one header line every few seconds and
never finish their request, while a normal client times /healthz and / every half second."""
from __future__ import annotations

import threading
import time

from .loopback import LoopbackSession, raw_socket


def _hold(host: str, port: int, seconds: float, interval: float, stop: threading.Event,
          opened: list) -> None:
    try:
        sock = raw_socket(host, port, timeout=interval + 5)
    except OSError:
        return
    opened.append(1)
    try:
        sock.sendall(f"GET /?slow={id(sock)} HTTP/1.1\r\nHost: {host}:{port}\r\n".encode())
        deadline = time.monotonic() + seconds
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            stop.wait(min(interval, max(0.0, deadline - time.monotonic())))
            n += 1
            sock.sendall(f"X-Slow-{n}: {'a' * 8}\r\n".encode())
    except OSError:
        pass  # the server cut us off: exactly what a protected deployment does
    finally:
        sock.close()


def _measure(base: str, path: str, until: threading.Event, every: float, timeout: float,
             samples: list) -> None:
    session = LoopbackSession()
    session.headers["Accept-Encoding"] = "gzip"  # as a browser asks
    while not until.is_set():
        started = time.perf_counter()
        try:
            status = session.get(base + path, timeout=timeout).status_code
        except OSError as error:  # requests' errors are OSErrors: a timeout counts as its length
            status = type(error).__name__
        elapsed = time.perf_counter() - started
        samples.append({"path": path, "at": round(time.monotonic(), 2),
                        "seconds": round(elapsed, 3), "status": status})
        until.wait(max(0.0, every - elapsed))


def run(base: str, host: str, port: int, sockets: int = 24, seconds: float = 20.0,
        interval: float = 3.0, every: float = 0.5) -> dict:
    stop, done = threading.Event(), threading.Event()
    samples: list[dict] = []
    opened: list = []
    holders = [threading.Thread(target=_hold, args=(host, port, seconds, interval, stop, opened),
                                daemon=True) for _ in range(sockets)]
    meters = [threading.Thread(target=_measure, args=(base, p, done, every, seconds + 10, samples),
                               daemon=True) for p in ("/healthz", "/")]
    for t in holders:
        t.start()
    time.sleep(0.5)  # let the slow connections reach the workers first
    for t in meters:
        t.start()
    for t in holders:
        t.join(seconds + 10)
    stop.set()
    time.sleep(1.0)  # one more round of measurements once the slow clients are gone
    done.set()
    for t in meters:
        t.join(seconds + 15)
    worst = max(samples, key=lambda s: s["seconds"]) if samples else None
    return {"sockets": sockets, "opened": len(opened), "hold_seconds": seconds,
            "header_interval_seconds": interval, "measurements": len(samples),
            "worst_seconds": worst["seconds"] if worst else None, "worst": worst,
            "failed": sum(1 for s in samples if not isinstance(s["status"], int)),
            "by_path": {p: max((s["seconds"] for s in samples if s["path"] == p), default=None)
                        for p in ("/healthz", "/")}}
