"""Pages that only read do not wait for SQLite's write lock: while a payment or a booking holds
it, a signed-in citizen still gets a service page (the session lookup and the usage count are
read-only transactions). On PostgreSQL there is no such lock to wait for."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from core.sandbox.citizens import AYSEL
from tests.web.auth_support import sign_in_with_password


@pytest.fixture
def a_writer_holds_the_lock(app):
    engine = app.extensions["egov_db"].engine
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    connection = engine.connect()
    transaction = connection.begin()  # BEGIN IMMEDIATE
    connection.execute(text("UPDATE service_usage SET count = count WHERE 1 = 0"))
    yield
    transaction.rollback()
    connection.close()


def _get_within(client, path: str, seconds: float):
    answers = []
    worker = threading.Thread(target=lambda: answers.append(client.get(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    return answers[0] if answers else None


@pytest.mark.parametrize("path", ["/xidmet/seherlerarasi-danisiqlar/", "/e-xidmetler/", "/"])
def test_a_signed_in_page_that_only_reads_does_not_wait_for_a_writer(client, request, path):
    sign_in_with_password(client, AYSEL)
    request.getfixturevalue("a_writer_holds_the_lock")
    answer = _get_within(client, path, seconds=5)
    assert answer is not None, f"{path} waited for the write lock"
    assert answer.status_code == 200 and "Çıxış" in answer.text  # still signed in
