"""MCQS over HTTP against the sandbox service in this process (contracts/mcqs.yaml): an
application is registered once however often its answer is lost, a refusal is final, a
system that is down keeps the application for later, and an open circuit answers at once."""
from __future__ import annotations

import json
import time

import httpx
import pytest
from sqlalchemy import func, select

from core.device_registration import registration as reg
from core.device_registration.http_registry import HttpDeviceRegistry, accept_confirmation
from core.device_registration.models import DeviceApplication, SandboxRegistryDevice
from core.kernel import db
from core.payments.models import Payment
from core.platform.outside import CircuitBreaker, OutsideSystem, sign
from core.platform.settings import Settings
from core.sandbox.devices import NOKIA_IMEI
from sandbox_service import create_app
from tests.outside.support import CountingTransport

NEW_IMEI = "353325111234567"
SECRET = "callback-secret"


@pytest.fixture
def sandbox(tmp_path):
    settings = Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}",
        registry_delay_seconds=0)
    app = create_app(settings)
    yield app


@pytest.fixture
def transport(sandbox):
    return CountingTransport(sandbox)


def registry(transport, breaker=None) -> HttpDeviceRegistry:
    return HttpDeviceRegistry(OutsideSystem("mcqs", "http://sandbox/mcqs", transport=transport,
                                            breaker=breaker, sleep=lambda s: None))


def fault(sandbox, **switch):
    assert sandbox.test_client().post("/faults/mcqs", json=switch).status_code == 200


def devices_in_sandbox(sandbox, **where) -> int:
    with db.transaction(sandbox.extensions["sandbox_db"]) as session:
        return session.execute(select(func.count()).select_from(SandboxRegistryDevice)
                               .filter_by(**where)).scalar_one()


def submission(ref="portal-901", imei=NEW_IMEI) -> reg.Submission:
    return reg.Submission(ref, imei, "5ZX8K2P", "Məmmədova Aysel Rauf qızı", "Galaxy A54")



def paid_application(factory, imei=NEW_IMEI) -> int:
    with db.transaction(factory) as session:
        payment = Payment(idempotency_key="mcqs-http#1", subject="mcqs-http", attempt=1,
                          service_slug=reg.SERVICE_SLUG, description="IMEI", amount_qepik=3000,
                          brand="visa", last4="1111", status="approved",
                          gateway_reference="SBXHTTP1")
        session.add(payment)
        session.flush()
        answers = dict(id_card_number="AZE12345678", fin="5ZX8K2P", imei=imei,
                       full_name="Məmmədova Aysel Rauf qızı", address="Bakı",
                       mobile="0501234567")
        return reg.complete(session, payment=payment, answers=answers).id


def status_of(factory, application_id):
    with db.transaction(factory) as session:
        return session.get(DeviceApplication, application_id).status


def test_the_demo_register_answers_over_http(transport):
    mcqs = registry(transport)
    assert mcqs.is_registered(NOKIA_IMEI) is True
    assert mcqs.is_registered(NEW_IMEI) is False


def test_a_registration_whose_answer_is_lost_is_sent_again_and_booked_once(sandbox, transport):
    fault(sandbox, mode="lost", count=1)
    reference = registry(transport).submit(submission())
    assert transport.calls[("POST", "/mcqs/registrations")] == 2
    assert devices_in_sandbox(sandbox, application_ref="portal-901") == 1
    assert devices_in_sandbox(sandbox, reference=reference) == 1


def test_a_failing_mcqs_is_retried_with_the_same_key_and_books_once(sandbox, transport):
    fault(sandbox, mode="error", count=2)
    mcqs = registry(transport)
    first = mcqs.submit(submission())
    assert transport.calls[("POST", "/mcqs/registrations")] == 3
    assert mcqs.submit(submission()) == first  # the portal's job again: the first answer
    assert devices_in_sandbox(sandbox, imei=NEW_IMEI) == 1


def test_an_imei_registered_for_another_application_is_rejected_without_retrying(transport):
    with pytest.raises(reg.DeviceRejected):
        registry(transport).submit(submission(ref="portal-902", imei=NOKIA_IMEI))
    assert transport.calls[("POST", "/mcqs/registrations")] == 1


def test_the_job_submits_over_http_and_follows_the_registration(factory, transport):
    application_id = paid_application(factory)
    assert reg.advance(factory, registry(transport), application_id).status == reg.REGISTERED
    with db.transaction(factory) as session:
        application = session.get(DeviceApplication, application_id)
        assert application.registry_reference.startswith("MCQS-")


def test_while_mcqs_is_down_the_application_is_kept_and_sent_once_it_is_back(
        sandbox, factory, transport):
    fault(sandbox, mode="down")
    mcqs = registry(transport)
    application_id = paid_application(factory)
    for _ in range(2):
        with pytest.raises(reg.DeviceRegistryUnavailable):
            reg.advance(factory, mcqs, application_id)
    assert status_of(factory, application_id) == reg.PENDING
    sandbox.test_client().delete("/faults/mcqs")
    mcqs.system.breaker.succeeded()  # the circuit's half-open trial, without waiting 30 s
    assert reg.advance(factory, mcqs, application_id).status == reg.REGISTERED
    assert devices_in_sandbox(sandbox, application_ref=f"portal-{application_id}") == 1


def test_with_its_circuit_open_mcqs_answers_at_once_without_a_call(sandbox, transport):
    mcqs = registry(transport, CircuitBreaker(failures_to_open=3, open_seconds=60))
    fault(sandbox, mode="down")
    with pytest.raises(reg.DeviceRegistryUnavailable):
        mcqs.is_registered(NEW_IMEI)  # three attempts: the circuit opens
    fault(sandbox, mode="slow", seconds=5)
    calls = sum(transport.calls.values())
    started = time.perf_counter()
    with pytest.raises(reg.DeviceRegistryUnavailable, match="circuit open"):
        mcqs.submit(submission())
    assert time.perf_counter() - started < 1.0
    assert sum(transport.calls.values()) == calls


def test_a_signed_confirmation_registers_the_application_once(factory):
    application_id = paid_application(factory)
    with db.transaction(factory) as session:
        application = session.get(DeviceApplication, application_id)
        application.status, application.registry_reference = reg.SUBMITTED, "MCQS-CB0001"
    body = json.dumps({"reference": "MCQS-CB0001", "imei": NEW_IMEI, "status": "registered",
                       "check_again_after": 0}).encode()

    def deliver(payload, signature, secret=SECRET):
        with db.transaction(factory) as session:
            return accept_confirmation(session, payload, signature, secret)

    assert deliver(body, sign("another secret", body)).status == 401
    assert deliver(body, None).status == 401
    assert deliver(body, sign(SECRET, body), secret=None).status == 401
    assert status_of(factory, application_id) == reg.SUBMITTED
    assert deliver(body, sign(SECRET, body)).outcome == "applied"
    assert deliver(body, sign(SECRET, body)).outcome == "repeated"
    assert status_of(factory, application_id) == reg.REGISTERED
    other = json.dumps({"reference": "MCQS-NOPE", "status": "registered"}).encode()
    assert deliver(other, sign(SECRET, other)).status == 404
    assert deliver(b"{", sign(SECRET, b"{")).status == 400


def test_the_sandbox_sends_its_signed_confirmation_and_the_portal_applies_it_once(
        sandbox, factory, transport):
    from sandbox_service.systems.mcqs import confirm_registration

    application_id = paid_application(factory)
    reg.advance(factory, registry(transport), application_id)  # submitted, and polled
    with db.transaction(factory) as session:  # as if the poll had not yet seen it registered
        application = session.get(DeviceApplication, application_id)
        application.status, reference = reg.SUBMITTED, application.registry_reference
    received = []

    def portal(request: httpx.Request) -> httpx.Response:
        received.append(request)
        with db.transaction(factory) as session:
            outcome = accept_confirmation(session, request.content,
                                          request.headers.get("X-Signature"), SECRET)
        return httpx.Response(outcome.status)

    sandbox_db = sandbox.extensions["sandbox_db"]
    send = dict(callback_url="http://portal/callbacks/mcqs", transport=httpx.MockTransport(portal),
                sleep=lambda s: None)
    assert confirm_registration(sandbox_db, reference, secret="wrong", **send) is False
    assert status_of(factory, application_id) == reg.SUBMITTED
    assert confirm_registration(sandbox_db, reference, secret=SECRET, **send) is True
    assert confirm_registration(sandbox_db, reference, secret=SECRET, **send) is True
    assert status_of(factory, application_id) == reg.REGISTERED
    assert confirm_registration(sandbox_db, "MCQS-NOPE", secret=SECRET, **send) is False
    assert len(received) == 3


def test_mcqs_registers_registry_delay_seconds_after_accepting(tmp_path):
    slow = create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'slow.sqlite3'}",
        registry_delay_seconds=600))
    mcqs = registry(CountingTransport(slow))
    state = mcqs.state(mcqs.submit(submission()))
    assert state.registered is False and 590 < state.check_again_after <= 600
    assert mcqs.is_registered(NEW_IMEI) is True  # accepted and being registered counts
