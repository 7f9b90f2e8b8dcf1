"""Fairness and queue time of a sale-day run, from the buyers' own records (when each arrival
went and came back, the place its ticket named, when it left the queue) and the waiting room's
record of the frontier's moves (when each place's turn came).

An inversion is a pair of buyers who both arrived after the opening's draw, A's arrival
answered before B's was even sent, and yet B's turn came before A's: first come, first served
broken. The pre-queue, drawn by lot at the opening, is out of it by design."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import datetime, timezone


def turn_times(turns: list[tuple[int, datetime]]) -> tuple[list[int], list[float]]:
    """The frontier's moves as (frontiers, epoch seconds), in order."""
    frontiers = [frontier for frontier, _at in turns]
    moments = [at.replace(tzinfo=timezone.utc).timestamp() for _f, at in turns]
    return frontiers, moments


def turn_of(place: int, frontiers: list[int], moments: list[float]) -> float | None:
    """When the frontier first reached `place` (None: it never did)."""
    index = bisect_left(frontiers, place)
    return moments[index] if index < len(frontiers) else None


def inversions(records: list[dict], turns: list[tuple[int, datetime]], drawn_at: float) -> dict:
    frontiers, moments = turn_times(turns)
    arrivals = [r for r in records if r.get("place") and r.get("sent", 0) > drawn_at]
    with_turn = [(r["sent"], r["received"], turn_of(r["place"], frontiers, moments))
                 for r in arrivals]
    with_turn = [a for a in with_turn if a[2] is not None]
    # count pairs (A, B): A.received < B.sent and turn(B) < turn(A)
    by_received = sorted(with_turn, key=lambda a: a[1])
    ranks = sorted({a[2] for a in with_turn})
    tree = [0] * (len(ranks) + 1)

    def add(rank: int) -> None:
        while rank <= len(ranks):
            tree[rank] += 1
            rank += rank & -rank

    def at_most(rank: int) -> int:
        total = 0
        while rank > 0:
            total += tree[rank]
            rank -= rank & -rank
        return total

    found, inserted, taken = 0, 0, 0
    for sent, _received, turn in sorted(with_turn, key=lambda a: a[0]):
        while taken < len(by_received) and by_received[taken][1] < sent:
            add(bisect_right(ranks, by_received[taken][2]))
            inserted += 1
            taken += 1
        found += inserted - at_most(bisect_right(ranks, turn))  # earlier arrivals served later
    return {"buyers_compared": len(with_turn), "inversions": found}


def frontier_over_time(turns: list[tuple[int, datetime]], opened_at: float,
                       every: float = 10.0, until: float = 120.0) -> list[tuple[int, int]]:
    """How far the line had moved (the frontier) every `every` seconds after the opening:
    the pacer's ramp, as (seconds, frontier)."""
    frontiers, moments = turn_times(turns)
    found, index, frontier = [], 0, 0
    for second in range(int(every), int(until) + 1, int(every)):
        while index < len(moments) and moments[index] <= opened_at + second:
            frontier, index = frontiers[index], index + 1
        found.append((second, frontier))
    return found


def queue_emptied(records: list[dict], opened_at: float) -> float | None:
    """Seconds from the opening until the last buyer who queued was let in or told that every
    flat is chosen (None if someone was still queued when the run ended)."""
    ends = []
    for record in records:
        if "queued" not in record:
            continue
        end = record.get("admitted") or record.get("left_queue")
        if end is None:
            return None
        ends.append(end)
    return round(max(ends) - opened_at, 1) if ends else 0.0


def queue_times(records: list[dict]) -> dict:
    waits = sorted((r.get("admitted") or r.get("left_queue")) - r["queued"]
                   for r in records if "queued" in r and (r.get("admitted") or r.get("left_queue")))
    if not waits:
        return {"buyers": 0, "p50": None, "max": None}
    return {"buyers": len(waits), "p50": round(waits[len(waits) // 2], 1),
            "max": round(waits[-1], 1)}
