"""`make bench-sale` (see bench/sale/__init__.py). Loopback only and bounded: BUYERS buyers
arriving over ARRIVAL seconds, at most buyers.MAX_REQUESTS requests each, DEADLINE seconds in
all. Prints every target with its verdict, writes the run as JSON to
instance/bench-sale-<timestamp>.json, and exits 1 if a target was missed (2 if PostgreSQL or
Redis is not there)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path

from bench import servers, targets
from bench.sale import fairness, invariants, report
from bench.sale.stores import fresh_database, fresh_redis, line_store, open_sale
from core.housing.log_audit import audit_sale, wait_until_signed
from core.platform.settings import Settings

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/egov_bench_sale"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"


def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench.sale")
    parser.add_argument("--buyers", type=int, default=10_000)
    parser.add_argument("--arrival-seconds", type=float, default=200,
                        help="the buyers arrive evenly over this long (10,000: 50 a second)")
    parser.add_argument("--pre-queue-seconds", type=float, default=8,
                        help="the sale opens this long after the first buyer arrives")
    parser.add_argument("--deadline", type=float, default=900, help="seconds for the buyers")
    parser.add_argument("--workers", type=int, default=2, help="portal processes (≥ 2)")
    parser.add_argument("--capacity", type=int, default=None,
                        help="most inside the sale at once (EGOV_WAITING_ROOM_CAPACITY); "
                             "default: the portal's own")
    parser.add_argument("--no-js-share", type=float, default=0.1,
                        help="share of buyers whose browser runs no JavaScript")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    return parser.parse_args()


def _load(env: dict, base: str, workdir: Path, sale_id: int) -> tuple[dict, dict]:
    """The bare Flask page (the portal's home page, served bare) under the portal's gunicorn
    configuration, then the queue's shared status on the portal, 50 users for 5 s each."""
    page = workdir / "bare-page.html"
    page.write_text(targets.Browser(base).get("/"))
    with servers.bare(env, page_file=page) as bare:
        bare_row = servers.load(bare, [servers.BARE], 5, 50, workdir)[0]
    status = {"name": "queue status", "method": "GET", "form": None, "headers": {},
              "path": f"/guzestli-menzil/satis/{sale_id}/novbe/veziyyet", "expect": [200]}
    status_row = servers.load(base, [status], 5, 50, workdir)[0]
    status_row["share_of_bare"] = round(status_row["rps"] / bare_row["rps"], 2) \
        if bare_row["rps"] else None
    return bare_row, status_row


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
                     "workers": args.workers, "capacity": args.capacity or "portal default",
                     "no_js_share": args.no_js_share}
    with tempfile.TemporaryDirectory(prefix="egov-bench-sale-") as instance:
        workdir = Path(instance)
        env = {**servers.portal_environment(instance), "EGOV_DATABASE_URL": args.database_url,
               "EGOV_REDIS_URL": args.redis_url, "EGOV_WORKERS": str(args.workers)}
        if args.capacity:
            env["EGOV_WAITING_ROOM_CAPACITY"] = str(args.capacity)
        subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=servers.ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        buyers_file = workdir / "buyers.json"
        subprocess.run([sys.executable, "-m", "bench.sale.seed", str(buyers_file),
                        str(args.buyers)], cwd=servers.ROOT, env=env, check=True)
        sale_id = json.loads(buyers_file.read_text())["sale_id"]
        results["seed_seconds"] = round(time.monotonic() - started, 1)
        with servers.portal(env) as base:
            results["bare"], results["refresh"] = _load(env, base, workdir, sale_id)
            out = workdir / "buyers-results.json"
            buyers = subprocess.Popen(
                [sys.executable, "-m", "bench.sale.buyers", str(buyers_file), str(out), base,
                 str(args.buyers / args.arrival_seconds), str(args.deadline),
                 str(args.no_js_share)], cwd=servers.ROOT)
            time.sleep(args.pre_queue_seconds)
            opened_at = open_sale(args.database_url, sale_id)
            buyers.wait()
            results["load"] = json.loads(out.read_text())
            settings = Settings.from_environment(env)
            signed = wait_until_signed(settings, sale_id, seconds=30)
        results["database"] = invariants.check(args.database_url, sale_id, opened_at)
        found = audit_sale(settings, sale_id)  # the witness's memory is in the instance folder
        results["transparency"] = {
            "all_signed": signed, "checkpoints": found.checkpoints, "entries": found.entries,
            "consistent": found.consistent, "cosigned": found.cosigned,
            "witness_latest_size": found.witness_latest_size,
            "witness_refusals": len(found.witness_refusals), "summary": found.summary()}
        store = line_store(env)
        line, turns = store.line(sale_id, opened_at, timedelta(seconds=30)), store.turns(sale_id)
    records = results["load"]["records"]
    opened = opened_at.replace(tzinfo=timezone.utc).timestamp()
    drawn = line.drawn_at.replace(tzinfo=timezone.utc).timestamp() if line.drawn_at else opened
    results["no_js_buyers"] = sum(not r.get("js", True) for r in records)
    results["queue"] = {"fairness": fairness.inversions(records, turns, drawn),
                        "emptied_seconds": fairness.queue_emptied(records, opened),
                        "times": fairness.queue_times(records), "turns": len(turns),
                        "frontier": fairness.frontier_over_time(turns, opened)}
    results["seconds"] = round(time.monotonic() - started, 1)
    print(report.table(results))
    print(f"written: {report.write_json(results)}")
    return 0 if report.holds(results) else 1


if __name__ == "__main__":
    sys.exit(main())
