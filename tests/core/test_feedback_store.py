"""Feedback is kept once per form sent (the same ticket twice, even at the same moment, is one
row), masked, with the service, page, time and language and nothing about who sent it; the
agency reads it back counted by Baku day, problems newest first."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from sqlalchemy import func, inspect, select

from core.feedback import store
from core.feedback.models import FeedbackEntry
from core.kernel.db import transaction, utcnow

SERVICE = "mobil-cihazlarin-qeydiyyati"


def _count(factory, **where) -> int:
    with transaction(factory) as session:
        query = select(func.count()).select_from(FeedbackEntry).filter_by(**where)
        return session.scalar(query)


def _answer(ticket: str, helpful: bool = True, service: str = SERVICE, page: str = "service"):
    return store.Feedback(ticket, service, page, "az", helpful=helpful)


def test_the_same_form_sent_twice_is_one_row(factory):
    with transaction(factory) as session:
        assert store.record(session, _answer("t" * 32)) is True
    with transaction(factory) as session:
        assert store.record(session, _answer("t" * 32, helpful=False)) is False
    assert _count(factory, ticket="t" * 32) == 1
    assert _count(factory, ticket="t" * 32, helpful=True) == 1


def test_many_sends_of_one_form_at_the_same_moment_store_one_row(factory):
    """Eight presses at once, each in its own session as app threads have: one row, one True."""
    start, results = threading.Barrier(8), []

    def press():
        start.wait()
        with transaction(factory) as session:
            results.append(store.record(session, _answer("r" * 32)))

    threads = [threading.Thread(target=press) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    assert _count(factory, ticket="r" * 32) == 1


def test_a_problem_report_is_stored_masked_and_the_masks_are_counted(factory):
    typed = ("FİN 5ZX8K2P, vəsiqə AZE12345678, kart 4111 1111 1111 1111, "
             "telefon 050 123 45 67, e-poçt aysel@example.az")
    with transaction(factory) as session:
        store.record(session, store.Feedback("p" * 32, SERVICE, "receipt", "en",
                                             doing="ödəniş " + typed, went_wrong=typed,
                                             reply_to=" aysel@example.az "))
    with transaction(factory) as session:
        entry = session.scalars(select(FeedbackEntry).filter_by(ticket="p" * 32)).one()
        stored = " ".join([entry.doing, entry.went_wrong])
        assert (entry.kind, entry.helpful, entry.language, entry.page) == (
            "problem", None, "en", "receipt")
        assert entry.masked == 10
        assert entry.reply_to == "aysel@example.az"  # asked for, in its own field only
    for secret in ("5ZX8K2P", "AZE12345678", "4111", "123 45 67", "aysel@"):
        assert secret not in stored
        assert _texts_containing(factory, secret) == 0


def _texts_containing(factory, text: str) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(FeedbackEntry).where(
            FeedbackEntry.doing.contains(text) | FeedbackEntry.went_wrong.contains(text)))


def test_the_table_has_no_place_for_who_sent_it_or_their_session(factory):
    with transaction(factory) as session:
        columns = {c["name"] for c in inspect(session.get_bind()).get_columns("feedback_entry")}
    assert columns == {"id", "ticket", "service_slug", "page", "language", "kind", "helpful",
                       "doing", "went_wrong", "reply_to", "masked", "created_at", "day"}


def test_answers_are_counted_per_service_and_baku_day(factory):
    # 21:30 UTC is 01:30 the next day in Baku
    late = datetime(2026, 3, 9, 21, 30)
    with transaction(factory) as session:
        store.record(session, _answer("a" * 32, True), now=late)
        store.record(session, _answer("b" * 32, False), now=late)
        store.record(session, _answer("c" * 32, False), now=late - timedelta(hours=2))
        store.record(session, _answer("d" * 32, True, service="guzestli-menzil"), now=late)
        store.record(session, store.Feedback("e" * 32, SERVICE, "service", "az",
                                             went_wrong="x"), now=late)
    with transaction(factory) as session:
        counts = store.daily_counts(session, since=date(2026, 3, 1))
    assert [(c.service_slug, c.day, c.yes, c.no) for c in counts] == [
        ("guzestli-menzil", date(2026, 3, 10), 1, 0),
        (SERVICE, date(2026, 3, 10), 1, 1),
        (SERVICE, date(2026, 3, 9), 0, 1),
    ]


def test_problems_come_newest_first_and_reply_addresses_go_after_30_days(factory):
    now = utcnow()
    with transaction(factory) as session:
        for n, days_ago in enumerate((40, 1, 5)):
            store.record(session, store.Feedback(f"{n}" * 32, SERVICE, "service", "az",
                                                 went_wrong=f"report {days_ago}",
                                                 reply_to="a@example.az"),
                         now=now - timedelta(days=days_ago))
    with transaction(factory) as session:
        assert [p.went_wrong for p in store.problems(session)][:3] == [
            "report 1", "report 5", "report 40"]
        assert store.forget_reply_addresses(session, now) == 1
    with transaction(factory) as session:
        kept = {p.went_wrong: p.reply_to for p in store.problems(session)}
    assert kept["report 40"] is None and kept["report 1"] == "a@example.az"
