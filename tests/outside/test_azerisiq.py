"""Azərişıq over HTTP against the sandbox service (contracts/azerisiq.yaml): an application is
kept while Azərişıq is down and handed over once when it is back, a lost answer opens no second
case, the signed result is recorded once, a wrongly signed one not at all, and a circuit that is
open answers at once."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import func, select

from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.meter_damage import application as meter
from core.meter_damage import adapters as meter_adapters
from core.meter_damage import jobs as meter_jobs
from core.meter_damage.azerisiq import AzerisiqUnavailable, Submission
from core.meter_damage.http_azerisiq import HttpAzerisiq, HttpSubscribers, accept_result
from core.meter_damage.models import MeterApplication, SandboxAzerisiqCase
from core.meter_damage.subscribers import SubscribersUnavailable
from core.notifications.models import OutboxMessage
from core.platform import job_queue, this_process
from core.platform.outside import SIGNATURE_HEADER, CircuitBreaker, OutsideSystem, sign
from core.platform.settings import Settings
from core.sandbox import electricity
from core.sandbox.citizens import AYSEL, RESHAD
from sandbox_service import InProcessTransport, create_app
from sandbox_service.systems import azerisiq as sandbox_azerisiq
from tests.core.meter_damage_support import submit
from tests.outside.support import Clock

SECRET = "callback-secret-of-the-test"
CASE = "AZS-260101-AAAAAA"  # the case of submit()'s reference, SZ-260101-AAAAAA
CALLBACK_URL = "http://portal/azerisiq/netice"


@pytest.fixture
def portal(database_url):
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


def sandbox_on(tmp_path, **settings):
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}", **settings))


@pytest.fixture
def sandbox(tmp_path):
    return sandbox_on(tmp_path)


def system_on(sandbox, **options) -> OutsideSystem:
    return OutsideSystem("azerisiq", "http://sandbox/azerisiq",
                         transport=InProcessTransport(app=sandbox), sleep=lambda s: None,
                         **options)


def switch(sandbox, mode: str | None, **fault):
    with sandbox.test_client() as client:
        if mode is None:
            assert client.delete("/faults/azerisiq").status_code == 204
        else:
            assert client.post("/faults/azerisiq", json={"mode": mode, **fault}).status_code == 200


def cases_in(sandbox, application_ref="SZ-260101-AAAAAA") -> int:
    with transaction(sandbox.extensions["sandbox_db"]) as session:
        return session.execute(select(func.count()).select_from(SandboxAzerisiqCase).where(
            SandboxAzerisiqCase.application_ref == application_ref)).scalar()


def application(portal, application_id) -> MeterApplication:
    with transaction(portal) as session:
        return session.get(MeterApplication, application_id)


def result_notices(portal) -> int:
    with transaction(portal) as session:
        return session.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("meter:%:result:%"))).scalar()


def the_portal(portal, secret=SECRET) -> httpx.MockTransport:
    """The portal's callback route as the lead wires it: accept_result, commit, its status."""
    def handle(request: httpx.Request) -> httpx.Response:
        with transaction(portal) as session:
            outcome = accept_result(session, request.content,
                                    request.headers.get(SIGNATURE_HEADER), secret)
        return httpx.Response(outcome.status)
    return httpx.MockTransport(handle)


# ---- the application handed over

def test_while_azerisiq_is_down_the_whole_time_the_application_is_kept_and_sent_once_back(
        portal, sandbox):
    sent = submit(portal)
    clock = Clock()
    port = HttpAzerisiq(system_on(sandbox, breaker=CircuitBreaker(3, 30, clock=clock)))
    switch(sandbox, "down")
    now = utcnow()
    for minutes in (0, 1, 5, 30, 90):  # the job and the sweeps, again and again
        clock.now += 60 * minutes
        assert meter.forward(portal, port, sent.application_id,
                             now=now + timedelta(minutes=minutes)) == "waiting"
    assert cases_in(sandbox) == 0
    with transaction(portal) as session:
        kept = meter.for_citizen(session, AYSEL.fin)[0]  # in Müraciətlərim, as it was
        assert (kept.reference, kept.status, kept.attempts) == (sent.reference, "registered", 5)
    switch(sandbox, None)
    clock.now += 31  # the circuit lets one trial call through
    later = now + timedelta(hours=3)
    assert meter.forward(portal, port, sent.application_id, now=later) == "forwarded"
    for minutes in (1, 2, 60):
        assert meter.forward(portal, port, sent.application_id,
                             now=later + timedelta(minutes=minutes)) == "skipped"
    with transaction(portal) as session:
        assert meter.due_for_forwarding(session, now=later + timedelta(hours=1)) == []
    assert cases_in(sandbox) == 1
    assert application(portal, sent.application_id).azerisiq_reference == CASE


def test_through_the_job_queue_an_application_waits_out_the_outage_and_goes_once(
        portal, sandbox, tmp_path):
    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path),
                           session_factory=portal)
    clock = Clock()
    this_process.provide(meter_adapters.build, meter_adapters.Adapters(
        people=None, subscribers=None,
        azerisiq=HttpAzerisiq(system_on(sandbox, breaker=CircuitBreaker(3, 30, clock=clock)))))
    try:
        switch(sandbox, "down")
        sent = submit(portal)
        meter_jobs.after_commit(sent.application_id)
        for hours in range(1, 5):  # the retries the job schedules, and the sweeps, all due
            clock.now += 3600
            _every_retry_due(portal)
            meter_jobs.sweep_meter_applications.call_local()
            job_queue.drain(now=datetime.now(timezone.utc) + timedelta(hours=hours))
        kept = application(portal, sent.application_id)
        assert (kept.status, kept.attempts >= 4) == ("registered", True)
        assert cases_in(sandbox) == 0
        switch(sandbox, None)
        clock.now += 3600
        for hours in range(5, 8):
            _every_retry_due(portal)
            meter_jobs.sweep_meter_applications.call_local()
            job_queue.drain(now=datetime.now(timezone.utc) + timedelta(hours=hours))
    finally:
        this_process.configure(previous)
    assert application(portal, sent.application_id).status == "forwarded"
    assert cases_in(sandbox) == 1


def _every_retry_due(portal):
    with transaction(portal) as session:
        for application in session.execute(select(MeterApplication)).scalars():
            if application.next_attempt_at:
                application.next_attempt_at -= timedelta(hours=2)


def test_a_lost_answer_is_asked_again_with_the_same_key_and_opens_one_case(portal, sandbox):
    sent = submit(portal)
    switch(sandbox, "lost", count=1)
    port = HttpAzerisiq(system_on(sandbox, retries=2))
    assert meter.forward(portal, port, sent.application_id) == "forwarded"
    assert cases_in(sandbox) == 1
    assert application(portal, sent.application_id).azerisiq_reference == CASE


def test_a_lost_answer_leaves_the_application_waiting_and_the_next_attempt_finds_the_case(
        portal, sandbox):
    sent = submit(portal)
    switch(sandbox, "lost", count=1)
    port = HttpAzerisiq(system_on(sandbox, retries=0))
    now = utcnow()
    assert meter.forward(portal, port, sent.application_id, now=now) == "waiting"
    assert cases_in(sandbox) == 1  # it took effect; the portal cannot know yet
    assert meter.forward(portal, port, sent.application_id,
                         now=now + timedelta(minutes=1)) == "forwarded"
    assert cases_in(sandbox) == 1


def test_azerisiq_failing_is_retried_with_backoff_and_opens_one_case(portal, sandbox):
    sent = submit(portal)
    switch(sandbox, "error", count=2)
    waits = []
    system = OutsideSystem("azerisiq", "http://sandbox/azerisiq", retries=2,
                           backoff_seconds=0.2, transport=InProcessTransport(app=sandbox),
                           sleep=waits.append)
    assert meter.forward(portal, HttpAzerisiq(system), sent.application_id) == "forwarded"
    assert waits == [0.2, 0.4]
    assert cases_in(sandbox) == 1


def test_an_open_circuit_answers_in_under_a_second(portal, sandbox):
    sent = submit(portal)
    port = HttpAzerisiq(system_on(sandbox, breaker=CircuitBreaker(2, 30)))
    switch(sandbox, "down")
    now = utcnow()
    assert meter.forward(portal, port, sent.application_id, now=now) == "waiting"
    assert port.system.breaker.is_open
    switch(sandbox, "slow", seconds=5)  # were a call made, it would hang for 5 s
    started = time.perf_counter()
    assert meter.forward(portal, port, sent.application_id,
                         now=now + timedelta(minutes=1)) == "waiting"
    assert time.perf_counter() - started < 1
    assert "circuit open" in application(portal, sent.application_id).last_error


def test_the_azerisiq_down_setting_makes_the_sandbox_unavailable(portal, tmp_path):
    sent = submit(portal)
    port = HttpAzerisiq(system_on(sandbox_on(tmp_path, azerisiq_down=True), retries=0))
    assert meter.forward(portal, port, sent.application_id) == "waiting"
    assert application(portal, sent.application_id).status == "registered"


def test_a_case_needs_the_application_ref_as_its_idempotency_key(sandbox):
    body = {"application_ref": "SZ-260101-BBBBBB", "kind": "household",
            "code": "100200300400501", "meter_address": "x", "damage_kind": "seal",
            "description": None, "full_name": AYSEL.full_name, "mobile": AYSEL.mobile}
    with sandbox.test_client() as client:
        assert client.post("/azerisiq/cases", json=body).status_code == 400
        assert client.post("/azerisiq/cases", json=body,
                           headers={"Idempotency-Key": "other"}).status_code == 422
        assert client.post("/azerisiq/cases", json={**body, "damage_kind": "x"},
                           headers={"Idempotency-Key": body["application_ref"]}
                           ).status_code == 422
        first = client.post("/azerisiq/cases", json=body,
                            headers={"Idempotency-Key": body["application_ref"]})
        again = client.post("/azerisiq/cases", json=body,
                            headers={"Idempotency-Key": body["application_ref"]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["reference"] == again.json["reference"] == "AZS-260101-BBBBBB"


def test_a_refused_submission_stays_kept_as_waiting(portal, sandbox):
    refused = Submission("SZ-260101-CCCCCC", "household", "100200300400501", "x",
                         "unknown-damage", None, AYSEL.full_name, AYSEL.mobile)
    with pytest.raises(AzerisiqUnavailable, match="422"):
        HttpAzerisiq(system_on(sandbox)).submit(refused)
    assert cases_in(sandbox, "SZ-260101-CCCCCC") == 0


# ---- the result, by signed callback

def test_a_signed_result_is_recorded_once_even_when_it_comes_twice(portal, sandbox):
    sent = submit(portal)
    assert meter.forward(portal, HttpAzerisiq(system_on(sandbox)), sent.application_id) == (
        "forwarded")
    factory = sandbox.extensions["sandbox_db"]
    assert sandbox_azerisiq.decide_and_report(
        factory, CASE, "replace", "Sayğac 12.06-da dəyişəcək", callback_url=CALLBACK_URL,
        secret=SECRET, transport=the_portal(portal))
    assert sandbox_azerisiq.report(factory, CASE, callback_url=CALLBACK_URL, secret=SECRET,
                                   transport=the_portal(portal))  # a resend: 200, no change
    assert not sandbox_azerisiq.decide_and_report(  # a second click decides nothing
        factory, CASE, "intact", None, callback_url=CALLBACK_URL, secret=SECRET,
        transport=the_portal(portal))
    stored = application(portal, sent.application_id)
    assert (stored.status, stored.result, stored.result_note) == (
        "resolved", "replace", "Sayğac 12.06-da dəyişəcək")
    assert result_notices(portal) == 2  # one SMS, one e-mail
    with transaction(portal) as session:
        assert [e.status for e in meter.history(session, stored.id)] == [
            "registered", "forwarded", "resolved"]


def test_a_wrongly_signed_result_is_refused_and_changes_nothing(portal, sandbox):
    sent = submit(portal)
    meter.forward(portal, HttpAzerisiq(system_on(sandbox)), sent.application_id)
    assert not sandbox_azerisiq.decide_and_report(
        sandbox.extensions["sandbox_db"], CASE, "act", None, callback_url=CALLBACK_URL,
        secret="not-the-portals-secret", transport=the_portal(portal), sleep=lambda s: None)
    body = (b'{"application_ref": "SZ-260101-AAAAAA", "case_reference": "AZS-260101-AAAAAA",'
            b' "decided_at": "2026-01-02T10:00:00+00:00", "note": null, "result": "act"}')
    with transaction(portal) as session:
        assert accept_result(session, body, None, SECRET).status == 401
        assert accept_result(session, body, sign(SECRET, body + b" "), SECRET).status == 401
        assert accept_result(session, body, sign("", body), None).status == 401  # no secret
    stored = application(portal, sent.application_id)
    assert (stored.status, stored.result) == ("forwarded", None)
    assert result_notices(portal) == 0


def test_a_signed_result_for_an_application_whose_answer_was_lost_resolves_it(portal, sandbox):
    sent = submit(portal)
    switch(sandbox, "lost", count=1)
    meter.forward(portal, HttpAzerisiq(system_on(sandbox, retries=0)), sent.application_id)
    assert sandbox_azerisiq.decide_and_report(
        sandbox.extensions["sandbox_db"], CASE, "intact", None, callback_url=CALLBACK_URL,
        secret=SECRET, transport=the_portal(portal))
    stored = application(portal, sent.application_id)
    assert (stored.status, stored.result, stored.azerisiq_reference) == (
        "resolved", "intact", CASE)


def test_malformed_and_unknown_results_are_refused(portal):
    def signed(body: bytes):
        with transaction(portal) as session:
            return accept_result(session, body, sign(SECRET, body), SECRET).outcome
    assert signed(b"not json") == "bad_body"
    assert signed(b'{"application_ref": "SZ-260101-AAAAAA"}') == "bad_body"
    assert signed(b'{"application_ref": "SZ-260101-ZZZZZZ", "case_reference": "AZS-x",'
                  b' "result": "intact", "decided_at": "2026-01-02T10:00:00"}') == (
        "unknown_application")
    assert signed(b'{"application_ref": "SZ-260101-ZZZZZZ", "case_reference": "AZS-x",'
                  b' "result": "lost", "decided_at": "2026-01-02T10:00:00"}') == "bad_body"


def test_a_portal_that_does_not_answer_is_sent_the_result_again(portal, sandbox):
    sent = submit(portal)
    meter.forward(portal, HttpAzerisiq(system_on(sandbox)), sent.application_id)
    calls = []
    real = the_portal(portal)

    def flaky(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ReadTimeout("no answer", request=request)
        return real.handle_request(request)

    waits = []
    assert sandbox_azerisiq.decide_and_report(
        sandbox.extensions["sandbox_db"], CASE, "replace", None, callback_url=CALLBACK_URL,
        secret=SECRET, transport=httpx.MockTransport(flaky), sleep=waits.append)
    assert (len(calls), waits) == (2, [0.5])
    assert result_notices(portal) == 2


# ---- the subscriber register

def test_the_subscriber_register_answers_with_the_demo_records(sandbox):
    subscribers = HttpSubscribers(system_on(sandbox))
    for citizen in (AYSEL, RESHAD):
        assert subscribers.holdings_of(citizen.fin) == electricity.subscribers().holdings_of(
            citizen.fin)
    assert subscribers.holdings_of("ZZZZZZZ").codes() == []


def test_a_subscriber_register_that_is_down_is_unavailable(sandbox):
    switch(sandbox, "down")
    with pytest.raises(SubscribersUnavailable):
        HttpSubscribers(system_on(sandbox)).holdings_of(AYSEL.fin)


def test_the_sandbox_keeps_the_demos_earlier_cases_once(tmp_path):
    sandbox_on(tmp_path)
    again = sandbox_on(tmp_path)
    assert cases_in(again, "SZ-250514-DM7K2Q") == cases_in(again, "SZ-250603-DM4R8T") == 1
