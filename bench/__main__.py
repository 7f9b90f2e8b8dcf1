"""`make bench`: the portal as `make run` serves it, measured beside a bare Flask page under the
same gunicorn configuration in the same run (A), each service's journey on emulated 2G and
Slow 3G against its floor (B), and the bytes of every step (C). Loopback only, bounded: about
(1.5 + SECONDS) per target (some 70: every catalogue page, step GET and step POST) plus about
4 minutes of journeys, under 10 minutes in all by default. Absolute figures depend on the
machine and what else runs on it; the ratios are the claims. One table on stdout, the same
as JSON under instance/bench-<timestamp>.json."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import journeys, report, servers, targets

WARM_UP_SECONDS = 5


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


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--seconds", type=float, default=2.5, help="measured seconds per target")
    parser.add_argument("--users", type=int, default=50, help="concurrent Locust users")
    parser.add_argument("--no-journeys", action="store_true", help="skip the slow-link part")
    parser.add_argument("--no-load", action="store_true", help="skip the throughput part")
    args = parser.parse_args()
    started = time.monotonic()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    with tempfile.TemporaryDirectory(prefix="egov-bench-") as instance:
        workdir = Path(instance)
        env = servers.portal_environment(instance)
        with servers.portal(env) as base:
            page = workdir / "bare-page.html"
            page.write_text(targets.Browser(base).get("/"))
            if not args.no_load:
                with servers.bare(env, page) as bare:
                    results["load"] = throughput(base, bare, args.seconds, args.users, workdir)
            if not args.no_journeys:
                results["journeys"] = journeys.run(base)
    results["seconds"] = round(time.monotonic() - started, 1)
    print(report.table(results))
    print(f"written: {report.write_json(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
