"""Run as `python -m bench.sale.costs` (or `make bench-sale-costs`): what one request of each
sale-day step costs the portal, alone, in one thread: CPU milliseconds, database statements
and Redis commands. Under load every round trip is a wait for the network and for a CPU, so
these counts, not only the milliseconds, are what the hot path is cut by.

PostgreSQL and Redis on 127.0.0.1 as `make bench-sale` uses them (a database egov_bench_costs
made afresh, Redis DB 8); 60 buyers, a waiting room of 5, the portal's own app in-process."""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import servers
from bench.sale.stores import fresh_database, fresh_redis, open_sale

DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/egov_bench_costs"
REDIS = "redis://127.0.0.1:6379/8"
BUYERS, CAPACITY, REPEAT = 60, 5, 20
PRESS_FORM = re.compile(r'action="(/guzestli-menzil/menzil/(\d+)/tesdiq)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUEUE_DATA = re.compile(r'data-queue-status="([^"]+)"')


PROFILES: dict = {}


class Counts:
    def __init__(self):
        self.statements = self.redis = self.round_trips = 0
        self.tracing = False

    def install(self, engine) -> None:
        from sqlalchemy import event
        import redis.connection

        def statement(_conn, _cursor, sql, *_args, **_kwargs):
            self.statements += 1
            if self.tracing:
                print("   SQL", " ".join(sql.split())[:150])
        event.listen(engine, "before_cursor_execute", statement)
        original = redis.connection.AbstractConnection.send_packed_command

        def send(connection, command, check_health=True):
            self.redis += 1
            if self.tracing:
                print("   Redis", (command if isinstance(command, bytes) else b"".join(
                    command))[:80])
            return original(connection, command, check_health)
        redis.connection.AbstractConnection.send_packed_command = send
        import psycopg
        waited = psycopg.Connection.wait

        def wait(connection, generator, *args, **kwargs):
            self.round_trips += 1
            return waited(connection, generator, *args, **kwargs)
        psycopg.Connection.wait = wait


@contextmanager
def measured(rows: dict, name: str, counts: Counts):
    statements, commands, trips = counts.statements, counts.redis, counts.round_trips
    counts.tracing = name == os.environ.get("COSTS_TRACE") and name not in rows
    if counts.tracing:
        print(f"-- {name}")
    profiling = name == os.environ.get("COSTS_PROFILE") and len(rows.get(name, {}).get("cpu", [])) >= 1
    if profiling:
        import cProfile
        profile = PROFILES.setdefault(name, cProfile.Profile())
        profile.enable()
    cpu, wall = time.thread_time(), time.perf_counter()
    yield
    if profiling:
        profile.disable()
    row = rows.setdefault(name, {"cpu": [], "wall": [], "sql": [], "redis": [], "pg": []})
    row["cpu"].append((time.thread_time() - cpu) * 1000)
    row["wall"].append((time.perf_counter() - wall) * 1000)
    row["sql"].append(counts.statements - statements)
    row["redis"].append(counts.redis - commands)
    row["pg"].append(counts.round_trips - trips)
    counts.tracing = False


def _client(app, data: dict, buyer: dict):
    client = app.test_client()
    client.set_cookie(data["cookie_name"], buyer["cookie"], domain="localhost")
    return client


def walk(app, data: dict, counts: Counts, rows: dict) -> None:
    sale, project = data["sale_id"], data["projects"][0]
    flats = f"/guzestli-menzil/satis/{sale}/layihe/{project}/?usul=ipoteka"
    buyers = [_client(app, data, b) for b in data["buyers"]]
    inside, waiting = buyers[:CAPACITY], buyers[CAPACITY:]
    for client in inside:  # the first few go straight in
        client.get(flats)
    time.sleep(1.1)  # every copy a second old, as under load
    for client in waiting[:REPEAT]:
        with measured(rows, "arrival (sent to wait)", counts):
            page = client.get(flats)
        assert QUEUE_DATA.search(page.get_data(as_text=True)), "the arrival was not sent to wait"
    status = f"/guzestli-menzil/satis/{sale}/novbe/veziyyet"
    queue = f"/guzestli-menzil/satis/{sale}/novbe?next={flats}"
    for client in waiting[:REPEAT]:
        with measured(rows, "queue status (JS)", counts):
            client.get(status)
        with measured(rows, "queue page (no JS)", counts):
            client.get(queue)
    for client in inside:
        with measured(rows, "flats list (inside)", counts):
            page = client.get(flats).get_data(as_text=True)
        action = PRESS_FORM.findall(page)[inside.index(client)][0]
        token = CSRF.search(page).group(1)
        time.sleep(2.1)  # a person's pace between presses
        with measured(rows, "Təsdiq et (hold)", counts):
            held = client.post(action, data={"csrf_token": token, "usul": "ipoteka"})
        assert "netice=held" in held.headers.get("Location", ""), held.headers.get("Location")
        with measured(rows, "e-imza page", counts):
            page = client.get("/guzestli-menzil/muracietim/e-imza").get_data(as_text=True)
        buyer = data["buyers"][buyers.index(client)]
        with measured(rows, "e-imza sign", counts):
            signed = client.post("/guzestli-menzil/muracietim/e-imza", data={
                "csrf_token": CSRF.search(page).group(1), "certificate": buyer["certificate"],
                "pin": data["pin"]})
        assert "netice=signed" in signed.headers.get("Location", "")
    for client in waiting[REPEAT:REPEAT * 2]:
        page = client.get(flats).get_data(as_text=True)
        with measured(rows, "leave the queue", counts):
            client.post(f"/guzestli-menzil/satis/{sale}/novbe/cix",
                        data={"csrf_token": CSRF.search(page).group(1)})


def table(rows: dict) -> str:
    lines = [f"{'request':28} {'CPU ms p50':>10} {'wall ms p50':>11} {'SQL':>5} "
             f"{'PG round trips':>14} {'Redis':>6}"]
    for name, row in rows.items():
        lines.append(f"{name:28} {statistics.median(row['cpu']):10.2f} "
                     f"{statistics.median(row['wall']):11.2f} {statistics.median(row['sql']):5.0f} "
                     f"{statistics.median(row['pg']):14.0f} {statistics.median(row['redis']):6.0f}")
    return "\n".join(lines)


def main() -> int:
    problem = fresh_database(DATABASE) or fresh_redis(REDIS)
    if problem:
        print(f"bench-sale costs need PostgreSQL and Redis on 127.0.0.1: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="egov-bench-costs-") as instance:
        env = {**servers.portal_environment(instance), "EGOV_DATABASE_URL": DATABASE,
               "EGOV_REDIS_URL": REDIS, "EGOV_WAITING_ROOM_CAPACITY": str(CAPACITY)}
        subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=servers.ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        buyers_file = Path(instance) / "buyers.json"
        subprocess.run([sys.executable, "-m", "bench.sale.seed", str(buyers_file), str(BUYERS)],
                       cwd=servers.ROOT, env=env, check=True)
        data = json.loads(buyers_file.read_text())
        os.environ.update(env)
        from web import create_app
        app = create_app()
        counts = Counts()
        counts.install(app.extensions["egov_db"].engine)
        open_sale(DATABASE, data["sale_id"])
        time.sleep(1.1)
        rows: dict = {}
        walk(app, data, counts, rows)
        print(table(rows))
        for name, profile in PROFILES.items():
            import pstats
            print(f"-- profile of {name} (every one but the first)")
            pstats.Stats(profile).sort_stats(os.environ.get("COSTS_SORT", "tottime")).print_stats(35)
    return 0


if __name__ == "__main__":
    sys.exit(main())
