"""The cookie-keeping client that walks a service to the step a target loads, and the target
dicts handed to bench/load.py as JSON.

A target: name, method, path, form (or None), headers (the walked session's Cookie), expect
(the statuses that are the step's answer), and optionally `location` (the path a redirect
must lead to: a redirect to the sign-in page or to an earlier step is then an error, not a
pass), `contains` (a text the page must show: the sentence of the variant a re-shown form
says) and `prime` (a page each Locust user GETs before every request, in a session of its
own, for the CSRF token and the one-use security code that page gives)."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

from bench.servers import assert_loopback


def input_value(html: str, name: str) -> str | None:
    """The value of the first <input name=`name`> on the page."""
    found = re.search(rf'<input(?=[^>]*\bname="{re.escape(name)}")[^>]*\bvalue="([^"]*)"', html)
    return found.group(1) if found else None


@dataclass
class Group:
    """One service's targets, and what to undo once they are loaded."""
    name: str
    targets: list[dict]
    after: Callable[[], None] = field(default=lambda: None)


@dataclass
class Page:
    status: int
    path: str  # where the redirects ended, with its query
    body: str


class Walker:
    """What walking a service takes, over any cookie-keeping HTTP client that follows
    redirects as a browser does (a POST's 302/303 becomes a GET): `open` is the client's."""

    def open(self, path: str, form: dict | None = None, headers: dict | None = None) -> Page:
        raise NotImplementedError

    def get(self, path: str) -> str:
        return self.open(path).body

    def submit(self, path: str, form: dict, expect_path: str | None = None,
               token_from: str | None = None, headers: dict | None = None) -> Page:
        """GET the step (as the citizen sees it first) for its CSRF token, then POST its form;
        with `expect_path`, fail unless the answer ends there (a walk never goes wrong
        quietly)."""
        token = self.csrf_token(token_from or path)
        page = self.open(path, {"csrf_token": token, **form}, headers)
        if expect_path is not None and not page.path.startswith(expect_path):
            raise RuntimeError(f"POST {path} ended at {page.path} ({page.status}), "
                               f"not {expect_path}: {_text_head(page.body)}")
        return page

    def csrf_token(self, path: str) -> str:
        """A CSRF token of this session from the form on `path` (any form of the session
        takes any of them)."""
        token = input_value(self.get(path), "csrf_token")
        if not token:
            raise RuntimeError(f"no CSRF token on {path}")
        return token


class Browser(Walker):
    """urllib with a cookie jar: the walks that build the targets."""

    def __init__(self, base: str):
        assert_loopback(base)
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, form: dict | None = None, headers: dict | None = None) -> Page:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Page(answer.status, _path_of(answer.geturl()), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, _path_of(error.geturl()), error.read().decode())

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class ContextWalker(Walker):
    """A Playwright browser context's own session over HTTP (its `request`, which shares the
    context's cookies), off any network the context's pages emulate: for what a journey does
    that is not the citizen's page (the sandbox phone, the sale clock, signing out)."""

    def __init__(self, request, base: str):
        assert_loopback(base)
        self.request, self.base = request, base

    def open(self, path: str, form: dict | None = None, headers: dict | None = None) -> Page:
        if form is None:
            answer = self.request.get(self.base + path, headers=headers)
        else:
            answer = self.request.post(self.base + path, form=form, headers=headers)
        return Page(answer.status, _path_of(answer.url), answer.text())


def _path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _text_head(html: str) -> str:
    main = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()[:200]


def get(name: str, path: str, client: Browser | None = None, *, expect: int = 200,
        location: str | None = None, contains: str | None = None,
        headers: dict | None = None) -> dict:
    return _target(name, "GET", path, None, client, [expect], location, contains, headers)


def post(name: str, path: str, form: dict, client: Browser, *, expect: int = 302,
         location: str | None = None, contains: str | None = None,
         headers: dict | None = None, token_from: str | None = None) -> dict:
    """A step POST with a CSRF token of the client's session, read from the step's page (or
    `token_from`, for an address that only takes POSTs)."""
    token = client.csrf_token(token_from or path)
    return _target(name, "POST", path, {"csrf_token": token, **form}, client, [expect],
                   location, contains, headers)


def primed_post(name: str, path: str, form: dict, *, expect: int = 302,
                location: str | None = None, contains: str | None = None) -> dict:
    """A POST each Locust user sends in a session of its own, right after a GET of `path`
    that gives it the CSRF token and the one-use security code the POST takes."""
    target = _target(name, "POST", path, form, None, [expect], location, contains, None)
    target["prime"] = path
    return target


def _target(name, method, path, form, client, expect, location, contains, headers) -> dict:
    if 300 <= expect[0] < 400 and location is None:
        raise ValueError(f"{name}: say where the redirect must lead")
    cookie = {"Cookie": client.cookie_header()} if client is not None else {}
    target = {"name": name, "method": method, "path": path, "form": form,
              "headers": {**cookie, **(headers or {})}, "expect": expect}
    if location is not None:
        target["location"] = location
    if contains is not None:
        target["contains"] = contains
    return target


def answer_check(target: dict):
    """The target's own answer: one of its statuses, a redirect to its `location` (the path
    and query, exactly), and the page showing its `contains` text."""
    expected = set(target["expect"])
    location, contains = target.get("location"), target.get("contains")

    def check(status: int, redirect_to: str | None, text: str) -> str | None:
        if status not in expected:
            return f"status {status}"
        if location is not None:
            went = _path_of(redirect_to or "")
            if went != location:
                return f"redirect to {went[:80]}"
        if contains is not None and contains not in text:
            return f"page without {contains[:40]!r}"
        return None

    return check
