"""What a caching proxy in front would do for answers that are the same for everybody, done in
the app process when there is none: a GET of a path the app names (say, a sale's queue status)
answered 200 without a cookie is kept for `seconds` and given again as it was, before Flask
runs at all. The crowd's refreshes then cost a dictionary lookup, not a request's worth of
sessions, hooks and headers; the app itself answers once per `seconds` per process (and while
it does, others get the copy they had). Only paths whose view declares its answer public
(Cache-Control: public) belong here: an answer that set a cookie or varies is never kept."""
from __future__ import annotations

import re
import threading
import time
from typing import Callable, Iterable

PER_REQUEST = {"x-request-id"}  # headers that belong to one answer, never replayed


class SharedAnswers:
    def __init__(self, wsgi_app: Callable, path: str, seconds: float = 1.0,
                 clock=time.monotonic):
        self.wsgi_app, self._path, self._seconds, self._clock = (
            wsgi_app, re.compile(path), seconds, clock)
        self._kept: dict[tuple[str, str], tuple[float, str, list, bytes]] = {}
        self._refreshing: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING") \
                or not self._path.fullmatch(path):
            return self.wsgi_app(environ, start_response)
        key = (path, environ.get("wsgi.url_scheme", "http"))
        kept = self._kept.get(key)
        with self._lock:
            fresh = kept is not None and self._clock() - kept[0] < self._seconds
            if not fresh and kept is not None and key in self._refreshing:
                fresh = True  # another thread is asking the app: the copy we have will do
            if not fresh:
                self._refreshing.add(key)
        if fresh:
            _at, status, headers, body = kept
            start_response(status, headers)
            return [body]
        try:
            return self._ask_app(key, environ, start_response)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _ask_app(self, key, environ: dict, start_response: Callable) -> Iterable[bytes]:
        answered: list = []

        def remember(status, headers, exc_info=None):
            answered[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        status, headers = answered
        names = {name.lower() for name, _value in headers}
        public = any(n.lower() == "cache-control" and "public" in v for n, v in headers)
        if status.startswith("200") and public and not names & {"set-cookie", "vary"}:
            replay = [(n, v) for n, v in headers if n.lower() not in PER_REQUEST]
            self._kept[key] = (self._clock(), status, replay, content)
        return [content]
