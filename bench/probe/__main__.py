"""`python -m bench.probe` (see bench/probe/__init__.py). Prints a table, writes the results
as JSON into the instance folder, and exits 1 when the portal failed any check."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from . import fuzz, mail, paths, redirects, signing, slow
from .discover import HOUSING_PAGES, SANDBOX_PAGES, Crawler, sign_in, sign_in_housing
from .loopback import LoopbackSession
from .portal import HOST, ROOT, Portal

SLOW_LIMIT_SECONDS = 2.0


def _args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.probe", description=__doc__)
    parser.add_argument("--submissions", type=int, default=10_000,
                        help="hostile form submissions in all (default 10000)")
    parser.add_argument("--threads", type=int, default=4, help="client connections (default 4)")
    parser.add_argument("--slow-sockets", type=int, default=24)
    parser.add_argument("--slow-seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--url-requests", type=int, default=1500,
                        help="hostile URLs (numbers, NUL, long and line-broken segments in every "
                        "path and query the crawl saw), at most (default 1500)")
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="bound on the whole run (default 300; 0: none): on a machine too "
                        "slow to send every submission in time, fewer are sent (exit code 2)")
    parser.add_argument("--instance", type=Path, help="keep the portal's instance folder here "
                        "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--out", type=Path, help="JSON report (default: probe.json in "
                        "EGOV_INSTANCE_PATH or instance/, the developer's instance folder)")
    return parser.parse_args(argv)


def _log_errors(log: Path) -> dict[str, int]:
    """Distinct exceptions the portal logged (the last line of each traceback)."""
    found: dict[str, int] = {}
    if not log.exists():
        return found
    pattern = r"Traceback \(most recent call last\):.*?\n(\w[\w.]*(?:Error|Exception|Exit)[^\n]*)"
    for match in re.finditer(pattern, log.read_text(errors="replace"), re.S):
        line = match.group(1)[:160]
        found[line] = found.get(line, 0) + 1
    return found


def _codes(status: dict) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(status.items()))


def _grouped(findings: list[dict], *keys) -> list:
    """Findings with the same request and answer, as one line with the sessions it hit."""
    groups: dict[tuple, list] = {}
    for f in findings:
        key = (f["method"], f["url"].split("?")[0], f["next"], *(f[k] for k in keys))
        groups.setdefault(key, []).append(f)
    return list(groups.items())


def _sessions(hits: list[dict]) -> str:
    kinds = sorted({f"{h['session']}{'+htmx' if h['hx'] else ''}" for h in hits})
    return ", ".join(kinds)


def _table(report: dict) -> list[str]:
    lines = [f"{'endpoint (POST)':58} {'session':9} {'sent':>5}  status codes"]
    totals: dict[str, int] = {}
    for key, row in report["fuzz"].items():
        lines.append(f"{key[:58]:58} {row['owner'][:9]:9} {row['sent']:>5}  "
                     f"{_codes(row['status'])}")
        for code, n in row["status"].items():
            totals[code] = totals.get(code, 0) + n
    sent = sum(r["sent"] for r in report["fuzz"].values())
    lines.append(f"{'TOTAL hostile submissions':58} {'':9} {sent:>5}  {_codes(totals)}")
    nxt = report["next"]
    lines.append(f"{'crafted next (GET + sign-in POST)':58} {'':9} {nxt['requests']:>5}  "
                 f"{_codes(nxt['status'])}")
    urls, addresses = report["urls"], report["addresses"]
    lines.append(f"{'hostile URLs (numbers, NUL, long, line breaks)':58} {'':9} "
                 f"{urls['requests']:>5}  {_codes(urls['status'])}")
    lines.append(f"{'e-mail fields: addresses with a line break':58} {'':9} "
                 f"{addresses['sent']:>5}  {_codes(addresses['status'])}")
    return lines


def _say(started: float, text: str) -> None:
    print(f"probe [{time.monotonic() - started:5.1f} s] {text}", flush=True)


def main(argv=None) -> int:
    args = _args(argv)
    started = time.monotonic()
    report: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    shm = Path("/dev/shm")  # memory-backed when the machine has it: SQLite's fsyncs cost nothing
    scratch_root = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="egov-probe-", dir=scratch_root) as scratch:
        instance = args.instance or Path(scratch)
        instance.mkdir(parents=True, exist_ok=True)
        _say(started, f"starting the portal (instance {instance})")
        with mail.MailSink() as sink, Portal(instance, smtp_port=sink.port) as portal:
            base = portal.base
            _say(started, f"portal up at {base}; crawling")
            report["base"] = base
            crawler = Crawler(base)
            anonymous = LoopbackSession()
            crawler.crawl(anonymous, "anonymous", ["/"])
            crawler.crawl(anonymous, "anonymous", SANDBOX_PAGES)
            signed_in = LoopbackSession()
            answer = sign_in(base, signed_in)
            if not answer.is_redirect:
                raise RuntimeError(f"signing in as aysel failed ({answer.status_code})")
            crawler.crawl(signed_in, "signed-in", ["/"])
            housing = LoopbackSession()
            answer = sign_in_housing(base, housing)
            if not answer.is_redirect:
                raise RuntimeError(f"signing in to Güzəştli mənzil failed ({answer.status_code})")
            crawler.crawl(housing, "housing", HOUSING_PAGES)
            endpoints = list(crawler.endpoints.values())
            report["discovered"] = {"pages": crawler.pages, "post_endpoints": len(endpoints),
                                    "housing_endpoints": sorted(
                                        e.key for e in endpoints if e.owner == "housing"),
                                    "next_targets": sorted(crawler.next_targets)}
            _say(started, f"{crawler.pages} pages crawled, {len(endpoints)} POST endpoints "
                  f"({len(report['discovered']['housing_endpoints'])} of Güzəştli mənzil), "
                  f"{len(crawler.next_targets)} pages taking next")
            report["next"] = redirects.probe(base, crawler.next_targets, signed_in, args.threads)
            _say(started, f"crafted next: {report['next']['requests']} requests")
            sessions = {"anonymous": anonymous, "signed-in": signed_in, "housing": housing}
            report["urls"] = paths.probe(base, sessions, crawler.urls, crawler.actions,
                                         args.threads, args.url_requests)
            _say(started, f"hostile URLs: {report['urls']['requests']} of "
                  f"{report['urls']['targets']} variants, {_codes(report['urls']['status'])}")
            report["addresses"] = fuzz.addresses(base, endpoints, sessions)
            _say(started, f"addresses with a line break: {report['addresses']['sent']} sent, "
                  f"{_codes(report['addresses']['status'])}")
            report["others_asan_imza"] = signing.probe(base, housing)
            _say(started, f"signing with another's Asan İmza: {report['others_asan_imza']}")
            _say(started, f"{args.submissions} hostile submissions, {args.threads} connections")
            deadline = (started + args.max_seconds - args.slow_seconds - 5
                        if args.max_seconds > 0 else float("inf"))
            report["fuzz"] = fuzz.run(base, endpoints, args.submissions, args.threads, args.seed,
                                      deadline)
            _say(started, f"slow clients: {args.slow_sockets} sockets for {args.slow_seconds:g} s")
            report["slow"] = slow.run(base, HOST, portal.port, args.slow_sockets,
                                      args.slow_seconds)
            report["healthy_after"] = LoopbackSession().get(f"{base}/healthz", timeout=30).ok
            report["mail"] = {"received_over_smtp": sink.sink.received}
        report["server_log_exceptions"] = _log_errors(portal.log)
        report["mail"].update(mail.outbox(instance / "egov.sqlite3"))
    report["seconds"] = round(time.monotonic() - started, 1)
    return _finish(report, args)


def _finish(report: dict, args) -> int:
    fuzz_5xx = sum(n for r in report["fuzz"].values() for c, n in r["status"].items()
                   if c[:1] == "5")
    next_5xx = sum(n for c, n in report["next"]["status"].items() if c[:1] == "5")
    url_5xx = sum(n for c, n in report["urls"]["status"].items() if c[:1] == "5")
    url_5xx += sum(n for c, n in report["addresses"]["status"].items() if c[:1] == "5")
    off = len(report["next"]["off_origin"]) + sum(r["off_origin_count"]
                                                  for r in report["fuzz"].values())
    reflected = sum(r["reflected_count"] for r in report["fuzz"].values())
    worst = report["slow"]["worst_seconds"] or 0.0
    failures = {"5xx responses": fuzz_5xx + next_5xx + url_5xx, "off-origin redirects": off,
                "reflected unescaped markup": reflected,
                "e-mail addresses with a line break kept":
                    report["mail"]["addresses_with_a_line_break"],
                "another's Asan İmza: guessing not stopped or PIN2 sent to their phone":
                    signing.failed(report["others_asan_imza"]),
                f"slow-client worst latency > {SLOW_LIMIT_SECONDS:g} s":
                    int(worst > SLOW_LIMIT_SECONDS),
                "/healthz failing after the run": int(not report["healthy_after"])}
    report["failures"] = failures
    print()
    print("\n".join(_table(report)))
    print()
    print(f"off-origin redirects: {off}")
    for (method, path, raw, status, header, value, goes), hits in _grouped(
            report["next"]["off_origin"], "status", "header", "value", "goes_to")[:10]:
        print(f"  {method} {path} next={raw!r} -> {status} {header}: {value!r} -> {goes} "
              f"({_sessions(hits)})")
    for (method, path, raw, status), hits in _grouped(report["next"]["server_errors"],
                                                      "status")[:6]:
        print(f"  5xx: {method} {path} next={raw!r} -> {status} ({_sessions(hits)})")
    for e in report["urls"]["server_errors"][:10]:
        print(f"  5xx: {e['method']} {e['url']} -> {e['status']} ({e['session']})")
    for key, row in report["fuzz"].items():
        for e in row["server_errors"][:2]:
            print(f"  5xx: POST {key} {e['kind']} {e['fields'][:3]}")
        for e in row["reflected"][:2]:
            print(f"  reflected: POST {key} {e['what']} {e['fields'][:3]}")
    s = report["slow"]
    print(f"slow clients: {s['opened']}/{s['sockets']} sockets held {s['hold_seconds']:g} s; "
          f"worst latency {worst:.2f} s (/healthz {s['by_path']['/healthz']} s, "
          f"/ {s['by_path']['/']} s), {s['failed']} of {s['measurements']} measurements failed")
    for line, n in list(report["server_log_exceptions"].items())[:5]:
        print(f"server log: {n} x {line}")
    m = report["mail"]
    print(f"notices: {m['received_over_smtp']} received over SMTP; outbox {m['statuses']}; "
          f"addresses with a line break kept: {m['addresses_with_a_line_break']}")
    print(f"runtime: {report['seconds']} s")
    instance = Path(os.environ.get("EGOV_INSTANCE_PATH") or ROOT / "instance")
    out = args.out or instance / "probe.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(f"written: {out}")
    failed = {k: v for k, v in failures.items() if v}
    sent = sum(r["sent"] for r in report["fuzz"].values())
    print("FAIL: " + ", ".join(f"{k} ({v})" for k, v in failed.items()) if failed else "PASS")
    if sent < args.submissions:
        print(f"INCOMPLETE: {sent} of {args.submissions} hostile submissions sent within "
              f"--max-seconds {args.max_seconds:g} (machine too busy?)")
    return 1 if failed else (2 if sent < args.submissions else 0)


if __name__ == "__main__":
    sys.exit(main())
