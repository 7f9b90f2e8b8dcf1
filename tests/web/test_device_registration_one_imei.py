"""One device paid for once (finding 3 of the hardening probe): three browsers that filled in
the same IMEI pay at the same moment; the database reserves the device for one application
before any bank is asked, so exactly one charge and one receipt, and the others are told why
before their card is charged. In threads of one portal, and in portal processes of their own."""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy import func, select

from core.payments.models import Receipt
from core.platform import job_queue
from tests.conftest import PortalClient
from tests.web.device_registration_support import card_form_token, check, details, pay
from web import create_app

IMEI = "353325111234567"
REFUSED = "hazırda başqa bir müraciətin ödənişi aparılır"
ALREADY = "artıq"  # "…in_progress" / "registered" wording, when the first finished already


@pytest.fixture
def app_config(app_config):
    return {**app_config, "GATEWAY_DELAY_SECONDS": 0.6}


@pytest.fixture(autouse=True)
def empty_queue(app):
    job_queue.huey.flush()


def _receipts(db) -> int:
    count = db.scalar(select(func.count()).select_from(Receipt))
    db.rollback()
    return count


def _ready(client) -> str:
    assert check(client, IMEI).status_code == 302
    assert details(client).status_code == 302
    return card_form_token(client)


def test_three_browsers_paying_for_one_imei_at_once_are_charged_once(app, db):
    browsers = [app.test_client() for _ in range(3)]
    tokens = [_ready(b) for b in browsers]
    before = _receipts(db)
    start = threading.Barrier(3)
    answers = [None] * 3

    def pay_now(n):
        start.wait()
        answers[n] = pay(browsers[n], token=tokens[n])

    threads = [threading.Thread(target=pay_now, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert app.extensions["payments"].gateway.charge_count() == 1
    assert _receipts(db) == before + 1
    paid = [a for a in answers if a.status_code == 302 and "/qebz/" in a.location]
    refused = [a for a in answers if a.status_code == 200]
    assert len(paid) == 1 and len(refused) == 2
    for answer in refused:
        text = answer.get_data(as_text=True)
        assert REFUSED in text or ALREADY in text


def _pay_in_a_process_of_its_own(config: dict, start) -> tuple[int, str]:
    portal = create_app(config)
    portal.test_client_class = PortalClient
    browser = portal.test_client()
    token = _ready(browser)
    start.wait(120)  # every process has filled in its form: all pay at once
    answer = pay(browser, token=token)
    portal.extensions["egov_db"].engine.dispose()
    return answer.status_code, answer.get_data(as_text=True)


def test_three_portal_processes_paying_for_one_imei_at_once_charge_once(app, app_config, db):
    before = _receipts(db)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(3, mp_context=context) as pool:
        start = manager.Barrier(3)
        answers = list(pool.map(_pay_in_a_process_of_its_own, [app_config] * 3, [start] * 3))
    assert app.extensions["payments"].gateway.charge_count() == 1
    assert _receipts(db) == before + 1
    assert sorted(status for status, _text in answers) == [200, 200, 302]
    for status, text in answers:
        if status == 200:
            assert REFUSED in text or ALREADY in text
