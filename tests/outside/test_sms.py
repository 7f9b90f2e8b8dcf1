"""SMS over HTTP (core.notifications.http_sms) against the sandbox service's provider, in this
process: a provider answering 500 is retried with backoff and the SMS arrives once, a lost
answer is not a second SMS, a number nobody serves fails for good, a provider behind an open
circuit is a passing failure at once, and delivery reports are taken only when signed."""
from __future__ import annotations

import json
import time
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from core.kernel import db
from core.kernel.db import utcnow
from core.notifications import outbox
from core.notifications.http_sms import BadSignature, HttpSms, apply_delivery_report
from core.notifications.models import OutboxMessage
from core.platform.outside import CircuitBreaker, OutsideSystem, sign
from core.platform.settings import Settings
from sandbox_service import InProcessTransport, create_app
from tests.outside.support import Recording, follows
from sandbox_service.systems.sms import SandboxSmsMessage

MOBILE = "0501234567"



@pytest.fixture
def sandbox(tmp_path):
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"))


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def provider(sandbox, sleeps):
    system = OutsideSystem("sms", "http://sandbox/sms", transport=InProcessTransport(app=sandbox),
                           breaker=CircuitBreaker(), sleep=sleeps.append)
    yield system
    system.close()


@pytest.fixture
def transports(provider):
    return {outbox.SMS: HttpSms(provider)}


def sandbox_client(sandbox) -> httpx.Client:
    return httpx.Client(transport=InProcessTransport(app=sandbox), base_url="http://sandbox")


def fault(sandbox, mode: str, **options) -> None:
    with sandbox_client(sandbox) as client:
        if mode == "off":
            assert client.delete("/faults/sms").status_code == 204
        else:
            assert client.post("/faults/sms", json={"mode": mode, **options}).status_code == 200


def inbox(sandbox) -> list[SandboxSmsMessage]:
    with db.transaction(sandbox.extensions["sandbox_db"]) as session:
        return list(session.execute(select(SandboxSmsMessage)).scalars())


def queue(factory, mobile=MOBILE, text="Təsdiq kodu: 482915") -> int:
    with db.transaction(factory) as session:
        return outbox.queue_sms(session, mobile, text).id


def stored(factory, message_id) -> OutboxMessage:
    with db.transaction(factory) as session:
        return session.get(OutboxMessage, message_id)


def test_a_provider_answering_500_twice_is_retried_with_backoff_and_delivers_once(
        factory, sandbox, transports, sleeps):
    message_id = queue(factory)
    fault(sandbox, "error", count=2)
    assert outbox.deliver(factory, transports, message_id).status == outbox.SENT
    assert sleeps == [0.2, 0.4]  # two backoffs, doubling, then the third try went through
    [sms] = inbox(sandbox)
    assert (sms.to, sms.text, sms.idempotency_key) == (
        "994501234567", "Təsdiq kodu: 482915", f"egov-{message_id}")
    message = stored(factory, message_id)
    assert (message.status, message.delivery_status, message.attempts) == ("sent", "delivered", 1)
    assert message.provider_reference == sms.reference


def test_a_lost_answer_is_repeated_with_the_same_key_and_is_one_sms(
        factory, sandbox, transports):
    message_id = queue(factory)
    fault(sandbox, "lost", count=1)
    assert outbox.deliver(factory, transports, message_id).status == outbox.SENT
    assert len(inbox(sandbox)) == 1


def test_answers_lost_past_the_retries_are_one_sms_when_the_outbox_tries_again(
        factory, sandbox, transports):
    message_id = queue(factory)
    fault(sandbox, "lost", count=3)  # the first attempt and both of its repeats
    assert outbox.deliver(factory, transports, message_id).status == outbox.QUEUED
    assert stored(factory, message_id).delivery_status == "sending"
    later = utcnow() + timedelta(minutes=2)
    assert outbox.deliver(factory, transports, message_id, now=later).status == outbox.SENT
    assert len(inbox(sandbox)) == 1
    assert stored(factory, message_id).attempts == 2


def test_a_number_no_operator_serves_fails_for_good_and_sends_nothing(
        factory, sandbox, transports):
    message_id = queue(factory, mobile="0401234567")
    assert outbox.deliver(factory, transports, message_id).status == outbox.FAILED
    message = stored(factory, message_id)
    assert message.delivery_status == "permanent-failure" and "422" in message.last_error
    assert inbox(sandbox) == []


def test_a_provider_behind_an_open_circuit_is_a_passing_failure_at_once(
        factory, sandbox, transports, provider):
    fault(sandbox, "down")
    first, second = queue(factory, text="Bir"), queue(factory, text="İki")
    assert outbox.deliver(factory, transports, first).status == outbox.QUEUED
    assert outbox.deliver(factory, transports, second).status == outbox.QUEUED
    assert provider.breaker.is_open
    fault(sandbox, "slow", seconds=5)
    third = queue(factory, text="Üç")
    started = time.monotonic()
    assert outbox.deliver(factory, transports, third).status == outbox.QUEUED
    assert time.monotonic() - started < 1
    assert "circuit open" in stored(factory, third).last_error
    assert inbox(sandbox) == []


def test_qa_reads_a_numbers_messages_newest_first(factory, sandbox, transports):
    for text in ("Kod: 111111", "Kod: 222222"):
        assert outbox.deliver(factory, transports, queue(factory, text=text)).status == "sent"
    outbox.deliver(factory, transports, queue(factory, mobile="0551234567", text="Başqası"))
    with sandbox_client(sandbox) as client:
        for number in ("994501234567", MOBILE):
            answer = client.get("/sms/messages", params={"to": number})
            assert [m["text"] for m in answer.json()["messages"]] == ["Kod: 222222",
                                                                      "Kod: 111111"]
        assert client.get("/sms/messages").status_code == 400



def test_a_wrong_token_is_a_passing_failure_so_mending_it_lets_the_message_go(
        factory, tmp_path):
    sandbox = create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'tokened.sqlite3'}", sms_token="right"))

    def transports(token):
        return {outbox.SMS: HttpSms(OutsideSystem("sms", "http://sandbox/sms", token=token,
                                                  transport=InProcessTransport(app=sandbox),
                                                  sleep=lambda s: None))}
    message_id = queue(factory)
    assert outbox.deliver(factory, transports("wrong"), message_id).status == outbox.QUEUED
    assert "401" in stored(factory, message_id).last_error
    later = utcnow() + timedelta(minutes=2)
    assert outbox.deliver(factory, transports("right"), message_id, now=later).status == "sent"
    assert len(inbox(sandbox)) == 1

@pytest.fixture
def secret():
    return "callback-secret"


def report(reference: str, status: str, error: str | None = None) -> bytes:
    return json.dumps({"id": reference, "status": status, "error": error}).encode()


def test_a_signed_delivery_report_is_recorded_on_the_message(
        factory, sandbox, transports, secret):
    message_id = queue(factory)
    outbox.deliver(factory, transports, message_id)
    reference = stored(factory, message_id).provider_reference
    body = report(reference, "failed", "phone switched off")
    with db.transaction(factory) as session:
        assert apply_delivery_report(session, body, sign(secret, body), secret)
    message = stored(factory, message_id)
    assert (message.delivery_status, message.last_error) == ("temporary-failure",
                                                              "phone switched off")
    with db.transaction(factory) as session:
        unknown = report("SBX-SMS-999999", "delivered")
        assert not apply_delivery_report(session, unknown, sign(secret, unknown), secret)


def test_an_unsigned_or_wrongly_signed_report_changes_nothing(
        factory, sandbox, transports, secret):
    message_id = queue(factory)
    outbox.deliver(factory, transports, message_id)
    body = report(stored(factory, message_id).provider_reference, "failed")
    for signature in (None, "0" * 64, sign("another-secret", body)):
        with db.transaction(factory) as session, pytest.raises(BadSignature):
            apply_delivery_report(session, body, signature, secret)
    assert stored(factory, message_id).delivery_status == "delivered"


def test_the_inbox_is_the_sandbox_services_own_not_the_portals():
    from core import schema
    assert SandboxSmsMessage.__tablename__ not in schema.metadata.tables




def test_requests_and_answers_follow_the_contract(factory, sandbox):
    recording = Recording(sandbox)
    transports = {outbox.SMS: HttpSms(OutsideSystem("sms", "http://sandbox/sms",
                                                    transport=recording, sleep=lambda s: None))}
    sent, refused = queue(factory), queue(factory, mobile="0401234567")
    assert outbox.deliver(factory, transports, sent).status == outbox.SENT
    assert outbox.deliver(factory, transports, refused).status == outbox.FAILED
    (send, accepted), (_, invalid) = recording.exchanges
    body = json.loads(send.content)
    follows("sms", "SendRequest", body)
    assert send.headers["Idempotency-Key"] == body["client_ref"] == f"egov-{sent}"
    assert accepted.status_code == 201
    follows("sms", "Message", accepted.json())
    assert invalid.status_code == 422 and invalid.json()["code"] == "invalid_number"
    follows("sms", "Problem", invalid.json())
    with sandbox_client(sandbox) as client:
        for message in client.get("/sms/messages", params={"to": MOBILE}).json()["messages"]:
            follows("sms", "Message", message)
