"""`make bench-sale`'s own pieces: the buyers it creates and the checks that decide its verdict
(they must be able to fail, or a green run proves nothing)."""
from __future__ import annotations

from sqlalchemy import select

from bench.sale import invariants, report, seed
from core.auth import sessions
from core.housing import Phase, holds
from core.housing import sale as sales
from core.housing.models import Flat, Place
from core.kernel.db import utcnow
from core.sandbox.citizens import CITIZENS


def test_ten_thousand_buyers_have_distinct_fins_unlike_any_demo_citizen():
    fins = {seed.fin_of(n) for n in range(seed.BUYERS)}
    assert len(fins) == seed.BUYERS and all(len(f) == 7 for f in fins)
    assert not fins & {c.fin for c in CITIZENS}


def test_the_seed_makes_a_sale_of_500_flats_and_buyers_signed_in_beforehand(db):
    sale = seed.add_sale(db)
    buyers = seed.add_buyers(db, 5)
    db.commit()
    assert sale.phase == Phase.NOT_OPEN.value
    assert len(db.execute(select(Flat.id).where(Flat.sale_id == sale.id)).all()) == 500
    for buyer in buyers:
        record = sessions.current(db, buyer["token"])
        assert record is not None and record.fin == buyer["fin"] and record.method == "e_imza"


def _sale_with_holds(db, database_url):
    sale = seed.add_sale(db)
    buyers = seed.add_buyers(db, 3)
    opened = utcnow()
    sales.set_phase(db, sale.id, Phase.OPEN, opened)
    flats = db.execute(select(Flat.id).where(Flat.sale_id == sale.id).limit(2)).scalars().all()
    for buyer, flat in zip(buyers, [flats[0], flats[0], flats[1]]):
        holds.press_confirm(db, fin=buyer["fin"], flat_id=flat, payment_method="ipoteka")
    db.commit()
    return sale, buyers, flats, opened


def _results(found: dict, **changes) -> dict:
    """A run that met every target, but for `changes` (dotted keys into the results)."""
    page = {"requests": 10, "p50_ms": 40, "p95_ms": 90, "p99_ms": 120}
    results = {
        "database": {**found, "sold_out_seconds": 42.0},
        "load": {"statuses": {"2xx": 10}, "pages": {
            f"{method} {name}": dict(page) for method, name in (
                ("POST", "Təsdiq et (hold)"), ("GET", "flats list"), ("GET", "e-imza page"),
                ("POST", "e-imza sign"))}},
        "queue": {"emptied_seconds": 220.0, "fairness": {"inversions": 0}},
        "refresh": {"share_of_bare": 0.9},
        "transparency": {"all_signed": True, "consistent": True, "witness_refusals": 0,
                         "witness_latest_size": 5, "entries": 5},
    }
    for dotted, value in changes.items():
        *path, last = dotted.split(".")
        target = results
        for key in path:
            target = target[key]
        target[last] = value
    return results


def test_the_checks_pass_a_sale_that_held(db, database_url):
    sale, _buyers, _flats, opened = _sale_with_holds(db, database_url)
    found = invariants.check(database_url, sale.id, opened)
    assert found["holds"] == 2 and found["flats_held_twice"] == 0
    assert found["citizens_with_two"] == 0 and found["flats_chosen_at_end"] == 2
    assert report.holds(_results(found))


def test_the_checks_catch_a_flat_held_twice_and_a_citizen_with_two(db, database_url):
    sale, buyers, flats, opened = _sale_with_holds(db, database_url)
    now = utcnow()
    # what a broken hold would leave: rows the unique keys would have refused, written raw
    db.add(Place(sale_id=sale.id, flat_id=flats[0], fin=buyers[1]["fin"], position=0,
                 status="held", payment_method="ipoteka", created_at=now, held_from=now,
                 held_until=now))
    db.add(Place(sale_id=sale.id, flat_id=flats[1] + 1, fin=buyers[2]["fin"], position=0,
                 status="signed", payment_method="ipoteka", created_at=now))
    db.commit()
    found = invariants.check(database_url, sale.id, opened)
    assert found["flats_held_twice"] == 1 and found["citizens_with_two"] == 1
    assert not report.holds(_results(found))


def test_a_5xx_or_a_sale_with_no_hold_fails_the_run(db, database_url):
    sale, _buyers, _flats, opened = _sale_with_holds(db, database_url)
    found = invariants.check(database_url, sale.id, opened)
    assert not report.holds(_results(found, **{"load.statuses": {"2xx": 9, "5xx": 1}}))
    assert not report.holds(_results({**found, "holds": 0}))


def test_every_target_of_the_sale_day_can_fail_the_run(db, database_url):
    sale, _buyers, _flats, opened = _sale_with_holds(db, database_url)
    found = invariants.check(database_url, sale.id, opened)
    assert report.holds(_results(found))
    hold = "load.pages.POST Təsdiq et (hold)"
    for missed in ({f"{hold}.p50_ms": 101}, {f"{hold}.p99_ms": 501},
                   {"load.pages.GET flats list.p99_ms": 600},
                   {"load.pages.POST e-imza sign.p99_ms": 600},
                   {"database.sold_out_seconds": 61.0}, {"database.sold_out_seconds": None},
                   {"queue.emptied_seconds": 301.0}, {"queue.emptied_seconds": None},
                   {"refresh.share_of_bare": 0.49}, {"queue.fairness": {"inversions": 1}},
                   {"load.statuses": {"2xx": 9, "connection error": 1}},
                   {"transparency.consistent": False}, {"transparency.all_signed": False},
                   {"transparency.witness_refusals": 1},
                   {"transparency.witness_latest_size": 4}):
        results = _results(found, **missed)
        assert not report.holds(results), missed
        assert "MISSED" in report.table_of_targets(results)
