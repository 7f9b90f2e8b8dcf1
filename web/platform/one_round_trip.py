"""One round trip per step for htmx: a form step that htmx posts and the view answers with a
redirect within the portal (Post/Redirect/Get), or a boosted link answered with one (a service
that asks for sign-in first), is followed here, on the server, so the browser
gets the next step's page at once, with HX-Push-Url saying which address to show. Plain form
posts (no JavaScript) keep Post/Redirect/Get unchanged; so do refresh, back and bookmarks,
since the pushed address is the step's own GET."""
from __future__ import annotations

import io
from http.cookies import SimpleCookie
from typing import Callable, Iterable
from urllib.parse import urlsplit

REDIRECTS = (301, 302, 303, 307, 308)


class OneRoundTrip:
    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not _htmx_navigation(environ):
            return self.wsgi_app(environ, start_response)
        status, headers, body = _call(self.wsgi_app, environ)
        target = _local_target(status, headers, environ)
        if target is None:
            start_response(status, headers)
            return [body]
        path, query = target
        follow = _get_environ(environ, path, query, _cookies_after(environ, headers))
        next_status, next_headers, next_body = _call(self.wsgi_app, follow)
        merged = _merge_cookies(headers, next_headers)
        if not any(k.lower() in ("hx-push-url", "hx-redirect", "hx-location")
                   for k, _ in merged):
            merged.append(("HX-Push-Url", path + (f"?{query}" if query else "")))
        start_response(next_status, merged)
        return [next_body]


def _htmx_navigation(environ: dict) -> bool:
    """An htmx form post, or a boosted link (Xidmətə keç to a service that sends the visitor
    to sign in first); not a poll, whose redirects htmx follows as before."""
    if environ.get("HTTP_HX_REQUEST") != "true":
        return False
    method = environ.get("REQUEST_METHOD")
    return method == "POST" or (method == "GET" and environ.get("HTTP_HX_BOOSTED") == "true")


def _call(app: Callable, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    captured: dict = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, list(headers)
        return lambda data: captured.setdefault("written", []).append(data)

    result = app(environ, start_response)
    try:
        body = b"".join(captured.get("written", [])) + b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return captured["status"], captured["headers"], body


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name.lower()), None)


def _local_target(status: str, headers, environ) -> tuple[str, str] | None:
    """(path, query) of a redirect that stays on this portal, or None."""
    if int(status.split()[0]) not in REDIRECTS:
        return None
    location = _header(headers, "Location")
    if not location:
        return None
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME")
        if parts.netloc != host:
            return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path, parts.query


def _cookies_after(environ: dict, headers) -> str:
    """The Cookie header the browser would send after this response's Set-Cookie."""
    jar = SimpleCookie()
    jar.load(environ.get("HTTP_COOKIE", ""))
    values = {name: morsel.value for name, morsel in jar.items()}
    for key, value in headers:
        if key.lower() != "set-cookie":
            continue
        cookie = SimpleCookie()
        cookie.load(value)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                values.pop(name, None)
            else:
                values[name] = morsel.value
    return "; ".join(f"{name}={value}" for name, value in values.items())


def _get_environ(environ: dict, path: str, query: str, cookies: str) -> dict:
    follow = {k: v for k, v in environ.items()
              if not k.startswith(("werkzeug.", "flask.")) and k not in ("CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_CONTENT_TYPE",
                           "HTTP_CONTENT_LENGTH", "HTTP_HX_TRIGGER", "HTTP_HX_TRIGGER_NAME")}
    follow.update({"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
                   "wsgi.input": io.BytesIO(b""), "HTTP_COOKIE": cookies})
    return follow


def _merge_cookies(first, second) -> list[tuple[str, str]]:
    """The followed page's headers, plus the post's cookies that the page did not set again."""
    def names(headers):
        found = set()
        for key, value in headers:
            if key.lower() == "set-cookie":
                found.add(value.split("=", 1)[0].strip())
        return found

    again = names(second)
    merged = list(second)
    for key, value in first:
        if key.lower() == "set-cookie" and value.split("=", 1)[0].strip() not in again:
            merged.append((key, value))
    return merged
