"""Hostile values in the URL itself: every URL the crawl saw (pages, and POST actions with the
session's own CSRF token), with each number in its path or query replaced by one past any
database integer or written in another script's digits, and each path segment by a NUL, a
segment longer than a file name may be, or a line break (which would end in a Location or
Content-Disposition header). Each must get a page that says what happened, never a 5xx.

Numbers the crawl cannot see (they appear only after an event: a pace wait, a wrong PIN on the
sandbox phone) are listed in KNOWN_QUERY_NUMBERS."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from .forms import parse
from .loopback import LoopbackSession

NUMBERS = ["2147483648", "9223372036854775808", "9" * 400, "%C2%B2", "%D9%A1", "%EF%BC%91", "-1"]
SEGMENTS = ["%00", "a%00b", "a" * 256, "%0Aevil", "x%0D%0AX-Injected:%201", "%C9%99" * 130]
QUERY_NUMBERS = ["2147483648", "9223372036854775808", "9" * 400, "²", "١", "１", "-1", "1e9"]
KNOWN_QUERY_NUMBERS = [
    ("/guzestli-menzil/satis/1/bolgu-jurnali", {}, "sehife"),
    ("/guzestli-menzil/satis/1/layihe/1/", {"usul": "ipoteka", "netice": "pace"}, "sonra"),
    ("/sandbox/asan-imza/0501234567", {"netice": "wrong"}, "qalib"),
]
# URLs no crawl reaches: the guides (the crawl leaves them alone) and the action of a case in
# Azərişıq's back office (there is one only after a meter-damage application reached it).
KNOWN_URLS = {"anonymous": (["/guides/index.html", "/guides/az/guzestli-menzil/"],
                            ["/sandbox/azerisiq/AZS-0/netice"])}
SAMPLES = 25
SKIP = re.compile(r"^/(assets|static)/|/(cixis|logout|sign-?out)(/|$)")


def _shape(path: str) -> str:
    return re.sub(r"/[0-9]+(?=/|$)", "/#", path)


def path_variants(path: str) -> list[str]:
    """The path with one segment at a time replaced: a number by hostile numbers, any other
    segment by hostile text."""
    segments = path.split("/")
    found = []
    for i, segment in enumerate(segments):
        if not segment:
            continue
        for value in NUMBERS if segment.isdigit() else SEGMENTS:
            found.append("/".join(segments[:i] + [value] + segments[i + 1:]))
    return found


def query_variants(path: str, query: dict[str, str], names: list[str]) -> list[str]:
    return [f"{path}?{urlencode({**query, name: value})}" for name in names
            for value in QUERY_NUMBERS]


def targets(urls: set[str], posts: set[str]) -> list[tuple[str, str]]:
    """(method, URL) for every variant of every shape of URL seen, once per shape."""
    found: dict[tuple[str, str], None] = {}
    shapes: set[tuple[str, str]] = set()
    for url in sorted(urls):
        parts = urlsplit(url)
        if SKIP.search(parts.path):
            continue
        method = "POST" if url in posts else "GET"
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if (method, _shape(parts.path)) not in shapes:
            shapes.add((method, _shape(parts.path)))
            for variant in path_variants(parts.path):
                found[(method, variant + (f"?{parts.query}" if parts.query else ""))] = None
        numbers = [k for k, v in query.items() if v.isascii() and v.isdigit()]
        if method == "GET" and numbers:
            for variant in query_variants(parts.path, query, numbers):
                found[(method, variant)] = None
    for path, query, name in KNOWN_QUERY_NUMBERS:
        for variant in query_variants(path, query, [name]):
            found[("GET", variant)] = None
    return list(found)


def _token(base: str, session: LoopbackSession, pages: list[str]) -> str | None:
    """A CSRF token of this session (any of its forms takes any of them)."""
    for page in pages:
        try:
            response = session.get(base + page, timeout=15)
        except requests.RequestException:
            continue
        for form in parse(base, page, response.text)[1]:
            if form.csrf():
                return form.csrf()
    return None


def probe(base: str, sessions: dict[str, LoopbackSession], urls: dict[str, set[str]],
          posts: dict[str, set[str]], threads: int, limit: int) -> dict:
    """Every variant for each session that saw the URL, at most `limit` requests in all."""
    report = {"requests": 0, "status": {}, "server_errors": [], "targets": 0}
    work = []
    for owner, seen in urls.items():
        session = sessions[owner]
        token = _token(base, session, sorted(seen)[:20] + ["/daxil-ol/sifre"])
        pages, actions = KNOWN_URLS.get(owner, ([], []))
        for method, url in targets(seen | set(pages) | set(actions),
                                   posts.get(owner, set()) | set(actions)):
            work.append((owner, session, token, method, url))
    report["targets"] = len(work)
    if len(work) > limit:  # an even spread over every kind of URL, not the first ones
        step = len(work) / limit
        work = [work[int(i * step)] for i in range(limit)]

    def send(item):
        owner, session, token, method, url = item
        data = [("csrf_token", token)] if method == "POST" and token else None
        try:
            response = session.request(method, base + url, data=data, timeout=30)
            return owner, method, url, str(response.status_code)
        except requests.RequestException as error:
            return owner, method, url, f"error:{type(error).__name__}"

    with ThreadPoolExecutor(threads) as pool:
        for owner, method, url, code in pool.map(send, work):
            report["requests"] += 1
            report["status"][code] = report["status"].get(code, 0) + 1
            if code[:1] == "5" and len(report["server_errors"]) < SAMPLES:
                report["server_errors"].append({"session": owner, "method": method,
                                                "url": url[:200], "status": code})
    return report
