"""The portal's gunicorn worker takes every waiting connection when it wakes while it has a
free thread for each, and leaves the rest in the listen queue for the other workers, where
gunicorn's own threaded worker takes one per turn of its loop."""
from __future__ import annotations

import socket
import time
from types import SimpleNamespace

import pytest

from web.platform.accepting_worker import AcceptingWorker


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.setblocking(False)
    yield server
    server.close()


def _worker(threads: int) -> tuple[AcceptingWorker, list]:
    worker = AcceptingWorker.__new__(AcceptingWorker)  # no arbiter: only what accept() uses
    taken: list = []
    worker.cfg = SimpleNamespace(threads=threads, worker_connections=1000)
    worker.nr_conns, worker.in_hand = 0, 0
    worker._counting = __import__("threading").Lock()

    def enqueue(conn):  # the thread pool, holding every request it is given
        worker.in_hand += 1
        taken.append(conn)
    worker.enqueue_req = enqueue
    return worker, taken


def _connect(listener, count: int) -> list[socket.socket]:
    clients = [socket.create_connection(listener.getsockname()) for _ in range(count)]
    time.sleep(0.05)  # the kernel has them all in the listen queue
    return clients


def test_one_wake_up_takes_every_waiting_connection_it_has_threads_for(listener):
    clients = _connect(listener, 12)
    worker, taken = _worker(threads=32)
    worker.accept(listener)
    assert len(taken) == 12 and worker.nr_conns == 12
    worker.accept(listener)  # none waiting: nothing more, no error
    assert len(taken) == 12
    for client in clients:
        client.close()


def test_a_busy_worker_stops_listening_and_leaves_the_rest_to_another(listener):
    clients = _connect(listener, 5)
    worker, taken = _worker(threads=3)
    worker.accept(listener)
    assert len(taken) == 3
    assert not worker.nr_conns < worker.worker_connections  # gunicorn's loop stops listening
    other, also_taken = _worker(threads=32)
    other.accept(listener)
    assert len(also_taken) == 2
    worker.in_hand -= 1  # a request finished: it listens again
    assert worker.nr_conns < worker.worker_connections
    for client in clients:
        client.close()
