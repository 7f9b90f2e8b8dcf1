"""Run as `python -m bench.sale.buyers BUYERS.json RESULTS.json BASE_URL SPAWN_RATE DEADLINE
NO_JS_SHARE`: every buyer of BUYERS.json once, as a Locust FastHttpUser in this process of its
own (gevent).

A buyer opens a project's flats list; when the portal sends them to the waiting room they wait
as their browser would: with JavaScript (most) the page asks the sale's shared status at the
page's own pace and goes on when the line reaches the buyer's place; without it (NO_JS_SHARE)
the page reloads itself as its Refresh header says. Inside, they press Təsdiq et on a flat the
list shows free (another one, at a person's pace, if it was taken meanwhile, up to
MAX_PRESSES), and a buyer who holds a flat signs the purchase application with e-imza. A buyer
told that every flat is chosen leaves the queue. What a buyer does is bounded (MAX_REQUESTS),
and so is the whole run (DEADLINE seconds). Each buyer's arrival, place and the moment they left
the queue are kept for the fairness and queue-time figures (bench/sale/fairness.py)."""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import base64  # noqa: E402
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
MAX_REQUESTS = 400       # per buyer, waiting-room asks included
PRESS_PAUSE = 2.5        # seconds between two presses of one buyer: a person's pace
READING = (1.0, 3.0)     # seconds a person takes to read the list before pressing
HOLD, LIST, STATUS, QUEUE = "Təsdiq et (hold)", "flats list", "queue status (JS)", "queue page"
ARRIVAL = "arrival (the step, or its waiting page)"

PRESS_FORM = re.compile(r'action="(/guzestli-menzil/menzil/(\d+)/tesdiq)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUEUE_DATA = re.compile(r'data-queue-status="([^"]+)" data-place="(\d+)" data-next="([^"]+)"')
ALL_CHOSEN_SHOWN = '<p class="notice notice--warning" id="all-chosen">'

counts: Counter = Counter()
statuses: Counter = Counter()
records: list[dict] = []


@events.request.add_listener
def _count(request_type, name, response, exception, **_kwargs):
    if exception is not None and response is None:
        statuses["connection error"] += 1
        return
    code = getattr(response, "status_code", 0) or 0
    # status 0: no answer came (FastHttpUser's timeout or a dropped connection)
    statuses[f"{code // 100}xx" if code else "connection error"] += 1
    if code >= 500 or code == 0:
        counts[f"{code or 'no answer'} {request_type} {name}"] += 1


def _location(answer) -> str:
    return (answer.headers or {}).get("Location", "") if answer is not None else ""


def _place_in(ticket: str | None) -> int | None:
    """The place a ticket cookie names (its signed payload is base64 JSON: readable)."""
    if not ticket:
        return None
    payload = ticket.split(".", 1)[0]
    try:
        return int(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["p"])
    except (ValueError, KeyError):
        return None


def queue_delay(place: int, status: dict | None) -> float:
    """portal.js's pace: every 2 s near the front, up to 30 s far back; 5 s before the draw."""
    if not place:
        return 5.0
    if not status or not status.get("perMinute"):
        return 2.0
    ahead = max(0, place - status["frontier"] - 1)
    return max(2.0, min(30.0, ahead / status["perMinute"] * 60 / 5)) * random.uniform(0.85, 1.15)


def run(data: dict, results_file: str, base: str, spawn_rate: float, deadline: float,
        no_js_share: float) -> int:
    pool = list(data["buyers"])
    random.shuffle(pool)
    sale, projects, pin = data["sale_id"], data["projects"], data["pin"]
    cookie_name, ticket_cookie = data["cookie_name"], f"yer-{sale}"
    host = urlsplit(base).hostname

    class Buyer(FastHttpUser):
        host = base
        wait_time = constant(0)
        concurrency = 1  # a waiting buyer's connection is not kept open for them

        def on_start(self):
            self.me = pool.pop() if pool else None  # None: Locust refilling a stopped user
            if self.me is None:
                return
            self.requests = 0
            self.js = random.random() >= no_js_share
            self.record = {"js": self.js}
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
            if self.requests > MAX_REQUESTS or time.time() > stop_at:
                counts["buyers cut short"] += 1
                raise StopUser()

        def _ticket_place(self) -> int | None:
            for cookie in self.client.cookiejar:
                if cookie.name == ticket_cookie:
                    return _place_in(cookie.value)
            return None

        def arrive(self, path: str):
            """The buyer's first request: when it went, when it came back, the place given."""
            sent = time.time()
            answer = self.get(path, ARRIVAL)
            self.record.update(sent=sent, received=time.time(), place=self._ticket_place())
            return answer

        def follow(self, answer, path: str):
            """Follow redirects as a browser does; wait in the queue as the buyer's browser
            would. Returns the last answer and its path."""
            waited = False
            while True:
                if answer.status_code in (301, 302, 303) and _location(answer):
                    target = urlsplit(urljoin(path, _location(answer)))
                    path = target.path + (f"?{target.query}" if target.query else "")
                    answer = self.get(path, QUEUE if "/novbe" in path else LIST)
                    continue
                if answer.status_code == 200 and QUEUE_DATA.search(answer.text or ""):
                    if not waited:  # the waiting page: at the queue's address or the step's
                        waited = True
                        self.record.setdefault("queued", time.time())
                    answer, path = self.wait(answer, path)
                    continue
                if waited:
                    self.record.setdefault("admitted", time.time())
                return answer, path

        def wait(self, page, path: str):
            """One stay on the queue page, until it sends the buyer on (or they leave)."""
            if ALL_CHOSEN_SHOWN in (page.text or ""):
                self.told_all_chosen(page)
            found = QUEUE_DATA.search(page.text or "")
            if found is None:
                counts["queue page without its data"] += 1
                raise StopUser()
            status_url, place, next_url = found.group(1), int(found.group(2)), \
                found.group(3).replace("&amp;", "&")
            if not self.js:  # the Refresh header: "5; url=/guzestli-menzil/satis/…/novbe?…"
                seconds, _, target = (page.headers or {}).get("Refresh", "5").partition("; url=")
                gevent.sleep(float(seconds))
                path = target or path
                return self.get(path, QUEUE), path
            status = None
            while True:
                gevent.sleep(queue_delay(place, status))
                answer = self.get(status_url, STATUS)
                status = answer.json() if answer.status_code == 200 else None
                if status is None:
                    continue
                if status["allChosen"]:
                    self.told_all_chosen(page)
                if not status["queue"] or (not place and status["drawn"]):
                    return self.get(path, QUEUE), path  # the page reloads itself, where it is
                if place and status["frontier"] >= place:
                    return self.get(next_url, LIST), next_url

        def told_all_chosen(self, page):
            counts["told every flat is chosen"] += 1
            self.record["left_queue"] = time.time()
            self.leave(page)
            raise StopUser()

        def on_stop(self):
            if getattr(self, "me", None) is not None:
                records.append(self.record)
                finished.append(self.me["fin"])

        @task
        def buy(self):
            if self.me is None:  # every buyer has come
                raise StopUser()
            counts["buyers"] += 1
            presses, page = 0, None
            for number, project in enumerate(random.sample(projects,
                                                           k=min(MAX_PROJECTS, len(projects)))):
                url = f"/guzestli-menzil/satis/{sale}/layihe/{project}/?usul=ipoteka"
                first = self.arrive(url) if number == 0 else self.get(url, LIST)
                page, path = self.follow(first, url)
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
                    page, path = self.follow(answer, path)
                if presses >= MAX_PRESSES:
                    break
            counts["buyers without a flat"] += 1
            self.leave(page)
            raise StopUser()

        def leave(self, page):
            """Satışdan çıx / Növbədən çıx: a buyer who gives up lets the next one in."""
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
            counts["signatures seen" if "netice=signed" in _location(answer)
                   else "signing refused"] += 1

    finished: list[str] = []
    total = len(pool)
    stop_at = time.time() + deadline
    env = Environment(user_classes=[Buyer], events=events)
    runner = env.create_local_runner()
    started = time.time()
    runner.start(len(pool), spawn_rate=spawn_rate)
    gevent.sleep(1)
    while len(finished) < total and time.time() < stop_at + 5:
        gevent.sleep(0.5)
    runner.quit()
    result = {
        "started": started, "seconds": round(time.time() - started, 1),
        "requests": env.stats.total.num_requests, "statuses": dict(statuses),
        "counts": dict(counts), "records": records,
        "pages": {f"{e.method} {e.name}": {
            "requests": e.num_requests, "p50_ms": e.get_response_time_percentile(0.5),
            "p95_ms": e.get_response_time_percentile(0.95),
            "p99_ms": e.get_response_time_percentile(0.99)}
            for e in env.stats.entries.values()},
    }
    with open(results_file, "w") as out:
        json.dump(result, out)
    return 0


def main() -> int:
    buyers_file, results_file, base, spawn_rate, deadline, no_js_share = sys.argv[1:7]
    with open(buyers_file) as handle:
        data = json.load(handle)
    return run(data, results_file, base, float(spawn_rate), float(deadline), float(no_js_share))


if __name__ == "__main__":
    sys.exit(main())
