"""Run as `python -m bench.load TARGETS.json RESULTS.json BASE_URL SECONDS USERS`: loads each
target in turn with Locust's FastHttpUser, Locust used as a library in this process of its own
(it patches the standard library with gevent, which the rest of the benchmark must not see).

Per target: USERS users spawned at once, one second of warm-up, then SECONDS measured with the
statistics reset at its start. A request counts as a failure unless it is the target's answer:
one of its statuses, its redirect's location, its text (bench/targets/client.py). A target
with a `prime` page is measured by its own requests; the prime GET before each counts only
when it fails."""
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

from bench.targets.client import answer_check, input_value  # noqa: E402

WARM_UP_SECONDS = 1.0


def user_class(base: str, target: dict) -> type:
    form = target["form"]
    headers = dict(target["headers"])
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    check = answer_check(target)

    class TargetUser(FastHttpUser):
        host = base
        wait_time = constant(0)

        @task
        def hit(self):
            body = urllib.parse.urlencode(form) if form else None
            if target.get("prime"):
                token = self._prime()
                if token is None:
                    return
                body = urllib.parse.urlencode({**form, "csrf_token": token})
            with self.client.request(target["method"], target["path"], data=body, headers=headers,
                                     allow_redirects=False, name=target["name"],
                                     catch_response=True) as answer:
                problem = check(answer.status_code, answer.headers.get("Location"),
                                answer.text if target.get("contains") else "")
                if problem is None:
                    answer.success()
                else:
                    answer.failure(problem)

        def _prime(self) -> str | None:
            """GET the step in this user's own session (its cookie jar) for the CSRF token
            and the one-use code the POST needs; a failure here is the target's failure."""
            with self.client.get(target["prime"], name=prime_name(target), catch_response=True,
                                 allow_redirects=False) as page:
                token = input_value(page.text or "", "csrf_token") if page.status_code == 200 \
                    else None
                if token is None:
                    page.failure(f"prime status {page.status_code}, no CSRF token")
                return token

    return TargetUser


def prime_name(target: dict) -> str:
    return f"{target['name']} [its GET]"


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
    own = env.stats.get(target["name"], target["method"])  # a prime GET is not the target
    result = {"name": target["name"], "method": target["method"], "path": target["path"],
              "requests": own.num_requests, "failures": env.stats.total.num_failures,
              "rps": round(own.num_requests / elapsed, 1),
              "p50_ms": own.get_response_time_percentile(0.5),
              "p99_ms": own.get_response_time_percentile(0.99),
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
