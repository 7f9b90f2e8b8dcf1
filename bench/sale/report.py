"""The table of a sale-day run, each target with its verdict, the JSON under instance/, and
whether every target held (issue 23's targets; the benchmark exits 1 when one is missed)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from bench.servers import ROOT


def _page(load: dict, name: str, quantile: str):
    for key, row in load["pages"].items():
        if key.endswith(" " + name):
            return row.get(f"{quantile}_ms")
    return None


def targets(results: dict) -> list[tuple[str, object, str, bool]]:
    """(what, measured, target, held) for every target of the run."""
    database, load, queue = results["database"], results["load"], results["queue"]
    hold = lambda q: _page(load, "Təsdiq et (hold)", q)  # noqa: E731
    signing = max(filter(None, [_page(load, "e-imza page", "p99"),
                                _page(load, "e-imza sign", "p99")]), default=None)
    share = results["refresh"]["share_of_bare"]

    def at_most(value, bound) -> bool:
        return value is not None and value <= bound

    return [
        ("hold request p50, ms", hold("p50"), "≤ 100", at_most(hold("p50"), 100)),
        ("hold request p99, ms", hold("p99"), "≤ 500", at_most(hold("p99"), 500)),
        ("flats list p99, ms", _page(load, "flats list", "p99"), "≤ 500",
         at_most(_page(load, "flats list", "p99"), 500)),
        ("signing pages p99, ms", signing, "≤ 500", at_most(signing, 500)),
        ("every flat held, s after the opening", database["sold_out_seconds"], "≤ 60",
         at_most(database["sold_out_seconds"], 60)),
        ("queue empty, s after the opening", queue["emptied_seconds"], "≤ 300",
         at_most(queue["emptied_seconds"], 300)),
        ("queue refresh (JS status) / bare page throughput", share, "≥ 0.5",
         share is not None and share >= 0.5),
        ("flats held twice", database["flats_held_twice"], "0", database["flats_held_twice"] == 0),
        ("citizens with two flats", database["citizens_with_two"], "0",
         database["citizens_with_two"] == 0),
        ("5xx answers", load["statuses"].get("5xx", 0), "0", load["statuses"].get("5xx", 0) == 0),
        ("connection errors", load["statuses"].get("connection error", 0), "0",
         load["statuses"].get("connection error", 0) == 0),
        ("fairness inversions after the draw", queue["fairness"]["inversions"], "0",
         queue["fairness"]["inversions"] == 0),
        ("allocation log signed, consistent and witnessed to its end",
         "yes" if log_whole(results["transparency"]) else "no", "yes",
         log_whole(results["transparency"])),
    ]


def log_whole(transparency: dict) -> bool:
    """Every entry under a signed checkpoint, each checkpoint extending the one before, and
    the witness holding the last one having refused nothing."""
    return (transparency["all_signed"] and transparency["consistent"]
            and transparency["witness_refusals"] == 0
            and transparency["witness_latest_size"] == transparency["entries"])


def holds(results: dict) -> bool:
    return results["database"]["holds"] > 0 and all(held for *_r, held in targets(results))


def table_of_targets(results: dict) -> str:
    lines = [f"{'target':58} {'measured':>10}  {'bound':>7}  verdict"]
    for name, value, bound, held in targets(results):
        lines.append(f"{name:58} {str(value):>10}  {bound:>7}  {'met' if held else 'MISSED'}")
    return "\n".join(lines)


def table(results: dict) -> str:
    database, load, bare, queue = (results["database"], results["load"], results["bare"],
                                   results["queue"])
    counts = load["counts"]
    lines = ["Sale day on loopback (PostgreSQL + Redis)", "", table_of_targets(results)]
    facts = [
        ("buyers (distinct, signed in beforehand)", results["buyers"]),
        ("of them without JavaScript (Refresh header)", results["no_js_buyers"]),
        ("portal processes", results["workers"]),
        ("most inside the sale at once (EGOV_WAITING_ROOM_CAPACITY)", results["capacity"]),
        ("attempts (Təsdiq et presses)", counts.get("attempts", 0)),
        ("holds / signatures / flats", f"{database['holds']} / {database['signatures']} / "
                                        f"{database['flats']}"),
        ("time until every flat signed, s", database["all_signed_seconds"]),
        ("time in the waiting room p50 / max, s",
         f"{queue['times']['p50']} / {queue['times']['max']} ({queue['times']['buyers']} buyers)"),
        ("buyers compared for fairness", queue["fairness"]["buyers_compared"]),
        ("frontier moves (pacer steps that admitted)", queue["turns"]),
        ("line let in by 10 s, 20 s, … after the opening",
         ", ".join(str(f) for _s, f in queue.get("frontier", []))),
        ("allocation log", results["transparency"]["summary"]),
        ("requests in all / buyers' run, s", f"{load['requests']} / {load['seconds']}"),
        ("bare Flask page req/s, p50 / p99 ms",
         f"{bare['rps']}, {bare['p50_ms']} / {bare['p99_ms']}"),
        ("queue status req/s, p50 / p99 ms (same load)",
         f"{results['refresh']['rps']}, {results['refresh']['p50_ms']} / "
         f"{results['refresh']['p99_ms']}"),
    ]
    lines += [""] + [f"{name:58} {value}" for name, value in facts]
    lines += ["", f"{'request':40} {'count':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"]
    for name, row in sorted(load["pages"].items()):
        lines.append(f"{name[:40]:40} {row['requests']:>7} {row['p50_ms']:>7} "
                     f"{row.get('p95_ms', '-'):>7} {row['p99_ms']:>7}")
    lines += ["", "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    lines.append("verdict: " + ("every target met" if holds(results) else "FAILED: a target "
                                "above was missed"))
    return "\n".join(lines)


def write_json(results: dict) -> Path:
    out = ROOT / "instance" / f"bench-sale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    kept = {**results, "load": {k: v for k, v in results["load"].items() if k != "records"}}
    out.write_text(json.dumps(kept, indent=2, ensure_ascii=False, default=str))
    return out
