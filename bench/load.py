"""Run as `python -m bench.load TARGETS.json RESULTS.json BASE_URL SECONDS USERS`: loads each
target in turn with Locust's FastHttpUser, Locust used as a library in this process of its own
(it patches the standard library with gevent, which the rest of the benchmark must not see).

Per target: USERS users spawned at once, one second of warm-up, then SECONDS measured with the
statistics reset at its start; requests whose status is not one the target expects count as
failures (redirect statuses 302 and 303 are one answer)."""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

WARM_UP_SECONDS = 1.0


def user_class(base: str, target: dict) -> type:
    body = urllib.parse.urlencode(target["form"]) if target["form"] else None
    headers = dict(target["headers"])
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    expected = set(target["expect"])

    class TargetUser(FastHttpUser):
        host = base
        wait_time = constant(0)

        @task
        def hit(self):
            with self.client.request(target["method"], target["path"], data=body, headers=headers,
                                     allow_redirects=False, name=target["name"],
                                     catch_response=True) as answer:
                if answer.status_code in expected:
                    answer.success()
                else:
                    answer.failure(f"status {answer.status_code}")

    return TargetUser


def measure(base: str, target: dict, seconds: float, users: int) -> dict:
    env = Environment(user_classes=[user_class(base, target)], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(WARM_UP_SECONDS)
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    runner.stop()
    elapsed = time.monotonic() - started
    total = env.stats.total
    result = {"name": target["name"], "method": target["method"], "path": target["path"],
              "requests": total.num_requests, "failures": total.num_failures,
              "rps": round(total.num_requests / elapsed, 1),
              "p50_ms": total.get_response_time_percentile(0.5),
              "p99_ms": total.get_response_time_percentile(0.99),
              "errors": sorted({str(e.error) for e in env.stats.errors.values()})[:3]}
    runner.quit()
    _drain(base)
    return result


def _drain(base: str) -> None:
    """Wait until the server has answered what the stopped users left in its queue (a slow
    step leaves many), so the next target is not measured behind them."""
    urllib.request.urlopen(f"{base}/healthz", timeout=120).read()


def main() -> int:
    targets_file, results_file, base, seconds, users = sys.argv[1:6]
    targets = json.loads(open(targets_file).read())
    results = [measure(base, target, float(seconds), int(users)) for target in targets]
    with open(results_file, "w") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
