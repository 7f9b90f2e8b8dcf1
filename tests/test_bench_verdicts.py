"""`make bench` judges issue 29's targets on the figures of its own run (bench/verdicts.py)."""
from __future__ import annotations

from bench import verdicts


def _load(rows, bare_p99=(20, 30)):
    return {"bare_runs": [{"p99_ms": p} for p in bare_p99], "targets": rows}


def _row(name, share, p99=50, method="GET", failures=0):
    return {"name": name, "method": method, "share_of_bare": share, "p99_ms": p99,
            "failures": failures}


def _by_target(found):
    return {verdict.target: verdict.met for verdict in found}


def test_catalogue_and_step_gets_are_judged_by_their_share_of_the_bare_page():
    found = _by_target(verdicts.throughput(_load([
        _row("catalogue /", 0.5), _row("catalogue /e-xidmetler/", 0.49),
        _row("housing flats GET", 0.25), _row("call records calls GET", 0.24),
        _row("housing Təsdiq et POST", 0.01, method="POST")]), "sqlite"))
    assert found["[sqlite] catalogue / ≥ 0.5 of bare"] is True
    assert found["[sqlite] catalogue /e-xidmetler/ ≥ 0.5 of bare"] is False
    assert found["[sqlite] housing flats GET ≥ 0.25 of bare"] is True
    assert found["[sqlite] call records calls GET ≥ 0.25 of bare"] is False
    assert not any("POST" in target for target in found)


def test_p99_is_judged_against_the_worse_bare_run_and_only_on_the_embedded_default():
    load = _load([_row("housing flats GET", 1, p99=120), _row("catalogue /", 1, p99=121)])
    found = _by_target(verdicts.throughput(load, "sqlite"))
    assert found["[sqlite] housing flats GET p99 ≤ 4 × bare p99 (30 ms)"] is True
    assert found["[sqlite] catalogue / p99 ≤ 4 × bare p99 (30 ms)"] is False
    server = _by_target(verdicts.throughput(load, "postgresql"))
    assert set(server) == {"[postgresql] housing flats GET ≥ 0.2 of bare",
                           "[postgresql] catalogue / ≥ 0.4 of bare"}


def test_a_target_that_failed_requests_is_missed_whatever_its_share():
    found = verdicts.throughput(_load([_row("catalogue /", 0.9, failures=3)]), "postgresql")
    assert [verdict.met for verdict in found] == [False]


def _journey(name, profile, seconds, floor, first=None):
    row = {"journey": name, "profile": profile, "seconds": seconds, "floor_seconds": floor,
           "ratio_to_floor": round(seconds / floor, 2), "steps": []}
    if first:
        row["steps"].append({"step": verdicts.FIRST_VISIT, "seconds": first[0],
                             "floor_seconds": first[1], "round_trips": 2, "bytes": first[2]})
    return row


def test_journeys_slow_3g_by_floor_2g_by_seconds_housing_by_its_2g_floor():
    found = _by_target(verdicts.journeys([
        _journey("call records", "Slow 3G", 12, 10), _journey("bill payment", "Slow 3G", 13, 10),
        _journey("call records", "2G", 6, 2), _journey("bill payment", "2G", 6.1, 5),
        _journey("housing", "2G", 24, 20), _journey("housing", "Slow 3G", 40, 30)]))
    assert found["call records on Slow 3G ≤ 1.2 × floor"] is True
    assert found["bill payment on Slow 3G ≤ 1.2 × floor"] is False
    assert found["call records on 2G ≤ 6.0 s"] is True
    assert found["bill payment on 2G ≤ 6.0 s"] is False
    assert found["housing on 2G ≤ 1.2 × floor"] is True
    assert found["housing on Slow 3G ≤ 1.2 × floor"] is False


def test_first_visit_by_its_floor_and_its_40_kb():
    found = _by_target(verdicts.journeys([
        _journey("call records", "2G", 5, 4, first=(1.3, 1.0, 40 * 1024)),
        _journey("housing", "2G", 5, 4, first=(1.31, 1.0, 40 * 1024 + 1))]))
    assert found["call records on 2G, first visit ≤ 1.3 × floor"] is True
    assert found["call records on 2G, first visit ≤ 40 KB all-in"] is True
    assert found["housing on 2G, first visit ≤ 1.3 × floor"] is False
    assert found["housing on 2G, first visit ≤ 40 KB all-in"] is False


def test_a_journey_that_failed_is_missed():
    found = verdicts.journeys([{"journey": "housing", "profile": "2G", "error": "timeout"}])
    assert [verdict.met for verdict in found] == [False]
