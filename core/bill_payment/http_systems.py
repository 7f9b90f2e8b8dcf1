"""The billing systems over HTTP (contracts/billing.yaml): one BillingSystem per provider, each
with a client (and so a circuit) of its own, so Azəriqaz being down never stops Baktelekom.

    systems = http_systems(connect(settings, "billing"))     # provider code -> its system
    systems["baktelekom"].post_payment(line, "telefon", 250, reference)  # Idempotency-Key

A provider not answering (down, circuit open, 5xx, answer lost) is ProviderUnavailable: the
payment stays charged and the posting job books it later with the same key. When a booking's
answer was lost even after the client's retries, the provider is asked for it by reference
first: booked is booked."""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from core.bill_payment.systems import (PROVIDERS, Posted, ProviderUnavailable, UnknownAccount,
                                       bills)
from core.kernel.phones import Landline
from core.platform.outside import (
    AnswerLost, CircuitBreaker, OutsideError, OutsideSystem, Refused,
)

log = logging.getLogger("egov.billing")


@dataclass
class HttpBillingSystem:
    code: str
    system: OutsideSystem

    def serves(self, line: Landline, service: str) -> bool:
        return bills(self.code, line, service)

    def balances(self, line: Landline) -> dict[str, int]:
        answer = self._call("GET", f"/{self.code}/accounts/{line.city_code}/{line.number}",
                            expect=(200, 404))
        if answer.status_code == 404:
            return {}
        return {service: int(balance) for service, balance in answer.json()["balances"].items()}

    def post_payment(self, line: Landline, service: str, amount: int, reference: str) -> Posted:
        if amount <= 0:
            raise ValueError("a payment must be positive")
        body = {"reference": reference, "city_code": line.city_code, "number": line.number,
                "service": service, "amount": amount}
        try:
            answer = self._call("POST", f"/{self.code}/payments", json=body,
                                idempotency_key=reference, expect=(200, 201), lost_ok=True)
        except AnswerLost:
            return self._booked(reference)
        except Refused as refused:
            if refused.status == 404 and refused.problem.get("code") == "unknown_account":
                raise UnknownAccount(f"{self.code} {line} {service}") from None
            raise _unavailable(self.code, refused) from None
        return _posted(answer.json())

    def _booked(self, reference: str) -> Posted:
        """After a lost answer: the booking if it was made, else "not answering" (the job posts
        again with the same key)."""
        answer = self._call("GET", f"/{self.code}/payments/{reference}", expect=(200, 404))
        if answer.status_code == 404:
            raise ProviderUnavailable(f"{self.code}: answer lost, nothing booked yet")
        return _posted(answer.json())

    def _call(self, method: str, path: str, *, lost_ok: bool = False, **options):
        try:
            return self.system.call(method, path, **options)
        except Refused as refused:
            if method == "POST":
                raise  # the caller tells a definite no from a misunderstanding
            raise _unavailable(self.code, refused) from None
        except AnswerLost:
            if lost_ok:
                raise
            raise ProviderUnavailable(f"{self.code}: no answer") from None
        except OutsideError as failure:
            raise ProviderUnavailable(f"{self.code}: {failure}") from None


def _posted(found: dict) -> Posted:
    return Posted(reference=found["reference"], amount=int(found["amount"]),
                  balance_after=int(found["balance_after"]))


def _unavailable(code: str, refused: Refused) -> ProviderUnavailable:
    """A 4xx the contract does not give for a definite no (a bad token, a malformed request):
    logged, and the payment kept for the posting job rather than given up."""
    log.error("%s refused a call with %s %s", code, refused.status, refused.problem.get("code"))
    return ProviderUnavailable(f"{code}: refused {refused.status}")


def http_systems(system: OutsideSystem) -> dict[str, HttpBillingSystem]:
    """All four providers on one connection to the billing systems (the `over_http` of
    core.platform.connections), each with a circuit breaker of its own."""
    return {code: HttpBillingSystem(code, _own_circuit(system)) for code in PROVIDERS}


def _own_circuit(system: OutsideSystem) -> OutsideSystem:
    """The same client (its connections, timeouts, token), a breaker of its own."""
    own = copy.copy(system)
    own.breaker = CircuitBreaker(failures_to_open=system.breaker.failures_to_open,
                                 open_seconds=system.breaker.open_seconds,
                                 clock=system.breaker.clock)
    return own
