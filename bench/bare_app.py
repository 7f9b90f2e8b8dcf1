"""The ceiling of the throughput table: a bare Flask app answering one static page, served by
the same gunicorn configuration as the portal (bench/servers.py). The page is the portal's own
home page as it was fetched at the start of the run (BENCH_BARE_PAGE, a file), so its size is
the portal's; it is gzipped once at start, because a static page is."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

from flask import Flask, Response, request

app = Flask(__name__)
_PAGE = Path(os.environ["BENCH_BARE_PAGE"]).read_bytes()
_PAGE_GZIP = gzip.compress(_PAGE, 6)


@app.get("/")
def page() -> Response:
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        answer = Response(_PAGE_GZIP, mimetype="text/html")
        answer.headers["Content-Encoding"] = "gzip"
    else:
        answer = Response(_PAGE, mimetype="text/html")
    answer.headers["Vary"] = "Accept-Encoding"
    return answer


@app.get("/healthz")
def healthz() -> str:
    return "ok"
