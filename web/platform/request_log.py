"""One JSON line per request on the `egov.request` logger: a request id (taken from a proxy's
X-Request-ID when it looks like one, else new; sent back in the answer), the method, the
endpoint and the route pattern, the status and the duration. Never the path as sent, the
query string, a form value or a header: a URL may hold a FİN or a receipt number, a form a
card number. Other loggers' records are JSON lines too, with the request id when there is one."""
from __future__ import annotations

import atexit
import json
import logging
import logging.handlers
import os
import queue
import re
import sys
import time
import traceback
import uuid
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request

from web.platform.config import settings
from core.platform.settings import PROJECT_ROOT
from web.platform import metrics

log = logging.getLogger("egov.request")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
            if has_request_context() and "request_id" in g:
                line["request_id"] = g.request_id
        if record.exc_info:
            line["error"] = where_raised(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def where_raised(exc_info) -> str:
    """The exception's type and the line that raised it, never its message: a message quotes
    what it choked on (`invalid literal for int(): '…'`, `File name too long: '/…/<path>'`),
    and that is the citizen's input."""
    kind, _error, trace = exc_info
    frames = traceback.extract_tb(trace)
    if not frames:
        return kind.__name__
    last = frames[-1]
    where = Path(last.filename)
    shown = where.relative_to(PROJECT_ROOT) if where.is_relative_to(PROJECT_ROOT) else where.name
    return f"{kind.__name__} at {shown}:{last.lineno} in {last.name}"


def configure_logging(level: str) -> None:
    """JSON lines on stderr, written by a thread of their own: a request formats its line
    (the request id is its own) and hands it over. Written by the request's thread, under the
    handler's lock, the lines made a convoy: at sale-day load a thread holding the lock lost
    the interpreter to another, and dozens of requests queued behind one write."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonLines) for h in root.handlers):
        lines: queue.SimpleQueue = queue.SimpleQueue()
        handler = logging.handlers.QueueHandler(lines)
        handler.setFormatter(JsonLines())
        writer = logging.StreamHandler(sys.stderr)
        writer.setFormatter(logging.Formatter("%(message)s"))
        listener = logging.handlers.QueueListener(lines, writer)
        listener.start()
        atexit.register(listener.stop)  # what was handed over is written before the exit
        os.register_at_fork(after_in_child=lambda: _restart(handler, listener))
        root.addHandler(handler)
    root.setLevel(level)


def _restart(handler: logging.handlers.QueueHandler,
             listener: logging.handlers.QueueListener) -> None:
    """A forked child has the queue but not the thread: its own of both (the parent writes
    what it had queued)."""
    handler.queue = listener.queue = queue.SimpleQueue()
    listener._thread = None
    listener.start()


def start() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:
        return response
    seconds = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    response.headers["X-Request-ID"] = g.request_id
    metrics.observe_request(endpoint, request.method, response.status_code, seconds)
    if log.isEnabledFor(logging.INFO):  # the dict is not built when nobody reads it
        _log_request(endpoint, response.status_code, seconds)
    return response


def _log_request(endpoint: str, status: int, seconds: float) -> None:
    log.info("request", extra={"fields": {
        "event": "request", "request_id": g.request_id, "method": request.method,
        "endpoint": endpoint, "route": request.url_rule.rule if request.url_rule else None,
        "status": status, "duration_ms": round(seconds * 1000, 1),
    }})


def init_app(app: Flask) -> None:
    configure_logging(settings(app).log_level)
    app.before_request(start)
    app.after_request(finish)
