"""E-mail notices: address checks, the durable outbox, delivery through a real SMTP server on
loopback, and retries when the server is down."""
from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from hypothesis import given, strategies as st

from core.notifications import outbox as n
from core.kernel.db import transaction, utcnow
from core.notifications.models import OutboxMessage
from tests.core.smtp_support import Collect


class RefuseRecipient:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


def smtp_transport(port: int) -> dict:
    settings = n.SmtpSettings.from_url(f"smtp://127.0.0.1:{port}?timeout=3")
    return {n.EMAIL: n.SmtpMailer(settings, "E-hökumət portalı <no-reply@portal.test>")}


def queue(factory, recipient="aysel@example.az", **kw) -> int:
    with transaction(factory) as session:
        return n.queue_email(session, recipient, "Ödəniş qəbul edildi",
                             "Telefon abunə haqqı: 2.50 AZN ödənildi.", **kw).id


def stored(factory, message_id) -> OutboxMessage:
    with transaction(factory) as session:
        return session.get(OutboxMessage, message_id)


# ---- addresses

@pytest.mark.parametrize("address", [
    "aysel@example.az", "Aysel.Mammadova+bills@mail.example.com", "a@b.co",
    "x_y-z@sub-domain.example.org", "aysel@müəllim.az",
])
def test_ordinary_addresses_are_accepted(address):
    assert n.normalise_email(address).split("@")[0] == address.split("@")[0]


def test_spaces_are_trimmed_and_the_domain_is_lower_cased():
    assert n.normalise_email("  Aysel@Example.AZ ") == "Aysel@example.az"


@pytest.mark.parametrize("address, reason", [
    ("", "empty"), ("   ", "empty"), ("aysel.example.az", "no_at"), ("a@b@c.az", "no_at"),
    ("@example.az", "local_part"), ("aysel.@example.az", "local_part"),
    ("ay sel@example.az", "local_part"), ("aysel@", "domain"), ("aysel@localhost", "domain"),
    ("aysel@-example.az", "domain"), ("aysel@example..az", "domain"), ("aysel@1.2.3.4", "domain"),
    ("aysel@example.az\r\nBcc: all", "domain"), ("a" * 65 + "@example.az", "local_part"),
    ("a@" + "b" * 250 + ".az", "too_long"),
])
def test_addresses_mail_cannot_reach_are_refused_with_a_reason(address, reason):
    with pytest.raises(n.InvalidEmail) as refused:
        n.normalise_email(address)
    assert refused.value.reason == reason


@given(st.text(max_size=80))
def test_any_text_is_either_a_clean_address_or_refused_with_a_reason(text):
    try:
        address = n.normalise_email(text)
    except n.InvalidEmail as refused:
        assert refused.reason in {"empty", "too_long", "no_at", "local_part", "domain"}
    else:
        assert address.count("@") == 1 and not any(c.isspace() for c in address)
        assert len(address) <= 254


@given(st.emails())
def test_addresses_hypothesis_considers_valid_are_accepted_unless_dotless_or_numeric(address):
    tld = address.rsplit(".", 1)[-1]
    if "." in address.split("@")[1] and not tld.isdigit() and len(tld) >= 2:
        assert n.normalise_email(address).lower() == address.lower()


# ---- the outbox

def test_a_queued_message_is_kept_before_anything_is_sent(factory):
    message = stored(factory, queue(factory))
    assert (message.status, message.attempts, message.channel) == (n.QUEUED, 0, n.EMAIL)


def test_asking_twice_for_the_same_notice_queues_it_once(factory):
    first = queue(factory, dedupe_key="bill:RK-1:aysel@example.az")
    again = queue(factory, dedupe_key="bill:RK-1:aysel@example.az")
    assert first == again


def test_an_invalid_address_is_never_queued(factory):
    with pytest.raises(n.InvalidEmail), transaction(factory) as session:
        n.queue_email(session, "not-an-address", "Mövzu", "Mətn")


def test_sms_share_the_outbox_and_it_lists_newest_first(factory):
    queue(factory)
    with transaction(factory) as session:
        n.queue_sms(session, "0501234567", "Müraciətiniz qeydə alındı.")
    with transaction(factory) as session:
        listed = n.recent(session)
    assert [m.channel for m in listed] == [n.SMS, n.EMAIL]
    assert listed[0].subject is None and listed[0].recipient == "0501234567"


def test_in_the_sandbox_without_smtp_the_outbox_itself_is_the_delivery(factory):
    message_id = queue(factory)
    assert n.deliver(factory, {n.EMAIL: n.OutboxOnly()}, message_id).status == n.SENT
    assert stored(factory, message_id).sent_at is not None


# ---- SMTP on loopback

def test_an_e_mail_notice_arrives_at_a_real_smtp_server(factory, smtp_port):
    handler = Collect()
    server = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        message_id = queue(factory)
        assert n.deliver(factory, smtp_transport(smtp_port), message_id).status == n.SENT
    finally:
        server.stop()
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["aysel@example.az"]
    assert envelope.mail_from == "no-reply@portal.test"
    text = envelope.content.decode()
    assert "Subject: =?utf-8?" in text  # the Azerbaijani subject is encoded, not mangled
    assert stored(factory, message_id).status == n.SENT


def test_when_smtp_is_down_the_notice_waits_and_is_sent_once_it_is_back(factory, smtp_port):
    message_id = queue(factory)
    transport = smtp_transport(smtp_port)  # nothing listens there yet
    first = n.deliver(factory, transport, message_id)
    assert first.status == n.QUEUED and first.retry_in == n.FIRST_RETRY
    message = stored(factory, message_id)
    assert message.attempts == 1 and "Connection" in message.last_error

    # Too early: the next attempt is not due, and nothing is sent twice.
    assert n.deliver(factory, transport, message_id).status == "skipped"

    later = utcnow() + timedelta(minutes=5)
    with transaction(factory) as session:
        assert n.due(session, now=later) == [message_id]
    handler = Collect()
    server = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        assert n.deliver(factory, transport, message_id, now=later).status == n.SENT
    finally:
        server.stop()
    assert len(handler.messages) == 1 and stored(factory, message_id).attempts == 2


def test_retries_are_bounded_and_a_message_that_never_goes_out_is_marked_failed(factory,
                                                                               smtp_port):
    message_id = queue(factory)
    transport = smtp_transport(smtp_port)
    now = utcnow()
    for attempt in range(1, n.MAX_ATTEMPTS + 1):
        result = n.deliver(factory, transport, message_id, now=now)
        now += n.LONGEST_RETRY
        expected = n.FAILED if attempt == n.MAX_ATTEMPTS else n.QUEUED
        assert result.status == expected
    assert stored(factory, message_id).status == n.FAILED
    with transaction(factory) as session:
        assert n.due(session, now=now) == []


def test_a_recipient_the_server_refuses_for_good_is_not_retried(factory, smtp_port):
    server = Controller(RefuseRecipient(), hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        message_id = queue(factory)
        assert n.deliver(factory, smtp_transport(smtp_port), message_id).status == n.FAILED
    finally:
        server.stop()
    assert "550" in stored(factory, message_id).last_error


def test_the_waits_between_attempts_double_up_to_an_hour():
    assert [n.retry_delay(a).total_seconds() / 60 for a in range(1, 9)] == \
        [1, 2, 4, 8, 16, 32, 60, 60]


def test_a_message_whose_job_was_lost_is_picked_up_by_the_sweep(factory):
    message_id = queue(factory)
    with transaction(factory) as session:
        assert n.due(session) == []
        assert n.due(session, now=utcnow() + n.ORPHAN_AFTER) == [message_id]


@pytest.mark.parametrize("url, expected", [
    ("smtp://127.0.0.1:1025", ("127.0.0.1", 1025, False, False, None)),
    ("smtps://mail.example.az", ("mail.example.az", 465, True, False, None)),
    ("smtp://user%40x:p%3Ass@mail.example.az:587?starttls=1",
     ("mail.example.az", 587, False, True, "user@x")),
])
def test_the_smtp_url_names_server_port_encryption_and_login(url, expected):
    s = n.SmtpSettings.from_url(url)
    assert (s.host, s.port, s.use_ssl, s.starttls, s.username) == expected


def test_a_malformed_smtp_url_is_refused_at_start():
    with pytest.raises(ValueError):
        n.SmtpSettings.from_url("http://mail.example.az")
