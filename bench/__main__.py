"""`make bench`: the portal as `make run` serves it, measured beside a bare Flask page under the
same gunicorn configuration in the same run (A), each service's journey on emulated 2G and
Slow 3G against its floor (B), the bytes of every step (C), the throughput table again on
PostgreSQL + Redis, and every target with its verdict (D, bench/verdicts.py: exit 1 when one is
missed). Loopback only, bounded: about (1.5 + SECONDS) per target (some 70: every catalogue
page, step GET and step POST) per database plus about 4 minutes of journeys, under 15 minutes
in all by default. Absolute figures depend on the
machine and what else runs on it; the ratios are the claims. One table on stdout, the same
as JSON under instance/bench-<timestamp>.json."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import journeys, profile, report, servers, targets, verdicts
from bench.sale.stores import fresh_database, fresh_redis

WARM_UP_SECONDS = 5
DEFAULT_SERVER_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/egov_bench"
DEFAULT_SERVER_REDIS = "redis://127.0.0.1:6379/10"


def throughput(base: str, bare: str, seconds: float, users: int, workdir: Path) -> dict:
    # Unmeasured: the first seconds after a start (workers importing, the job consumer's first
    # rounds) made whichever target came first look slower than it is.
    servers.load(bare, [servers.BARE], WARM_UP_SECONDS, users, workdir)
    servers.load(base, [{**servers.BARE, "name": "warm-up"}], WARM_UP_SECONDS, users, workdir)
    before = servers.load(bare, [servers.BARE], seconds, users, workdir)[0]
    rows = []
    for group in targets.groups(base):  # each built just before it is loaded
        try:
            rows += servers.load(base, group.targets, seconds, users, workdir)
        finally:
            group.after()  # the journeys that follow sign in again
    after = servers.load(bare, [servers.BARE], seconds, users, workdir)[0]
    bare_rps = round((before["rps"] + after["rps"]) / 2, 1)
    for row in rows:
        row["share_of_bare"] = round(row["rps"] / bare_rps, 2) if bare_rps else None
    return {"users": users, "seconds": seconds, "bare_rps": bare_rps,
            "bare_runs": [before, after], "targets": rows}


def _server_environment(env: dict) -> tuple[dict | None, str | None]:
    """The same portal on PostgreSQL and Redis (a database made afresh, Redis DB 10): the
    issue's second table. None and the reason when either server does not answer."""
    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER_DATABASE)
    redis = os.environ.get("BENCH_REDIS_URL", DEFAULT_SERVER_REDIS)
    problem = fresh_database(database) or fresh_redis(redis)
    if problem:
        return None, problem
    return {**env, "EGOV_DATABASE_URL": database, "EGOV_REDIS_URL": redis}, None


def _measure(env: dict, args, workdir: Path, results: dict, database: str,
             journeys_too: bool) -> None:
    with servers.portal(env) as base:
        page = workdir / f"bare-page-{database}.html"
        page.write_text(targets.Browser(base).get("/"))
        if not args.no_load:
            with servers.bare(env, page) as bare:
                results["load"][database] = throughput(base, bare, args.seconds, args.users,
                                                       workdir)
        if journeys_too:
            results["journeys"] = journeys.run(base)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--seconds", type=float, default=2.5, help="measured seconds per target")
    parser.add_argument("--users", type=int, default=50, help="concurrent Locust users")
    parser.add_argument("--no-journeys", action="store_true", help="skip the slow-link part")
    parser.add_argument("--no-load", action="store_true", help="skip the throughput part")
    parser.add_argument("--no-server-database", action="store_true",
                        help="skip the table on PostgreSQL + Redis")
    parser.add_argument("--profile", metavar="TARGET",
                        help="profile the first target whose name contains TARGET, and stop")
    args = parser.parse_args()
    started = time.monotonic()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "load": {}}
    missing: list[verdicts.Verdict] = []
    with tempfile.TemporaryDirectory(prefix="egov-bench-") as instance:
        workdir = Path(instance)
        env = servers.portal_environment(instance)
        if args.profile:
            with servers.portal(env) as base:
                print(f"written: {profile.profile(base, args.profile, env)}")
            return 0
        _measure(env, args, workdir, results, "sqlite", not args.no_journeys)
        if not (args.no_server_database or args.no_load):
            server_env, problem = _server_environment(
                servers.portal_environment(str(workdir / "server")))
            if server_env is None:
                missing.append(verdicts.Verdict("[postgresql] the table on PostgreSQL + Redis",
                                                f"not measured: {problem}", False))
            else:
                _measure(server_env, args, workdir, results, "postgresql", False)
    results["seconds"] = round(time.monotonic() - started, 1)
    judged = verdicts.all_of(results) + missing
    results["verdicts"] = [vars(verdict) for verdict in judged]
    print(report.table(results))
    print(report.verdict_lines(judged))
    print(f"written: {report.write_json(results)}")
    return 0 if all(verdict.met for verdict in judged) else 1


if __name__ == "__main__":
    sys.exit(main())
