"""The queue's part: a notice that cannot be sent now goes out once SMTP is back, and a bill
the bank paid while its provider was down is booked when the provider returns."""
from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from core.bill_payment import billing
from core.bill_payment import checkout as billing_checkout
from core.bill_payment import jobs as billing_jobs
from core.platform import job_queue, this_process
from core.platform.settings import Settings
from core.bill_payment import adapters as bill_adapters
from core.notifications import adapters as notification_adapters
from core.notifications import jobs as notification_jobs
from core.notifications import outbox as n
from core.bill_payment.systems import AZERIQAZ, BAKTELEKOM, TELEFON, Landline
from core.kernel.db import transaction, utcnow
from core.notifications.models import OutboxMessage
from core.payments.models import Payment
from core.sandbox.billing import sandbox_systems
from tests.core.smtp_support import Collect


@pytest.fixture
def queue(factory, tmp_path):
    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path),
                           session_factory=factory)
    yield
    this_process.configure(previous)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(factory, message_id):
    with transaction(factory) as session:
        return session.get(OutboxMessage, message_id).status


def test_a_notice_queued_while_smtp_is_down_is_delivered_by_the_queue_once_it_is_back(
        factory, queue):
    port = free_port()
    this_process.provide(notification_adapters.build, notification_adapters.Adapters(
        notification_adapters.make_transports(f"smtp://127.0.0.1:{port}?timeout=3",
                                                      "no-reply@portal.test", sandbox=True)))
    with transaction(factory) as session:
        message_id = n.queue_email(session, "aysel@example.az", "Ödəniş qəbul edildi",
                                   "2.50 AZN ödənildi.").id
    notification_jobs.enqueue(message_id)
    job_queue.drain()  # the first attempt fails and the job reschedules itself
    assert status_of(factory, message_id) == n.QUEUED
    assert len(job_queue.pending_payloads()) == 1  # rescheduled by its own backoff
    assert all(b"aysel" not in p for p in job_queue.pending_payloads())  # ids only

    with transaction(factory) as session:  # a minute passes: the retry is due
        message = session.get(OutboxMessage, message_id)
        message.next_attempt_at -= n.FIRST_RETRY
    handler = Collect()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        job_queue.drain(now=utcnow() + timedelta(minutes=2))
    finally:
        server.stop()
    assert status_of(factory, message_id) == n.SENT
    assert [e.rcpt_tos for e in handler.messages] == [["aysel@example.az"]]
    assert job_queue.pending_payloads() == []


def test_the_sweep_sends_a_message_whose_job_never_reached_the_queue(factory, queue):
    this_process.provide(notification_adapters.build, notification_adapters.Adapters(
        notification_adapters.make_transports(None, "no-reply@portal.test", sandbox=True)))
    with transaction(factory) as session:
        message = n.queue_sms(session, "0501234567", "Müraciətiniz qeydə alındı.")
        message.created_at = utcnow() - n.ORPHAN_AFTER
    notification_jobs.sweep_outbox.call_local()
    job_queue.drain()
    assert status_of(factory, message.id) == n.SENT


def test_outside_the_sandbox_there_is_no_e_mail_without_an_smtp_server():
    with pytest.raises(RuntimeError):
        notification_adapters.make_transports(None, "no-reply@portal.test", sandbox=False)
    assert set(notification_adapters.make_transports("smtp://mail:25", "a@b.az", sandbox=False)) \
        == {n.EMAIL}


def charged(factory, amount=250) -> str:
    with transaction(factory) as session:
        payment = billing.start_payment(session, key="draft:1", line=Landline("12", "4212372"),
                                        service=TELEFON, amount=amount, debt_before=250)
        billing.record_charge(session, payment.reference, gateway_reference="SBX1",
                              card_brand="visa", card_last4="1111")
        return payment.reference


def test_a_payment_the_provider_could_not_book_is_retried_by_the_queue(factory, queue):
    systems = sandbox_systems(factory, down=frozenset({BAKTELEKOM}))
    this_process.provide(bill_adapters.build, bill_adapters.Adapters(systems=systems))
    reference = charged(factory)
    billing_jobs.post_bill_payment(reference)
    job_queue.drain()
    with transaction(factory) as session:
        assert billing.find(session, reference).status == billing.CHARGED
    systems[BAKTELEKOM].down = False
    job_queue.drain(now=utcnow() + timedelta(minutes=1))
    with transaction(factory) as session:
        assert billing.find(session, reference).status == billing.POSTED


def test_a_payment_the_bank_approved_only_in_the_background_is_still_booked(factory, queue):
    this_process.provide(bill_adapters.build,
                         bill_adapters.Adapters(systems=sandbox_systems(factory)))
    with transaction(factory) as session:
        bill = billing.start_payment(session, key="d:1", line=Landline("12", "4212372"),
                                     service="qaz", amount=1240, debt_before=1240)
        subject = billing_checkout.subject_of(bill.reference)
        charge = Payment(idempotency_key=f"{subject}#1", subject=subject, attempt=1,
                         service_slug=billing.SERVICE_SLUG, description="qaz",
                         amount_qepik=1240, brand="visa", last4="1111", status="approved",
                         gateway_reference="SBX9")
        session.add(charge)
    first = billing_jobs.finish_after_payment(factory, charge)
    again = billing_jobs.finish_after_payment(factory, charge)
    assert first.status == again.status == billing.POSTED
    assert first.provider == AZERIQAZ and first.balance_after == 0


def test_the_sandbox_outage_switch_names_real_providers_only():
    assert bill_adapters.parse_down(" azeriqaz, AZERISIQ ") == {"azeriqaz", "azerisiq"}
    assert bill_adapters.parse_down("") == frozenset()
    with pytest.raises(ValueError):
        bill_adapters.parse_down("azersu")
