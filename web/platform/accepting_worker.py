"""gunicorn's threaded worker, taking every waiting connection when it wakes, not one.

The threaded worker's main thread accepts one connection per turn of its event loop, and each
turn waits for the interpreter behind the request threads. On sale day thousands of waiting
pages open a connection every few seconds (their keep-alive has lapsed); one accept per turn
fell behind, the listen queue overflowed (6,075 overflows in one `make bench-sale` run), and
a dropped connection is retried by the browser after 1, 3, 7, 15, 31 s: the queue's refreshes
took a minute. A connection taken in waits in the worker's own queue, in order, instead."""
from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker

MOST_AT_ONCE = 256  # the loop still serves its other events between batches


class AcceptingWorker(ThreadWorker):
    def accept(self, *args):  # (listener) in gunicorn 23+, (server, listener) before
        for _ in range(MOST_AT_ONCE):
            before = self.nr_conns
            super().accept(*args)
            if self.nr_conns == before or self.nr_conns >= self.worker_connections:
                return  # none was waiting (EAGAIN), or the worker is full
