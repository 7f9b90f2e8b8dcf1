"""The bank over HTTP (core.payments.http_gateway) against the sandbox service's bank, in this
process: a charge lost on its way back is found by reconciliation and paid for once, a double
submit charges once, declines charge nothing, a bank behind an open circuit answers at once,
and no card number or CVV reaches a log line."""
from __future__ import annotations

import json
import logging
import re
import time
from datetime import date


import httpx
import pytest
from sqlalchemy import func, select

from core.kernel import db
from core.payments import receipts
from core.payments.cards import Brand, CardDetails, check_card
from core.payments.http_gateway import BadSignature, HttpGateway, apply_settlement
from core.payments.models import Payment, Receipt, SandboxBankCharge
from core.payments.service import (APPROVED, DECLINED, PENDING, UNAVAILABLE, ChargeRequest,
                                   GatewayTimeout, PaymentService)
from core.platform.outside import CircuitBreaker, OutsideSystem, current_request_id, sign
from core.platform.settings import Settings
from sandbox_service import InProcessTransport, create_app
from tests.outside.support import Clock, Recording, follows

CARD_NUMBER, CVV = "4111111111111111", "739"



@pytest.fixture
def sandbox(tmp_path):
    settings = Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}",
        gateway_delay_seconds=0)
    return create_app(settings)


@pytest.fixture
def breaker_clock():
    return Clock()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def bank(sandbox, breaker_clock, sleeps):
    system = OutsideSystem("bank", "http://sandbox/bank", transport=InProcessTransport(app=sandbox),
                           breaker=CircuitBreaker(clock=breaker_clock), sleep=sleeps.append)
    yield system
    system.close()


@pytest.fixture
def payments(factory, bank):
    return PaymentService(factory, HttpGateway(bank))


def fault(sandbox, mode: str, **options) -> None:
    with httpx.Client(transport=InProcessTransport(app=sandbox), base_url="http://sandbox") as c:
        if mode == "off":
            assert c.delete("/faults/bank").status_code == 204
        else:
            assert c.post("/faults/bank", json={"mode": mode, **options}).status_code == 200


def charges(sandbox, approved_only: bool = False) -> int:
    query = select(func.count()).select_from(SandboxBankCharge)
    if approved_only:
        query = query.where(SandboxBankCharge.approved.is_(True))
    with db.transaction(sandbox.extensions["sandbox_db"]) as session:
        return session.execute(query).scalar_one()


def card(number=CARD_NUMBER, card_type="visa", cvv=CVV):
    check = check_card(number, "12", str(date.today().year + 3), cvv, card_type=card_type)
    assert check.ok, check.errors
    return check.card


def pay(payments, subject="test:http-1", number=CARD_NUMBER, card_type="visa"):
    return payments.pay(subject=subject, service_slug="test", description="Test payment",
                        amount_qepik=3000, card=card(number, card_type))


def issue_receipt(factory, subject):
    with db.transaction(factory) as session:
        payment = session.execute(
            select(Payment).where(Payment.subject == subject, Payment.status == APPROVED)
        ).scalar_one()
        return receipts.issue(session, payment, prefix="TS", payer_name="Test Payer").number


def receipt_count(factory, subject) -> int:
    with db.transaction(factory) as session:
        return session.execute(
            select(func.count()).select_from(Receipt).join(Payment)
            .where(Payment.subject == subject)).scalar_one()


def test_an_approved_card_is_charged_through_the_sandbox_bank(payments, sandbox):
    outcome = pay(payments)
    assert outcome.status == APPROVED and outcome.charged_now
    assert outcome.payment.gateway_reference.startswith("SBX")
    assert charges(sandbox, approved_only=True) == 1


def test_a_charge_whose_answer_is_lost_is_reconciled_to_one_charge_and_one_receipt(
        payments, sandbox, factory, breaker_clock):
    fault(sandbox, "lost")  # every answer lost until cleared: the charge and the lookups
    outcome = pay(payments, subject="test:lost-1")
    assert outcome.status == PENDING
    assert charges(sandbox) == 1  # the bank did charge: only its answer went missing

    fault(sandbox, "off")
    breaker_clock.now += 60  # the breaker opened on the lost answers: let its trial through
    first = payments.reconcile_subject("test:lost-1")
    again = payments.reconcile_subject("test:lost-1")
    assert (first.status, again.status) == (APPROVED, APPROVED)
    numbers = {issue_receipt(factory, "test:lost-1"), issue_receipt(factory, "test:lost-1")}
    assert len(numbers) == 1 and receipt_count(factory, "test:lost-1") == 1
    assert charges(sandbox) == 1


def test_a_lost_answer_is_repeated_with_the_same_order_id_and_charges_once(
        payments, sandbox, sleeps):
    fault(sandbox, "lost", count=1)
    outcome = pay(payments, subject="test:lost-once")
    assert outcome.status == APPROVED
    assert len(sleeps) == 1  # one backoff before the repeat, which the bank deduplicated
    assert charges(sandbox) == 1


def test_a_double_submit_with_the_same_order_charges_once(payments, sandbox, bank):
    first = pay(payments, subject="test:double")
    second = pay(payments, subject="test:double")
    assert first.status == second.status == APPROVED
    assert first.charged_now and not second.charged_now
    # The same order id sent to the bank twice (a replayed request): still one charge.
    gateway = HttpGateway(bank)
    request = ChargeRequest("test:double#9", 3000, "AZN", "Test payment", card())
    assert gateway.charge(request).reference == gateway.charge(request).reference
    assert charges(sandbox) == 2


@pytest.mark.parametrize("number, code", [("4000000000000002", "declined"),
                                          ("4000000000009995", "insufficient_funds")])
def test_decline_cards_are_declined_and_move_no_money(payments, sandbox, number, code):
    outcome = pay(payments, subject=f"test:{code}", number=number)
    assert outcome.status == DECLINED and outcome.decline_code == code
    assert charges(sandbox, approved_only=True) == 0
    # After a decline the citizen tries another card: a new order, charged.
    assert pay(payments, subject=f"test:{code}").status == APPROVED
    assert charges(sandbox, approved_only=True) == 1


def test_an_expired_card_is_declined_by_the_bank(bank, sandbox):
    # The portal's own check refuses it first; a card that expires while paying does not.
    expired = CardDetails(CARD_NUMBER, 12, date.today().year - 1, CVV, Brand.VISA)
    result = HttpGateway(bank).charge(ChargeRequest("test:expired#1", 3000, "AZN", "x", expired))
    assert (result.approved, result.decline_code) == (False, "expired_card")
    assert charges(sandbox, approved_only=True) == 0


def test_a_bank_behind_an_open_circuit_answers_at_once(payments, sandbox, bank):
    fault(sandbox, "down")
    assert pay(payments, subject="test:down-1").status == UNAVAILABLE
    assert pay(payments, subject="test:down-2").status == UNAVAILABLE
    assert bank.breaker.is_open
    fault(sandbox, "slow", seconds=5)
    started = time.monotonic()
    outcome = pay(payments, subject="test:down-3")
    assert time.monotonic() - started < 1
    assert outcome.status == UNAVAILABLE
    assert charges(sandbox) == 0


def test_no_card_number_or_cvv_reaches_a_log_line(payments, sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    fault(sandbox, "error", count=1)  # a 500 and a retry: every log path of a charge
    assert pay(payments, subject="test:logs").status == APPROVED
    assert caplog.records
    for record in caplog.records:
        text = " ".join([record.getMessage(), *(
            value for value in vars(record).values() if isinstance(value, str))])
        assert CARD_NUMBER not in text and "4111 1111" not in text
        assert not re.search(rf"(?<![0-9A-F]){CVV}(?![0-9A-F])", text), record.getMessage()


def test_a_request_the_bank_may_have_missed_stays_pending_within_the_settle_window(
        payments, sandbox, breaker_clock):
    fault(sandbox, "error")  # 500 on every call: the bank may or may not have the order
    assert pay(payments, subject="test:never").status == PENDING
    fault(sandbox, "off")
    breaker_clock.now += 60
    # The bank has no such order, but a request may still be on its way for two minutes.
    assert payments.reconcile_subject("test:never").status == PENDING
    assert charges(sandbox) == 0


@pytest.fixture
def failing_bank(tmp_path, request):
    """The sandbox bank with EGOV_GATEWAY_FAILURE set, as a demo or QA session starts it."""
    settings = Settings.from_environment(
        {"EGOV_GATEWAY_FAILURE": request.param, "EGOV_GATEWAY_DELAY_SECONDS": "0"},
        sandbox_database_url=f"sqlite:///{tmp_path / 'failing.sqlite3'}")
    return create_app(settings)


@pytest.mark.parametrize("failing_bank, status, charged", [
    ("down", UNAVAILABLE, 0), ("timeout", APPROVED, 1), ("lost", PENDING, 0),
], indirect=["failing_bank"])
def test_the_gateway_failure_setting_keeps_its_meaning(failing_bank, factory, status, charged):
    system = OutsideSystem("bank", "http://sandbox/bank", sleep=lambda s: None,
                           transport=InProcessTransport(app=failing_bank))
    payments = PaymentService(factory, HttpGateway(system))
    assert pay(payments, subject=f"test:setting-{status}").status == status
    assert charges(failing_bank) == charged


@pytest.fixture
def secret():
    return "callback-secret"


def test_a_signed_settlement_notice_settles_a_pending_payment_once(payments, sandbox, secret):
    fault(sandbox, "lost")
    pending = pay(payments, subject="test:notice")
    assert pending.status == PENDING
    notice = json.dumps({"order_id": pending.payment.idempotency_key, "status": "approved",
                         "reference": "SBXNOTICE", "amount_qepik": 3000}).encode()
    outcome = apply_settlement(payments, notice, sign(secret, notice), secret)
    assert outcome.status == APPROVED and outcome.payment.gateway_reference == "SBXNOTICE"
    again = apply_settlement(payments, notice, sign(secret, notice), secret)
    assert again.status == APPROVED and again.payment.updated_at == outcome.payment.updated_at


def test_an_unsigned_or_wrongly_signed_notice_changes_nothing(payments, sandbox, secret):
    fault(sandbox, "lost")
    pending = pay(payments, subject="test:forged")
    notice = json.dumps({"order_id": pending.payment.idempotency_key, "status": "approved",
                         "reference": "FORGED"}).encode()
    for signature in (None, "0" * 64, sign("another-secret", notice)):
        with pytest.raises(BadSignature):
            apply_settlement(payments, notice, signature, secret)
    assert payments.current("test:forged").status not in (APPROVED, DECLINED)


def test_a_notice_for_an_order_the_portal_does_not_know_changes_nothing(payments, secret):
    notice = json.dumps({"order_id": "not-ours#1", "status": "declined",
                         "reference": "X"}).encode()
    assert apply_settlement(payments, notice, sign(secret, notice), secret) is None
    with pytest.raises(ValueError):
        apply_settlement(payments, b"{}", sign(secret, b"{}"), secret)


def test_an_order_id_reused_for_another_amount_is_settled_by_lookup(bank, sandbox):
    gateway = HttpGateway(bank)
    assert gateway.charge(ChargeRequest("test:reused#1", 3000, "AZN", "x", card())).approved
    with pytest.raises(GatewayTimeout):
        gateway.charge(ChargeRequest("test:reused#1", 9900, "AZN", "x", card()))
    assert gateway.lookup("test:reused#1").approved
    assert charges(sandbox) == 1


def test_a_wrong_token_is_refused_and_charges_nothing(factory, tmp_path):
    sandbox = create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'tokened.sqlite3'}",
        gateway_delay_seconds=0, bank_token="right"))
    for token, status in (("wrong", UNAVAILABLE), ("right", APPROVED)):
        system = OutsideSystem("bank", "http://sandbox/bank", token=token,
                               transport=InProcessTransport(app=sandbox), sleep=lambda s: None)
        assert pay(PaymentService(factory, HttpGateway(system)),
                   subject=f"test:token-{token}").status == status
    assert charges(sandbox) == 1



def test_requests_and_answers_follow_the_contract(factory, sandbox):
    recording = Recording(sandbox)
    system = OutsideSystem("bank", "http://sandbox/bank", transport=recording,
                           sleep=lambda s: None)
    payments = PaymentService(factory, HttpGateway(system))
    token = current_request_id.set("req-contract-1")
    try:
        assert pay(payments, subject="test:contract-ok").status == APPROVED
        assert pay(payments, subject="test:contract-no", number="4000000000000002").status \
            == DECLINED
        assert HttpGateway(system).lookup("test:contract-ok#1").approved
        assert HttpGateway(system).lookup("test:nothing#1") is None
    finally:
        current_request_id.reset(token)
    kinds = {"200": "Charge", "201": "Charge", "402": "Decline", "404": "Problem"}
    for request, answer in recording.exchanges:
        assert request.headers["X-Request-ID"] == "req-contract-1"
        assert CARD_NUMBER not in str(request.url)
        if request.method == "POST":
            body = json.loads(request.content)
            follows("bank", "ChargeRequest", body)
            assert request.headers["Idempotency-Key"] == body["order_id"]
        follows("bank", kinds[str(answer.status_code)], answer.json())
        assert CARD_NUMBER not in answer.text and CVV not in answer.text
    assert [(r.method, a.status_code) for r, a in recording.exchanges] == [
        ("POST", 201), ("POST", 402), ("GET", 200), ("GET", 404)]
