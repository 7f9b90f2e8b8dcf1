"""What the outside systems' tests share: a clock the test moves (for circuit breakers) and an
in-process transport to the sandbox service that counts the calls it carries."""
from __future__ import annotations

from collections import Counter

from sandbox_service import InProcessTransport


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class CountingTransport(InProcessTransport):
    def __init__(self, app):
        super().__init__(app=app)
        self.calls: Counter = Counter()
        self.headers: list = []  # each request's, in order

    def handle_request(self, request):
        self.calls[(request.method, request.url.path)] += 1
        self.headers.append(request.headers)
        return super().handle_request(request)
