"""A catalogue page kept for visitors makes no database round trip (issue 29, item 3): its usage
count comes from this process's copy of every service's count, read again at most every
REFRESH_SECONDS (and at once after this process counted a use). Counted with SQLAlchemy's
before_cursor_execute on the app's engine, so it holds on PostgreSQL too
(EGOV_TEST_DATABASE_URL)."""
from __future__ import annotations

import pytest
from sqlalchemy import event, update

from core.platform import catalogue
from core.platform.models import ServiceUsage
from web.platform import usage_counts

SLUG = "seherlerarasi-danisiqlar"
PAGES = ["/", "/e-xidmetler/", "/texniki-destek/"] + [
    f"/xidmet/{service.slug}/" for service in catalogue.SERVICES] + [
    f"/e-xidmetler/{agency.slug}/" for agency in catalogue.AGENCIES]


@pytest.fixture
def statements(app):
    sent: list[str] = []
    engine = app.extensions["egov_db"].engine

    def count(_connection, _cursor, statement, *_rest):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield sent
    event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(usage_counts.time, "monotonic", lambda: now[0])
    return now


@pytest.mark.parametrize("page", PAGES)
def test_a_kept_catalogue_page_makes_no_database_round_trip(client, statements, clock, page):
    assert client.get(page).status_code == 200  # kept from now on
    statements.clear()
    assert client.get(page).status_code == 200
    assert statements == []


def test_the_service_pages_usage_count_is_read_again_after_the_refresh_interval(
        client, db, clock):
    page = f"/xidmet/{SLUG}/"
    assert '<span class="usage-count">0</span>' in client.get(page).text
    changed = db.execute(update(ServiceUsage).where(ServiceUsage.service_slug == SLUG)
                         .values(count=7)).rowcount
    if not changed:
        db.add(ServiceUsage(service_slug=SLUG, count=7))
    db.commit()  # as another process counting: this process's copy does not know yet
    assert '<span class="usage-count">0</span>' in client.get(page).text
    clock[0] += usage_counts.REFRESH_SECONDS
    assert '<span class="usage-count">7</span>' in client.get(page).text
