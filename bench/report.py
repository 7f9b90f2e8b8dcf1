"""The one table of a run, and the same results as JSON under instance/."""
from __future__ import annotations

import json
import time
from pathlib import Path

from bench.servers import ROOT


def _throughput_lines(load: dict, database: str) -> list[str]:
    bare = load["bare_rps"]
    width = max([len("target"), *(len(row["name"]) for row in load["targets"])])
    lines = [f"A. Throughput on {database}, {load['users']} users, {load['seconds']} s per target; bare Flask page "
             f"{bare} req/s (mean of the runs before and after)",
             f"{'target':{width}} {'req/s':>7} {'÷bare':>6} {'p50 ms':>7} {'p99 ms':>7} "
             f"{'fail':>5}"]
    for row in load["targets"]:
        lines.append(f"{row['name']:{width}} {row['rps']:>7} {row['share_of_bare']:>6} "
                     f"{row['p50_ms']:>7} {row['p99_ms']:>7} {row['failures']:>5}")
        if row.get("errors"):
            lines.append(f"{'':{width}}   {'; '.join(row['errors'])[:100]}")
    return lines


def _journey_lines(journeys: list[dict]) -> list[str]:
    lines = ["", "B. Slow links, JavaScript on (floor = round trips × latency + bytes ÷ bandwidth)",
             f"{'journey':22} {'link':8} {'time s':>7} {'trips':>6} {'KB':>7} {'floor s':>8} "
             f"{'÷floor':>7}"]
    for row in journeys:
        if "error" in row:
            lines.append(f"{row['journey']:22} {row['profile']:8} failed: {row['error'][:60]}")
            continue
        lines.append(f"{row['journey']:22} {row['profile']:8} {row['seconds']:>7} "
                     f"{row['round_trips']:>6} {row['bytes'] / 1024:>7.1f} "
                     f"{row['floor_seconds']:>8} {row['ratio_to_floor']:>7}")
    lines += ["", "C. Bytes per step (received, KB, headers included; first visit all-in)",
              f"{'journey':22} {'link':8} {'step':20} {'KB':>7} {'trips':>6} {'time s':>7}"]
    for row in journeys:
        for step in row.get("steps", []):
            lines.append(f"{row['journey']:22} {row['profile']:8} {step['step'][:20]:20} "
                         f"{step['bytes'] / 1024:>7.1f} {step['round_trips']:>6} "
                         f"{step['seconds']:>7}")
    return lines


def table(results: dict) -> str:
    lines = []
    for database, load in results.get("load", {}).items():
        lines += _throughput_lines(load, database) + [""]
    if results.get("journeys") is not None:
        lines += _journey_lines(results["journeys"])
    lines.append(f"\nrun: {results['seconds']} s")
    return "\n".join(lines)


def verdict_lines(verdicts: list) -> str:
    missed = sum(not verdict.met for verdict in verdicts)
    return "\n".join(["", f"D. Targets (issue 29): {len(verdicts) - missed} met, {missed} missed",
                      *(verdict.line() for verdict in verdicts)])


def write_json(results: dict) -> Path:
    out = ROOT / "instance" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return out
