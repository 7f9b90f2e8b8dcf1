"""Delivery statuses (created → sending → delivered / temporary-failure / permanent-failure),
the SMS provider over HTTP, and meter-damage notices that survive SMTP and SMS outages: each
delivered exactly once when the transports are back (counted at the servers)."""
from __future__ import annotations

import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from core.kernel.db import transaction, utcnow
from core.meter_damage import jobs as meter_jobs
from core.notifications import adapters as notification_adapters
from core.notifications import jobs as notification_jobs
from core.notifications import outbox as n
from core.sandbox import sms
from core.notifications.http_sms import HttpSms
from core.platform.outside import OutsideSystem
from core.notifications.models import OutboxMessage
from core.platform import job_queue, this_process
from core.platform.settings import Settings
from core.meter_damage import adapters as meter_adapters
from core.sandbox.azerisiq import SandboxAzerisiq
from tests.core.meter_damage_support import submit
from tests.core.smtp_support import Collect


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    """An SMS provider on loopback that answers `status` and keeps what it was sent."""

    def __init__(self, port: int, status: int = 200):
        self.status, self.received = status, []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                provider.received.append((self.headers.get("Authorization"), body))
                answer = json.dumps({"id": f"P{len(provider.received)}"}).encode()
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def queue_sms(factory, text="Müraciətiniz qeydə alındı.") -> int:
    with transaction(factory) as session:
        return n.queue_sms(session, "0501234567", text).id


def stored(factory, message_id) -> OutboxMessage:
    with transaction(factory) as session:
        return session.get(OutboxMessage, message_id)


def gateway(port: int):
    return {n.SMS: HttpSms(OutsideSystem("sms", f"http://127.0.0.1:{port}", token="tok3n",
                                         retries=0))}


def test_a_message_goes_from_created_through_sending_to_delivered(factory):
    message_id = queue_sms(factory)
    assert stored(factory, message_id).delivery_status == "created"
    provider = Provider(port := free_port())
    try:
        assert n.deliver(factory, gateway(port), message_id).status == n.SENT
    finally:
        provider.stop()
    message = stored(factory, message_id)
    assert (message.delivery_status, message.provider_reference) == ("delivered", "P1")
    [(auth, body)] = provider.received
    assert auth == "Bearer tok3n"
    assert body == {"to": "994501234567", "text": "Müraciətiniz qeydə alındı.",
                    "sender": "E-GOV", "client_ref": f"egov-{message_id}"}


def test_while_the_sms_provider_is_down_the_message_stays_sending_and_is_retried(factory):
    message_id = queue_sms(factory)
    port = free_port()  # nobody listens yet
    assert n.deliver(factory, gateway(port), message_id).status == n.QUEUED
    assert stored(factory, message_id).delivery_status == "sending"
    provider = Provider(port)
    try:
        later = utcnow() + timedelta(minutes=2)
        assert n.deliver(factory, gateway(port), message_id, now=later).status == n.SENT
        assert n.deliver(factory, gateway(port), message_id, now=later).status == "skipped"
    finally:
        provider.stop()
    assert len(provider.received) == 1 and stored(factory, message_id).attempts == 2


@pytest.mark.parametrize("status, delivery_status", [(400, "permanent-failure"),
                                                      (503, "sending"), (429, "sending")])
def test_the_providers_refusals_are_permanent_and_its_troubles_temporary(factory, status,
                                                                         delivery_status):
    message_id = queue_sms(factory)
    provider = Provider(port := free_port(), status=status)
    try:
        n.deliver(factory, gateway(port), message_id)
    finally:
        provider.stop()
    assert stored(factory, message_id).delivery_status == delivery_status


def test_when_every_attempt_fails_for_a_passing_reason_the_message_is_a_temporary_failure(
        factory):
    message_id = queue_sms(factory)
    transport = {n.SMS: sms.SandboxSms(down=True)}
    now = utcnow()
    for _ in range(n.MAX_ATTEMPTS):
        n.deliver(factory, transport, message_id, now=now)
        now += n.LONGEST_RETRY
    message = stored(factory, message_id)
    assert (message.delivery_status, message.status) == ("temporary-failure", n.FAILED)


def test_a_providers_delivery_report_updates_the_message(factory):
    message_id = queue_sms(factory)
    n.deliver(factory, {n.SMS: sms.SandboxSms()}, message_id)
    with transaction(factory) as session:
        assert n.record_delivery_report(session, n.SMS, f"SBX-SMS-{message_id}", False,
                                        "phone switched off")
        assert not n.record_delivery_report(session, n.SMS, "unknown", True)
    assert stored(factory, message_id).delivery_status == "temporary-failure"


# ---- meter-damage notices through the queue, across outages

@pytest.fixture
def queue(factory, tmp_path):
    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path),
                           session_factory=factory)
    yield
    this_process.configure(previous)


def test_notices_queued_while_smtp_and_sms_are_down_are_delivered_once_when_back(factory,
                                                                                  queue):
    smtp_port = free_port()
    sandbox_sms = sms.SandboxSms(down=True)
    transports = notification_adapters.make_transports(
        f"smtp://127.0.0.1:{smtp_port}?timeout=3", "no-reply@portal.test", sandbox=True)
    transports[n.SMS] = sandbox_sms
    this_process.provide(notification_adapters.build, notification_adapters.Adapters(transports))
    this_process.provide(meter_adapters.build, meter_adapters.Adapters(
        people=None, subscribers=None, azerisiq=SandboxAzerisiq(factory, down=True)))

    sent = submit(factory)
    meter_jobs.after_commit(sent.application_id, sent.message_ids)
    job_queue.drain()
    for message_id in sent.message_ids:
        message = stored(factory, message_id)
        assert (message.delivery_status, message.attempts) == ("sending", 1)

    handler = Collect()
    server = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    server.start()
    sandbox_sms.down = False
    try:
        with transaction(factory) as session:  # time passes: the retries are due
            for message in session.execute(select(OutboxMessage)).scalars():
                if message.next_attempt_at:
                    message.next_attempt_at -= timedelta(hours=1)
        for _ in range(3):  # the sweep, run again and again, sends nothing twice
            notification_jobs.sweep_outbox.call_local()
            job_queue.drain()
    finally:
        server.stop()
    assert len(handler.messages) == 1 and handler.messages[0].rcpt_tos == ["aysel@example.az"]
    assert len(sandbox_sms.delivered) == 1
    assert {stored(factory, i).delivery_status for i in sent.message_ids} == {"delivered"}
