"""An unhandled error's log line (hardening round three, "also seen"): the README promises logs
never carry a path, a query or a form value, yet Flask's own line said "Exception on <path>
[GET]" and the error field quoted the exception's message, which quotes the input it choked on.
The line names the endpoint, the route pattern and where the error was raised instead."""
from __future__ import annotations

import json
import logging

from web.platform.request_log import JsonLines

FIN = "5ZX8K2P"


class Lines(logging.Handler):
    """Formats each record as it is emitted, inside the request, as the portal's handler does."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonLines())
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


def test_an_unhandled_errors_line_holds_neither_the_path_nor_the_message(app, client):
    @app.get("/_test/boom/<value>")
    def _boom(value):
        int(value + "²")  # ValueError: invalid literal for int() with base 10: '<value>²'

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, not as in TESTING
    handler, root = Lines(), logging.getLogger()
    root.addHandler(handler)
    try:
        response = client.get(f"/_test/boom/{FIN}?nomre={FIN}",
                              headers={"X-Request-ID": "boom-0001"})
    finally:
        root.removeHandler(handler)
    assert response.status_code == 500
    lines = handler.lines
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["message"] == "unhandled error in _boom (GET /_test/boom/<value>)"
    assert error["request_id"] == "boom-0001"
    assert error["error"].startswith("ValueError at tests/web/test_error_log.py:")
    assert FIN not in json.dumps(lines, ensure_ascii=False)
