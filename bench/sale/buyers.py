"""Run as `python -m bench.sale.buyers BUYERS.json RESULTS.json BASE_URL SPAWN_RATE DEADLINE`:
every buyer of BUYERS.json once, as a Locust FastHttpUser in this process of its own (gevent).

A buyer opens a project's flats list; when the portal sends them to the waiting room they stay
there, refreshing as often as the page itself does, until admitted. Inside, they press Təsdiq
et on a flat the list shows free (another one, at a person's pace, if it was taken meanwhile, up
to MAX_PRESSES), and a buyer who holds a flat signs the purchase application with e-imza. What
a buyer does is bounded (MAX_REQUESTS), and so is the whole run (DEADLINE seconds)."""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from http.cookiejar import Cookie  # noqa: E402
from urllib.parse import urljoin, urlsplit  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

MAX_PRESSES = 3          # flats a buyer tries before giving up
MAX_PROJECTS = 3         # projects a buyer looks through for a free flat
MAX_REQUESTS = 400       # per buyer, waiting-room refreshes included
PRESS_PAUSE = 2.5        # seconds between two presses of one buyer: a person's pace
READING = (1.0, 3.0)     # seconds a person takes to read the list before pressing
HOLD = "Təsdiq et (hold)"

PRESS_FORM = re.compile(r'action="(/guzestli-menzil/menzil/(\d+)/tesdiq)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REFRESH = re.compile(r'hx-trigger="every (\d+)s"')
ALL_CHOSEN = 'id="all-chosen"'

counts: Counter = Counter()
statuses: Counter = Counter()
queue_waits: list[float] = []


@events.request.add_listener
def _count(request_type, name, response, exception, **_kwargs):
    if exception is not None and response is None:
        statuses["connection error"] += 1
        return
    code = getattr(response, "status_code", 0) or 0
    statuses[f"{code // 100}xx"] += 1
    if code >= 500:
        counts[f"5xx {request_type} {name}"] += 1


def _location(answer) -> str:
    """The redirect's target; empty for an answer that never came (a connection error)."""
    return (answer.headers or {}).get("Location", "") if answer is not None else ""


def run(data: dict, results_file: str, base: str, spawn_rate: float, deadline: float) -> int:
    pool = list(data["buyers"])
    random.shuffle(pool)
    sale, projects, pin = data["sale_id"], data["projects"], data["pin"]
    cookie_name = data["cookie_name"]
    host = urlsplit(base).hostname

    class Buyer(FastHttpUser):
        host = base
        wait_time = constant(0)
        # a waiting buyer's connection is not kept open for them while they wait
        concurrency = 1

        def on_start(self):
            if not pool:  # every buyer has come: Locust's refill of stopped users is not one
                self.me = None
                raise StopUser()
            self.me = pool.pop()
            self.requests = 0
            self.client.cookiejar.set_cookie(Cookie(
                0, cookie_name, self.me["cookie"], None, False, host, False, False, "/", True,
                False, None, False, None, None, {}))

        def get(self, path: str, name: str):
            self._spend()
            return self.client.get(path, name=name, allow_redirects=False)

        def post(self, path: str, form: dict, name: str):
            self._spend()
            return self.client.post(path, data=form, name=name, allow_redirects=False)

        def _spend(self):
            self.requests += 1
            if self.requests > MAX_REQUESTS or time.monotonic() > stop_at:
                counts["buyers cut short"] += 1
                raise StopUser()

        def follow(self, answer, path: str, name: str):
            """Follow redirects by hand; a stay in the waiting room is refreshed at the
            page's own pace until it lets the buyer in. Returns the last answer and its path."""
            entered = None
            while True:
                if answer.status_code in (301, 302, 303) and _location(answer):
                    target = urlsplit(urljoin(path, _location(answer)))
                    path = target.path + (f"?{target.query}" if target.query else "")
                    answer = self.get(path, "waiting room" if "/novbe" in path else name)
                    continue
                if answer.status_code == 200 and "/novbe" in path:
                    if entered is None:
                        entered = time.monotonic()
                    if ALL_CHOSEN in (answer.text or ""):
                        counts["told every flat is chosen"] += 1
                        self.leave(answer)
                        raise StopUser()
                    found = REFRESH.search(answer.text or "")
                    gevent.sleep(int(found.group(1)) if found else 5)
                    answer = self.get(path, "waiting room")
                    continue
                if entered is not None:
                    queue_waits.append(time.monotonic() - entered)
                return answer, path

        def on_stop(self):
            if getattr(self, "me", None) is not None:
                finished.append(self.me["fin"])

        @task
        def buy(self):
            counts["buyers"] += 1
            presses, page = 0, None
            looked = random.sample(projects, k=min(MAX_PROJECTS, len(projects)))
            for project in looked:
                url = f"/guzestli-menzil/satis/{sale}/layihe/{project}/?usul=ipoteka"
                page, path = self.follow(self.get(url, "flats list"), url, "flats list")
                while page.status_code == 200:
                    free = PRESS_FORM.findall(page.text or "")
                    token = CSRF.search(page.text or "")
                    if not free or token is None or presses >= MAX_PRESSES:
                        break
                    gevent.sleep(random.uniform(*READING) + (PRESS_PAUSE if presses else 0))
                    action, _flat = random.choice(free)
                    presses += 1
                    counts["attempts"] += 1
                    answer = self.post(action, {"csrf_token": token.group(1), "usul": "ipoteka"},
                                       HOLD)
                    location = _location(answer) if answer.status_code == 303 else ""
                    if "netice=held" in location:
                        counts["holds seen"] += 1
                        self.sign()
                        raise StopUser()
                    outcome = re.search(r"netice=([a-z_]+)", location)
                    counts[f"press: {outcome.group(1) if outcome else answer.status_code}"] += 1
                    page, path = self.follow(answer, path, "flats list")
                if presses >= MAX_PRESSES:
                    break
            counts["buyers without a flat"] += 1
            self.leave(page)
            raise StopUser()

        def leave(self, page):
            """Satışdan çıx: a buyer who gives up lets the next in line in (as the page offers)."""
            token = CSRF.search(page.text or "") if page is not None else None
            if token is not None:
                self.post(f"/guzestli-menzil/satis/{sale}/novbe/cix",
                          {"csrf_token": token.group(1)}, "leave the sale")

        def sign(self):
            page = self.get("/guzestli-menzil/muracietim/e-imza", "e-imza page")
            token = CSRF.search(page.text or "")
            if page.status_code != 200 or token is None:
                counts["signing page missing"] += 1
                return
            answer = self.post("/guzestli-menzil/muracietim/e-imza", {
                "csrf_token": token.group(1), "certificate": self.me["certificate"], "pin": pin,
            }, "e-imza sign")
            if "netice=signed" in _location(answer):
                counts["signatures seen"] += 1
            else:
                counts["signing refused"] += 1

    finished: list[str] = []
    total = len(pool)
    stop_at = time.monotonic() + deadline
    env = Environment(user_classes=[Buyer], events=events)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(len(pool), spawn_rate=spawn_rate)
    gevent.sleep(1)
    while len(finished) < total and time.monotonic() < stop_at + 5:
        gevent.sleep(0.5)
    elapsed = time.monotonic() - started
    runner.quit()
    hold = env.stats.get(HOLD, "POST")
    waits = sorted(queue_waits)
    result = {
        "seconds": round(elapsed, 1), "requests": env.stats.total.num_requests,
        "statuses": dict(statuses), "counts": dict(counts),
        "hold_ms": {q: hold.get_response_time_percentile(p) for q, p in
                    (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))} if hold.num_requests else {},
        "hold_requests": hold.num_requests,
        "pages": {f"{e.method} {e.name}": {"requests": e.num_requests,
                                           "p50_ms": e.get_response_time_percentile(0.5),
                                           "p99_ms": e.get_response_time_percentile(0.99)}
                  for e in env.stats.entries.values()},
        "waiting_room_s": {"buyers": len(waits),
                           "p50": round(waits[len(waits) // 2], 1) if waits else None,
                           "max": round(waits[-1], 1) if waits else None},
    }
    with open(results_file, "w") as out:
        json.dump(result, out)
    return 0


def main() -> int:
    buyers_file, results_file, base, spawn_rate, deadline = sys.argv[1:6]
    with open(buyers_file) as handle:
        data = json.load(handle)
    return run(data, results_file, base, float(spawn_rate), float(deadline))


if __name__ == "__main__":
    sys.exit(main())
