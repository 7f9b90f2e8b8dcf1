"""`make bench ARGS="--profile TARGET"`: where one target's time goes. The target is built as
the throughput table builds it (a session walked to its step on the served portal), then the
same request is answered REPEAT times by the portal's application in this process, on the
same instance (database, secret key), under pyinstrument. Writes an HTML profile and prints
the text one."""
from __future__ import annotations

import os
import time
import urllib.parse
from pathlib import Path

from pyinstrument import Profiler

from bench import targets
from bench.servers import ROOT

REPEAT = 200


def find(base: str, wanted: str) -> tuple[dict, targets.Group]:
    """The first target whose name contains `wanted` (case-insensitive), with its group (whose
    `after` the caller runs once done)."""
    names = []
    for group in targets.groups(base):
        for target in group.targets:
            if wanted.lower() in target["name"].lower():
                return target, group
            names.append(target["name"])
        group.after()
    raise SystemExit(f"no target named like {wanted!r}; the targets are:\n  " + "\n  ".join(names))


def profile(base: str, wanted: str, env: dict) -> Path:
    target, group = find(base, wanted)
    try:
        return _profile(target, env)
    finally:
        group.after()


def _profile(target: dict, env: dict) -> Path:
    os.environ.update({key: value for key, value in env.items() if key.startswith("EGOV_")})
    from web import create_app  # after the environment names the bench's instance

    client = create_app().test_client(use_cookies=False)  # the walked session's Cookie header
    headers = dict(target.get("headers") or {})
    data = urllib.parse.urlencode(target["form"]) if target.get("form") else None

    def answer() -> int:
        return client.open(target["path"], method=target["method"], data=data, headers=headers,
                           content_type="application/x-www-form-urlencoded" if data else None
                           ).status_code

    statements = _count_statements()
    status = answer()  # warm: the first request imports and compiles templates
    if status not in target.get("expect", [status]):
        raise SystemExit(f"{target['name']}: answered {status}, expected {target['expect']}")
    cpu_started = time.process_time()
    for _ in range(REPEAT):
        answer()
    cpu_ms = (time.process_time() - cpu_started) * 1000 / REPEAT
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(REPEAT):
            answer()
    per_request_ms = (time.perf_counter() - started) * 1000 / REPEAT
    statements.clear()
    answer()
    out = ROOT / "instance" / f"profile-{_slug(target['name'])}.html"
    out.parent.mkdir(exist_ok=True)
    out.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{target['name']}: {REPEAT} requests in process, {cpu_ms:.2f} ms of CPU each "
          f"({per_request_ms:.2f} ms each under the profiler); {len(statements)} SQL statements each:")
    for statement in statements:
        print(f"  {' '.join(statement.split())[:150]}")
    return out


def _count_statements() -> list[str]:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []
    event.listen(Engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_rest: seen.append(statement))
    return seen


def _slug(name: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in name.lower()).strip("-")[:60]
