"""Helpers of the housing core tests: extra e-cabinets (many citizens for the races), the demo
sale's flats, and the worker each racing process runs."""
from __future__ import annotations

import multiprocessing

from sqlalchemy import select

from core.housing.models import Cabinet, Flat, Place
from core.kernel.db import make_engine, make_session_factory, transaction, utcnow
from core.sandbox import housing as demo_sale


def buyer_fin(number: int) -> str:
    return f"B{number:06d}"  # not a real FİN shape on purpose: test-only cabinets


def add_buyers(factory, count: int) -> list[str]:
    fins = [buyer_fin(n) for n in range(count)]
    with transaction(factory) as session:
        for n, fin in enumerate(fins):
            session.add(Cabinet(fin=fin, full_name=f"Alıcı {n}", mobile=f"05000{n:05d}",
                                opened_at=utcnow()))
    return fins


def flat_ids(factory) -> list[int]:
    with transaction(factory) as session:
        sale = demo_sale.demo_sale(session)
        return list(session.execute(
            select(Flat.id).where(Flat.sale_id == sale.id).order_by(Flat.id)).scalars())


def live_places(factory) -> list[Place]:
    with transaction(factory) as session:
        return list(session.execute(
            select(Place).where(Place.slot_key.is_not(None)).order_by(Place.id)).scalars())


def race_press_confirm(database_url: str, fin: str, flat_id: int, start, results) -> None:
    """One process: its own engine (as one app process has), wait for the start, press."""
    from core.housing import holds

    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    start.wait()
    try:
        with transaction(factory) as session:
            result = holds.press_confirm(session, fin=fin, flat_id=flat_id,
                                         payment_method="ipoteka")
        results.put((fin, flat_id, result.outcome.value))
    except Exception as exc:  # reported, so the test fails with the reason
        results.put((fin, flat_id, f"error: {type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def race(database_url: str, attempts: list[tuple[str, int]]) -> list[str]:
    """Start one process per (FİN, flat) attempt (each its own engine, as an app worker has),
    release them together; the outcomes, none of them an error."""
    context = multiprocessing.get_context("forkserver")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=race_press_confirm,
                               args=(database_url, fin, flat, start, results))
               for fin, flat in attempts]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=120)[2] for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    return outcomes
