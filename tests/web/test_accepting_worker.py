"""The portal's gunicorn worker takes every waiting connection when it wakes (up to its
limit), where gunicorn's own threaded worker takes one per turn of its loop."""
from __future__ import annotations

import socket
import time

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


def _worker(most: int) -> tuple[AcceptingWorker, list]:
    worker = AcceptingWorker.__new__(AcceptingWorker)  # no arbiter: only what accept() uses
    taken: list = []
    worker.nr_conns, worker.worker_connections, worker.cfg = 0, most, None
    worker.enqueue_req = taken.append
    return worker, taken


def _connect(listener, count: int) -> list[socket.socket]:
    clients = [socket.create_connection(listener.getsockname()) for _ in range(count)]
    time.sleep(0.05)  # the kernel has them all in the listen queue
    return clients


def test_one_wake_up_takes_every_waiting_connection(listener):
    clients = _connect(listener, 12)
    worker, taken = _worker(most=1000)
    worker.accept(listener)
    assert len(taken) == 12 and worker.nr_conns == 12
    worker.accept(listener)  # none waiting: nothing more, no error
    assert len(taken) == 12
    for client in clients:
        client.close()


def test_a_full_worker_leaves_the_rest_waiting_for_another(listener):
    clients = _connect(listener, 5)
    worker, taken = _worker(most=3)
    worker.accept(listener)
    assert len(taken) == 3
    other, also_taken = _worker(most=1000)
    other.accept(listener)
    assert len(also_taken) == 2
    for client in clients:
        client.close()
