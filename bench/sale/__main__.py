"""`make bench-sale` (see bench/sale/__init__.py). Loopback only and bounded: BUYERS buyers, at
most buyers.MAX_REQUESTS requests each, DEADLINE seconds in all. Prints one table, writes the
same as JSON to instance/bench-sale-<timestamp>.json, and exits 1 if a flat was held twice, a
citizen holds two places, or any request got a 5xx (2 if PostgreSQL or Redis is not there)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import servers, targets
from bench.sale import invariants, report
from bench.sale.stores import fresh_database, fresh_redis, open_sale

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/egov_bench_sale"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench.sale")
    parser.add_argument("--buyers", type=int, default=10_000)
    parser.add_argument("--spawn-rate", type=float, default=50,
                        help="buyers arriving per second")
    parser.add_argument("--pre-queue-seconds", type=float, default=8,
                        help="the sale opens this long after the first buyer arrives")
    parser.add_argument("--deadline", type=float, default=900, help="seconds for the buyers")
    parser.add_argument("--workers", type=int, default=2, help="portal processes (≥ 2)")
    parser.add_argument("--capacity", type=int, default=60,
                        help="citizens inside the sale at once (EGOV_WAITING_ROOM_CAPACITY), "
                             "sized for this 2-core machine")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    return parser.parse_args()


def _bare_reference(env: dict, base: str, workdir: Path) -> dict:
    """The bare Flask page (the portal's home page, served bare) under the portal's gunicorn
    configuration, 50 users for 5 s."""
    page = workdir / "bare-page.html"
    page.write_text(targets.Browser(base).get("/"))
    with servers.bare(env, page_file=page) as bare:
        return servers.load(bare, [servers.BARE], 5, 50, workdir)[0]


def main() -> int:
    args = _arguments()
    for url in (args.database_url, args.redis_url):
        servers.assert_loopback(url.replace("postgresql+psycopg://postgres@", "http://"))
    problem = fresh_database(args.database_url) or fresh_redis(args.redis_url)
    if problem:
        print(f"bench-sale needs PostgreSQL and Redis on 127.0.0.1: {problem}", file=sys.stderr)
        return 2
    started = time.monotonic()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "buyers": args.buyers,
                     "workers": args.workers, "capacity": args.capacity}
    with tempfile.TemporaryDirectory(prefix="egov-bench-sale-") as instance:
        workdir = Path(instance)
        env = {**servers.portal_environment(instance), "EGOV_DATABASE_URL": args.database_url,
               "EGOV_REDIS_URL": args.redis_url, "EGOV_WORKERS": str(args.workers),
               "EGOV_WAITING_ROOM_CAPACITY": str(args.capacity)}
        subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=servers.ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        buyers_file = workdir / "buyers.json"
        subprocess.run([sys.executable, "-m", "bench.sale.seed", str(buyers_file),
                        str(args.buyers)], cwd=servers.ROOT, env=env, check=True)
        sale_id = json.loads(buyers_file.read_text())["sale_id"]
        results["seed_seconds"] = round(time.monotonic() - started, 1)
        with servers.portal(env) as base:
            results["bare"] = _bare_reference(env, base, workdir)
            out = workdir / "buyers-results.json"
            buyers = subprocess.Popen(
                [sys.executable, "-m", "bench.sale.buyers", str(buyers_file), str(out), base,
                 str(args.spawn_rate), str(args.deadline)], cwd=servers.ROOT)
            time.sleep(args.pre_queue_seconds)
            opened_at = open_sale(args.database_url, sale_id)
            buyers.wait()
            results["load"] = json.loads(out.read_text())
        results["database"] = invariants.check(args.database_url, sale_id, opened_at)
    results["seconds"] = round(time.monotonic() - started, 1)
    print(report.table(results))
    print(f"written: {report.write_json(results)}")
    return 0 if report.holds(results) else 1


if __name__ == "__main__":
    sys.exit(main())
