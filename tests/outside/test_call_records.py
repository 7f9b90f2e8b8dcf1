"""The operator's call records over HTTP against the sandbox service in this process
(contracts/call_records.yaml): the demo lines' calls are today's sandbox's, a payment of the
"cari" debt booked through the billing contract marks them paid, and an operator that is down
is "unavailable" at once."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from core.bill_payment.http_systems import http_systems
from core.bill_payment.systems import AZTELEKOM, CARI
from core.call_records.http_records import HttpCallRecords
from core.call_records.records import CallRecordsUnavailable, records_for
from core.platform.outside import CircuitBreaker, OutsideSystem
from core.platform.settings import Settings
from core.sandbox.call_records import AYSEL_LINE, RESHAD_LINE, SandboxCallRecords
from core.sandbox.citizens import AYSEL, RESHAD
from sandbox_service import create_app
from tests.outside.support import CountingTransport

NOW = datetime(2026, 7, 23, 8, 0, 12, 345678)  # 12:00 in Baku


@pytest.fixture
def sandbox(tmp_path):
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}",
        billing_delay_seconds=0))


@pytest.fixture
def transport(sandbox):
    return CountingTransport(sandbox)


def operator(transport, breaker=None) -> HttpCallRecords:
    return HttpCallRecords(OutsideSystem("call_records", "http://sandbox/call_records",
                                         transport=transport, breaker=breaker,
                                         sleep=lambda s: None))


def todays_sandbox(sandbox) -> SandboxCallRecords:
    return SandboxCallRecords(session_factory=sandbox.extensions["sandbox_db"])


def fault(sandbox, **switch):
    assert sandbox.test_client().post("/faults/call_records", json=switch).status_code == 200


@pytest.mark.parametrize("now", [NOW, datetime(2026, 7, 2, 1, 0), datetime(2026, 7, 31, 19, 59)])
def test_the_demo_lines_calls_over_http_are_todays_sandboxs(sandbox, transport, now):
    over_http, in_process = operator(transport), todays_sandbox(sandbox)
    for citizen in (AYSEL, RESHAD):
        assert over_http.landlines_of(citizen.fin) == in_process.landlines_of(citizen.fin)
        line = over_http.landlines_of(citizen.fin)[0]
        assert over_http.calls_this_month(line, now) == in_process.calls_this_month(line, now)
        assert records_for(over_http, citizen.fin, line.key, now) == records_for(
            in_process, citizen.fin, line.key, now)
    totals = records_for(over_http, AYSEL.fin, AYSEL_LINE.key, now).totals
    assert (totals.unpaid_count, totals.unpaid_amount, totals.paid_count) == (5, 80, 0)


def test_someone_elses_line_is_not_there_over_http_either(transport):
    over_http = operator(transport)
    assert records_for(over_http, RESHAD.fin, AYSEL_LINE.key, NOW) is None
    assert over_http.landlines_of("0000000") == []


def test_paying_the_cari_debt_through_billing_marks_the_calls_paid(transport):
    billing = http_systems(OutsideSystem("billing", "http://sandbox/billing",
                                                 transport=transport, sleep=lambda s: None))
    billing[AZTELEKOM].post_payment(RESHAD_LINE, CARI, 165 + 108, "CALLS1")
    records = records_for(operator(transport), RESHAD.fin, RESHAD_LINE.key, NOW)
    assert [call.paid for call in records.calls] == [True, True, True, False]
    assert records.totals.unpaid_amount == 42


def test_a_lost_answer_is_asked_again(sandbox, transport):
    fault(sandbox, mode="lost", count=1)
    assert operator(transport).landlines_of(AYSEL.fin) == [AYSEL_LINE]
    assert transport.calls[("GET", f"/call_records/holders/{AYSEL.fin}/landlines")] == 2


def test_an_operator_that_is_down_is_unavailable_and_its_open_circuit_answers_at_once(
        sandbox, transport):
    over_http = operator(transport, CircuitBreaker(failures_to_open=3, open_seconds=60))
    fault(sandbox, mode="down")
    with pytest.raises(CallRecordsUnavailable):
        over_http.landlines_of(AYSEL.fin)
    fault(sandbox, mode="slow", seconds=5)
    calls = sum(transport.calls.values())
    started = time.perf_counter()
    with pytest.raises(CallRecordsUnavailable, match="circuit open"):
        over_http.calls_this_month(AYSEL_LINE, NOW)
    assert time.perf_counter() - started < 1.0
    assert sum(transport.calls.values()) == calls
