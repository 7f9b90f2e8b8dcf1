"""No flat held twice and no citizen with two places, across app processes: several processes,
each with its own engine as an app worker has, press Təsdiq et at the same moment, and the
outcomes and the rows are counted. SQLite by default; PostgreSQL with EGOV_TEST_DATABASE_URL."""
from __future__ import annotations

from collections import Counter

import pytest

from core.housing import Phase, sale
from core.kernel.db import transaction
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL
from tests.core.housing_support import add_buyers, flat_ids, live_places
from tests.core.housing_support import race as processes_race

PROCESSES = 8


def race(database_url: str, attempts: list[tuple[str, int]]) -> Counter:
    """Start one process per (FİN, flat) attempt, release them together, count outcomes."""
    return Counter(processes_race(database_url, attempts))


@pytest.fixture
def flats(factory):
    return flat_ids(factory)


def set_phase(factory, phase: Phase) -> None:
    with transaction(factory) as session:
        sale.set_phase(session, demo_sale.demo_sale(session).id, phase)


def test_many_citizens_pressing_at_once_give_one_flat_one_holder(database_url, factory, flats):
    buyers = add_buyers(factory, PROCESSES)
    counted = race(database_url, [(fin, flats[0]) for fin in buyers])
    assert counted == {"held": 1, "flat_taken": PROCESSES - 1}
    places = live_places(factory)
    assert [(p.flat_id, p.position, p.status) for p in places] == [(flats[0], 0, "held")]


def test_one_citizen_pressing_on_many_flats_at_once_holds_only_one(database_url, factory, flats):
    counted = race(database_url, [(AYSEL.fin, flat) for flat in flats[:PROCESSES]])
    assert counted == {"held": 1, "already_has_place": PROCESSES - 1}
    assert [p.fin for p in live_places(factory)] == [AYSEL.fin]


def test_many_citizens_racing_for_a_held_flat_give_exactly_two_reserves(
        database_url, factory, flats):
    set_phase(factory, Phase.WAITING_LIST)
    buyers = add_buyers(factory, PROCESSES + 1)
    race(database_url, [(buyers[0], flats[0])])  # the holder
    counted = race(database_url, [(fin, flats[0]) for fin in buyers[1:]])
    assert counted == {"reserved": 2, "waiting_list_full": PROCESSES - 2}
    places = live_places(factory)
    assert sorted(p.position for p in places) == [0, 1, 2]


def test_a_crowd_on_a_few_flats_leaves_no_flat_twice_and_no_citizen_twice(
        database_url, factory, flats):
    """Each buyer presses twice on different flats, all at once, in the waiting-list phase."""
    set_phase(factory, Phase.WAITING_LIST)
    buyers = add_buyers(factory, PROCESSES // 2)
    attempts = [(fin, flats[(n + k) % 3]) for n, fin in enumerate(buyers) for k in (0, 1)]
    counted = race(database_url, attempts)
    assert counted["held"] + counted["reserved"] == len(buyers)  # each buyer got exactly one
    places = live_places(factory)
    slots = [(p.flat_id, p.position) for p in places]
    assert len(slots) == len(set(slots))
    assert sorted(p.fin for p in places) == sorted(buyers)
    for flat in {p.flat_id for p in places}:
        positions = sorted(p.position for p in places if p.flat_id == flat)
        assert positions == list(range(len(positions)))  # 0, then 1, then 2: no gaps
