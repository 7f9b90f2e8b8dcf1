"""The sandbox bank in this process, behind the PaymentGateway port (core.payments.service): the
test cards of demo-data.md, and the charges it made in the sandbox_bank_charge table. The
sandbox service's bank (sandbox_service.systems.bank) decides cards by the same rule."""
from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.kernel import db
from core.payments.cards import is_expired
from core.payments.models import SandboxBankCharge
from core.payments.service import ChargeRequest, ChargeResult, GatewayTimeout, GatewayUnavailable

SANDBOX_CARDS = {
    "4111111111111111": None,
    "5555555555554444": None,
    "6759649826438453": None,
    "4000000000000002": "declined",
    "4000000000009995": "insufficient_funds",
}


def sandbox_decision(number: str, exp_month: int, exp_year: int, today) -> str | None:
    """What the sandbox bank says to a card: None (approved) or the decline code. Shared by
    SandboxGateway and the sandbox service's bank (sandbox_service.systems.bank)."""
    if is_expired(exp_month, exp_year, today):
        return "expired_card"
    return SANDBOX_CARDS.get(number, "declined")


class SandboxGateway:
    """Behaves like the acquiring bank for the demo and tests: the test cards of demo-data.md,
    a short delay, and failure modes:

    - "down": connection refused, nothing charged;
    - "timeout": the bank charges but its answer is lost (reconciliation finds the charge);
    - "lost": the request is lost before the bank, nothing charged, no answer.
    """

    settle_window = timedelta(0)  # it answers synchronously: after a timeout it has decided

    def __init__(self, session_factory: sessionmaker[Session], *, delay_seconds: float = 0.8,
                 failure: str | None = None, sleep: Callable[[float], None] = time.sleep,
                 today: Callable[[], object] | None = None):
        self._factory = session_factory
        self.delay_seconds = delay_seconds
        self.failure = failure
        self._sleep = sleep
        self._today = today

    def charge(self, request: ChargeRequest) -> ChargeResult:
        if self.failure == "down":
            raise GatewayUnavailable("sandbox bank refused the connection")
        self._sleep(self.delay_seconds)
        if self.failure == "lost":
            raise GatewayTimeout("sandbox bank did not answer")
        result = self._record(request)
        if self.failure == "timeout":
            raise GatewayTimeout("sandbox bank's answer was lost")
        return result

    def lookup(self, order_id: str) -> ChargeResult | None:
        if self.failure == "down":
            raise GatewayUnavailable("sandbox bank refused the connection")
        with db.transaction(self._factory) as session:
            row = session.execute(
                select(SandboxBankCharge).where(SandboxBankCharge.order_id == order_id)
            ).scalar_one_or_none()
            return None if row is None else _result(row)

    def charge_count(self, order_prefix: str = "") -> int:
        """Approved charges (money moved), for tests and the sandbox's own checks."""
        with db.transaction(self._factory) as session:
            return session.execute(
                select(func.count()).select_from(SandboxBankCharge).where(
                    SandboxBankCharge.approved.is_(True),
                    SandboxBankCharge.order_id.startswith(order_prefix),
                )
            ).scalar_one()

    def _record(self, request: ChargeRequest) -> ChargeResult:
        with db.transaction(self._factory) as session:
            existing = session.execute(
                select(SandboxBankCharge).where(SandboxBankCharge.order_id == request.order_id)
            ).scalar_one_or_none()
            if existing is not None:  # a repeated order: answer as before, charge nothing
                return _result(existing)
            card = request.card
            today = self._today() if self._today else db.utcnow().date()
            code = sandbox_decision(card.number, card.exp_month, card.exp_year, today)
            row = SandboxBankCharge(
                order_id=request.order_id, reference="SBX" + secrets.token_hex(6).upper(),
                amount_qepik=request.amount_qepik, brand=card.brand.value, last4=card.last4,
                approved=code is None, decline_code=code,
            )
            session.add(row)
            session.flush()
            return _result(row)


def _result(row: SandboxBankCharge) -> ChargeResult:
    return ChargeResult(approved=row.approved, reference=row.reference,
                        decline_code=row.decline_code)
