"""Open redirects: where a browser would really go for a Location or HX-Redirect header, and
crafted `next` values sent to every page that takes one."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit

from .discover import CREDENTIALS, SIGN_IN_PATH, sign_in
from .loopback import LoopbackSession

HEADERS = ("Location", "HX-Redirect", "HX-Location", "Refresh")
# Raw query values (already percent-encoded where shown); each must stay on the portal.
NEXT_VALUES = [
    "/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
    "/%0D%0Aevil", "/%E2%80%8Bx", "%2F%2Fevil.example", "/\t/evil.example", "/%0A/evil.example",
    "/%0D/evil.example", "/%09%09/evil.example", "/%5Cevil.example", "%5C%5Cevil.example",
    "/%2F/evil.example", "///evil.example", "http:evil.example", "https:/%5Cevil.example",
    "%09//evil.example", "/%00/evil.example", "//evil.example%2F@127.0.0.1", "javascript:alert(1)",
    "/%20/evil.example", "/%E3%80%82/evil.example", "//evil%E3%80%82example", "/%C0%AF/evil",
    "/.%2F%2Fevil.example", "/%2e%2e/%2e%2e//evil.example", "%E2%80%AE//evil.example",
]
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$", re.S)


def _host(authority: str, scheme: str) -> str:
    authority = re.split(r"[/?#]", authority, maxsplit=1)[0]
    host = unquote(authority.rsplit("@", 1)[-1]).lower().rstrip(".")
    default = {"http": "80", "https": "443"}.get(scheme, "")
    return host if ":" in host.split("]")[-1] else f"{host}:{default}"


def destination(value: str, base: str) -> str:
    """The origin (scheme://host:port) a browser navigates to for this header value, following
    the WHATWG URL parser's leniencies: surrounding C0 controls and spaces dropped, tabs and
    newlines removed anywhere, backslashes read as slashes, any number of leading slashes."""
    origin = urlsplit(base)
    if value.lower().startswith(("0;", "url=")) or re.match(r"^\d+\s*;", value):  # Refresh
        value = re.sub(r"^\d*\s*;?\s*(url=)?", "", value, flags=re.I).strip("'\"")
    s = re.sub(r"[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r"
                                             "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                                             "\x1a\x1b\x1c\x1d\x1e\x1f "))
    s = s.replace("\\", "/")
    scheme, rest = origin.scheme, s
    if m := SCHEME.match(s):
        scheme, rest = m.group(1).lower(), m.group(2)
        if scheme not in ("http", "https"):
            return f"{scheme}:"          # javascript:, data:, … : never the portal's origin
        if scheme != origin.scheme or rest.startswith("//"):
            return f"{scheme}://{_host(rest.lstrip('/'), scheme)}"
    elif rest.startswith("//"):
        return f"{scheme}://{_host(rest.lstrip('/'), scheme)}"
    joined = urlsplit(urljoin(base, rest))  # a path: the portal itself, unless urljoin disagrees
    return f"{joined.scheme}://{_host(joined.netloc, joined.scheme)}"


def off_origin(response, base: str) -> list[dict]:
    """The redirect headers of a response that lead away from the portal's origin."""
    origin = urlsplit(base)
    here = f"{origin.scheme}://{_host(origin.netloc, origin.scheme)}"
    found = []
    for header in HEADERS:
        value = response.headers.get(header)
        if value is not None and destination(value, base) != here:
            found.append({"header": header, "value": value, "goes_to": destination(value, base),
                          "status": response.status_code})
    return found


def _url(base: str, path: str, query: dict, raw_next: str) -> str:
    others = urlencode({k: v for k, v in query.items() if k != "next"})
    raw = quote(raw_next, safe="%/:@?&=+$,;~!*'()#")  # keep the crafted escapes as they are
    return f"{base}{path}?next={raw}" + (f"&{others}" if others else "")


def probe(base: str, targets: dict[str, dict], signed_in: LoopbackSession,
          threads: int = 4) -> dict:
    """GET every target with every crafted next (anonymous and signed in, htmx or not), and the
    password sign-in POST with each. Returns counts and the off-origin findings."""
    results = {"requests": 0, "status": {}, "off_origin": [], "server_errors": []}

    def record(method, url, raw, response, who, hx):
        results["requests"] += 1
        code = str(response.status_code)
        results["status"][code] = results["status"].get(code, 0) + 1
        where = {"method": method, "url": url[len(base):], "next": raw, "session": who, "hx": hx}
        for finding in off_origin(response, base):
            results["off_origin"].append({**where, **finding})
        if response.status_code >= 500:
            results["server_errors"].append({**where, "status": response.status_code})

    anonymous = LoopbackSession()
    gets = [(_url(base, path, query, raw), raw, who, session, hx)
            for path, query in sorted(targets.items()) for raw in NEXT_VALUES
            for who, session in (("anonymous", anonymous), ("signed-in", signed_in))
            for hx in (False, True)]

    def get(item):
        url, raw, who, session, hx = item
        headers = {"HX-Request": "true"} if hx else {}
        return "GET", url, raw, session.get(url, headers=headers, timeout=15), who, hx

    def post(item):  # signing in with a crafted next: where does the portal send us?
        raw, hx = item
        response = sign_in(base, LoopbackSession(), next_url=unquote(raw), hx=hx)
        who = f"sign-in as {CREDENTIALS['login']}"
        return "POST", _url(base, SIGN_IN_PATH, {}, raw), raw, response, who, hx

    sign_ins = [(raw, hx) for raw in NEXT_VALUES for hx in (False, True)]
    with ThreadPoolExecutor(threads) as pool:
        for answer in [*pool.map(get, gets), *pool.map(post, sign_ins)]:
            record(*answer)
    return results
