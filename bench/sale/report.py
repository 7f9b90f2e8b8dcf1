"""The table of a sale-day run, its JSON under instance/, and whether it held."""
from __future__ import annotations

import json
import time
from pathlib import Path

from bench.servers import ROOT


def holds(results: dict) -> bool:
    database, load = results["database"], results["load"]
    return (database["holds"] > 0 and database["flats_held_twice"] == 0 and database["citizens_with_two"] == 0
            and load["statuses"].get("5xx", 0) == 0)


def table(results: dict) -> str:
    database, load, bare = results["database"], results["load"], results["bare"]
    counts, hold = load["counts"], load.get("hold_ms", {})
    pages = load["pages"]
    rows = [
        ("buyers (distinct, signed in beforehand)", results["buyers"]),
        ("portal processes", results["workers"]),
        ("inside the sale at once (waiting-room capacity)", results.get("capacity")),
        ("attempts (Təsdiq et presses)", counts.get("attempts", 0)),
        ("holds", database["holds"]),
        ("signatures", database["signatures"]),
        ("flats", database["flats"]),
        ("flats held twice (must be 0)", database["flats_held_twice"]),
        ("citizens with two flats (must be 0)", database["citizens_with_two"]),
        ("5xx (must be 0)", load["statuses"].get("5xx", 0)),
        ("connection errors", load["statuses"].get("connection error", 0)),
        ("hold request p50 / p95 / p99 ms",
         " / ".join(str(hold.get(q, "-")) for q in ("p50", "p95", "p99"))),
        ("time to sell out, s after the opening (all flats held)", database["sold_out_seconds"]),
        ("time until every flat signed, s", database["all_signed_seconds"]),
        ("time in the waiting room p50 / max s",
         f"{load['waiting_room_s']['p50']} / {load['waiting_room_s']['max']}"),
        ("requests in all", load["requests"]),
        ("buyers' run, s", load["seconds"]),
        ("bare Flask page, req/s (50 users, same gunicorn configuration)", bare["rps"]),
        ("bare Flask page p50 / p99 ms", f"{bare['p50_ms']} / {bare['p99_ms']}"),
    ]
    lines = ["Sale day on loopback (PostgreSQL + Redis)", ""]
    lines += [f"{name:62} {value}" for name, value in rows]
    lines += ["", f"{'request':40} {'count':>7} {'p50 ms':>7} {'p99 ms':>7}"]
    for name, row in sorted(pages.items()):
        lines.append(f"{name[:40]:40} {row['requests']:>7} {row['p50_ms']:>7} {row['p99_ms']:>7}")
    lines += ["", "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    lines.append("verdict: " + ("held" if holds(results) else
                                "FAILED (no hold at all, a flat held twice, a citizen with two "
                                "places or a 5xx)"))
    return "\n".join(lines)


def write_json(results: dict) -> Path:
    out = ROOT / "instance" / f"bench-sale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return out
