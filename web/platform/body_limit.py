"""The largest request body (MAX_CONTENT_LENGTH), also for a body sent without Content-Length.

Werkzeug checks a declared Content-Length; a chunked body (Transfer-Encoding: chunked, which
gunicorn de-chunks and marks wsgi.input_terminated) was cut at the limit and processed as if
complete. This middleware reads such a body up front, at most one byte past the limit: over
it, the request is answered 413 by the app's own error page; within it, the app sees an
ordinary body with its Content-Length."""
from __future__ import annotations

import io

from flask import Flask, abort, request

TOO_LARGE = "egov.body_too_large"


class BodyLimit:
    def __init__(self, wsgi_app, limit: int):
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ, start_response):
        if self._streamed(environ):
            body = _read_at_most(environ["wsgi.input"], self.limit + 1)
            if len(body) > self.limit:
                environ[TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _streamed(environ) -> bool:
        # Werkzeug ignores a Content-Length sent beside Transfer-Encoding: chunked.
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return True
        return not environ.get("CONTENT_LENGTH") and bool(environ.get("wsgi.input_terminated"))


def _read_at_most(stream, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        part = stream.read(min(left, 64 * 1024))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def refuse_oversized() -> None:
    if request.environ.get(TOO_LARGE):
        abort(413)


def init_app(app: Flask) -> None:
    app.wsgi_app = BodyLimit(app.wsgi_app, int(app.config["MAX_CONTENT_LENGTH"]))
    app.before_request(refuse_oversized)
