"""Those inside a sale go first: a WSGI gate that lets at most `at_once` of the crowd's requests
(arrivals and waiting pages of a sale, leaving its line) run at once in this process, while the
requests of citizens inside the sale (an admission cookie, Təsdiq et, signing) never wait for it.

On sale day the crowd outnumbers those inside fifty to one. Served side by side, every thread of
a process shares the interpreter equally, so ten thousand arrivals stretched each hold and
signature to seconds (make bench-sale: hold p99 1.6–3.5 s while most threads were serving
newcomers). A large site's waiting room runs on other machines than the sale; in one process the
same is had by making the crowd take turns: the sale's pages keep their pace, and a newcomer's
place in the line waits a little longer to be given (in arrival order: the gate's waiters are
woken first come, first served).

The gate is a scheduler, not a lock: a request that waits too long, or finds more than
`most_waiting` ahead of it, goes on anyway, so the crowd can never hold every thread of the
process while the gate is closed (a request waiting here holds a thread)."""
from __future__ import annotations

import threading
from typing import Callable, Iterable


class CrowdGate:
    """`is_crowd(environ)`: whether a request is the crowd's (decided before Flask runs, so it
    must be cheap: a path and a cookie, no session, no database)."""

    def __init__(self, wsgi_app: Callable, is_crowd: Callable[[dict], bool], *,
                 at_once: int, most_waiting: int, longest_wait_seconds: float = 10.0):
        self.wsgi_app, self.is_crowd = wsgi_app, is_crowd
        self._slots = threading.BoundedSemaphore(max(1, at_once))
        self._most_waiting, self._longest_wait = most_waiting, longest_wait_seconds
        self._waiting = 0
        self._count = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.is_crowd(environ):
            return self.wsgi_app(environ, start_response)
        with self._count:
            crowded = self._waiting >= self._most_waiting
            if not crowded:
                self._waiting += 1
        if crowded:
            return self.wsgi_app(environ, start_response)
        try:
            slot = self._slots.acquire(timeout=self._longest_wait)
        finally:
            with self._count:
                self._waiting -= 1
        try:
            # the whole answer is made inside the slot (a Flask answer's work ends at close())
            body = self.wsgi_app(environ, start_response)
            try:
                return [b"".join(body)]
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            if slot:
                self._slots.release()
