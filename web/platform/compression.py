"""Gzip for our own text answers: on a slow connection the bytes are the wait."""
from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/json", "image/svg+xml",
                "text/plain", "application/javascript"}
MIN_BYTES = 600


def compress(response: Response) -> Response:
    if (response.direct_passthrough or response.is_streamed or response.status_code < 200 or response.status_code == 204
            or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "")):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, 6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress)
