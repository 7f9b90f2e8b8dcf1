"""Call records of the current month: only the citizen's own lines, masked numbers, totals."""
from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings, strategies as st

from core.sandbox import call_records as calls
from core.call_records.records import Dialled, Landline, month_start, records_for, to_baku
from core.sandbox.call_records import AYSEL_LINE, RESHAD_LINE, SandboxCallRecords
from core.sandbox.citizens import AYSEL, RESHAD

port = SandboxCallRecords()
NOW = datetime(2026, 7, 23, 8, 0)  # 12:00 in Baku


def test_aysel_sees_five_unpaid_calls_totalling_eighty_qepik():
    records = records_for(port, AYSEL.fin, "124212372", NOW)
    assert records.line == AYSEL_LINE
    assert [c.duration_seconds for c in records.calls] == [72, 20, 286, 108, 35]
    assert [c.amount for c in records.calls] == [28, 2, 24, 9, 17]
    assert not any(c.paid for c in records.calls)
    t = records.totals
    assert (t.unpaid_count, t.unpaid_amount, t.paid_count, t.paid_amount) == (5, 80, 0, 0)
    assert (t.count, t.amount) == (5, 80)


def test_late_in_the_month_the_calls_fall_on_the_seeds_days_and_hours():
    records = records_for(port, AYSEL.fin, "124212372", datetime(2026, 7, 31, 15, 0))
    shown = [to_baku(c.started_at).strftime("%d.%m %H:%M") for c in records.calls]
    assert shown == ["08.07 16:11", "11.07 09:15", "11.07 10:00", "11.07 10:11", "22.07 10:51"]


def test_reshads_line_has_a_paid_call_and_owes_three_fifteen():
    records = records_for(port, RESHAD.fin, RESHAD_LINE.key, NOW)
    assert len(records.calls) >= 3
    assert records.totals.paid_count == 1
    assert records.totals.unpaid_amount == 315


def test_a_line_is_found_however_its_number_is_written():
    for typed in ("(12) 4212372", "12 421-23-72", " 124212372 "):
        assert records_for(port, AYSEL.fin, typed, NOW).line == AYSEL_LINE


def test_someone_elses_line_or_no_line_is_simply_not_there():
    assert records_for(port, RESHAD.fin, AYSEL_LINE.key, NOW) is None
    assert records_for(port, AYSEL.fin, RESHAD_LINE.key, NOW) is None
    assert records_for(port, AYSEL.fin, "124212312", NOW) is None
    assert records_for(port, AYSEL.fin, None, NOW) is None
    assert records_for(port, "0000000", AYSEL_LINE.key, NOW) is None


def test_a_month_without_calls_has_empty_records_and_zero_totals():
    quiet = Landline("18", "5550011")
    sandbox = SandboxCallRecords(holders={RESHAD.fin: (quiet,)}, calls={})
    records = records_for(sandbox, RESHAD.fin, quiet.key, NOW)
    assert records.calls == () and (records.totals.count, records.totals.amount) == (0, 0)


def test_a_called_number_shows_its_destination_and_last_two_digits_only():
    dialled = Dialled("994", "22", "2564578")
    assert dialled.masked == "+994 22 XXXXX78"
    assert "2564578" not in dialled.masked


def test_the_month_begins_at_midnight_in_baku():
    # 21:00 UTC on 31 July is already 01:00 on 1 August in Baku (UTC+4).
    assert month_start(datetime(2026, 7, 31, 21, 0)) == datetime(2026, 7, 31, 20, 0)
    assert month_start(datetime(2026, 7, 31, 19, 0)) == datetime(2026, 6, 30, 20, 0)


@settings(max_examples=300)
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2035, 12, 31)))
def test_whenever_it_is_the_calls_are_this_month_in_order_and_already_made(now):
    for line, fin in ((AYSEL_LINE, AYSEL.fin), (RESHAD_LINE, RESHAD.fin)):
        records = records_for(port, fin, line.key, now)
        moments = [c.started_at for c in records.calls]
        assert len(moments) == len(calls.DEMO_CALLS[line])
        assert moments == sorted(moments)
        assert all(month_start(now) <= m <= now for m in moments)
        assert records.totals.amount == sum(p.amount for p in calls.DEMO_CALLS[line])


def test_even_in_the_first_minute_of_a_month_the_calls_are_in_that_month():
    first_minute = month_start(NOW) + timedelta(days=40)
    first_minute = month_start(first_minute) + timedelta(minutes=1)
    records = records_for(port, AYSEL.fin, AYSEL_LINE.key, first_minute)
    assert all(month_start(first_minute) <= c.started_at <= first_minute for c in records.calls)
