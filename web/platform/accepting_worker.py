"""gunicorn's threaded worker, taking waiting connections while it has a free thread for
them, all of them at once, and leaving the rest to the other workers.

gunicorn's own threaded worker accepts one connection per turn of its event loop, and each
turn waits for the interpreter behind the request threads. On sale day thousands of waiting
pages open a connection every few seconds (their keep-alive has lapsed); one accept per turn
fell behind, the listen queue overflowed (6,075 overflows in one `make bench-sale` run), and
a dropped connection is retried by the browser after 1, 3, 7, 15, 31 s. Taking every waiting
connection fixed that with two workers, but with more workers one of them took hundreds into
its own queue while the others idled: a worker now takes connections only while fewer
requests than its threads are in hand, and stops listening until one finishes."""
from __future__ import annotations

import sys
import threading

from gunicorn.workers.gthread import ThreadWorker

from core.platform.settings import Settings

MOST_AT_ONCE = 256  # the loop still serves its other events between batches


class AcceptingWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        self.in_hand = 0  # requests given to the thread pool and not finished
        self._counting = threading.Lock()
        super().__init__(*args, **kwargs)

    def init_process(self):
        interval = Settings.from_environment().switch_interval_ms
        if interval:
            sys.setswitchinterval(interval / 1000)
        super().init_process()

    @property
    def worker_connections(self) -> int:
        """What gunicorn's loop compares its open connections with to decide whether to
        listen: a worker with every thread busy does not."""
        if self.in_hand >= self.cfg.threads:
            return min(self.nr_conns, self.cfg.worker_connections)
        return self.cfg.worker_connections

    @worker_connections.setter
    def worker_connections(self, _value) -> None:
        pass  # always the configuration's, as above

    def accept(self, *args):  # (listener) in gunicorn 23+, (server, listener) before
        for _ in range(MOST_AT_ONCE):
            before = self.nr_conns
            super().accept(*args)
            if self.nr_conns == before or self.nr_conns >= self.worker_connections:
                return  # none was waiting (EAGAIN), or every thread has a request

    def enqueue_req(self, conn):
        with self._counting:
            self.in_hand += 1
        super().enqueue_req(conn)

    def handle(self, conn):
        try:
            return super().handle(conn)
        finally:
            with self._counting:
                self.in_hand -= 1
