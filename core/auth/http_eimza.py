"""e-imza over HTTP (contracts/eimza.yaml): the EimzaPort (and `certificate`, which signing
uses) for the token service or the sandbox service.

A PIN goes out only in a request body, never in a path or a log line (core.platform.outside
logs the path alone). Each sign-in and signature carries a fresh Idempotency-Key, so a retry
after a lost answer counts a wrong PIN once. The system down, its circuit open or its answer
lost: ProviderUnavailable."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

from core.auth import Document, Identity, Method
from core.auth.eimza import Certificate, TokenRefusal, TokenResult
from core.auth.http_calls import day, new_key, provider_answers, segment
from core.platform import outside
from core.platform.outside import OutsideSystem

REFUSED = 422  # the contract's "the token refused", with the TokenRefusal as its code


class HttpEimza:
    def __init__(self, system: OutsideSystem, key: Callable[[], str] = new_key):
        self.system = system
        self.key = key

    def certificates(self, session: Session, fin: str | None = None, *,
                     tokens: list[str] | None = None) -> list[Certificate]:
        if tokens is not None and not tokens:
            return []  # nothing plugged in
        params = {}
        if fin is not None:
            params["fin"] = fin
        if tokens is not None:
            params["tokens"] = ",".join(tokens)
        with provider_answers(Method.EIMZA):
            answer = self.system.call("GET", "/certificates", params=params)
        return [certificate(found) for found in answer.json()["certificates"]]

    def certificate(self, session: Session, serial: str) -> Certificate | None:
        if not serial:
            return None
        with provider_answers(Method.EIMZA):
            answer = self.system.call("GET", f"/certificates/{segment(serial)}",
                                      expect=(200, 404))
        return certificate(answer.json()) if answer.status_code == 200 else None

    def sign_in(self, session: Session, certificate_serial: str, pin: str,
                now: datetime | None = None) -> TokenResult:
        return self._use("/sign-ins", {"certificate_serial": certificate_serial, "pin": pin})

    def sign(self, session: Session, certificate_serial: str, pin: str, document: Document,
             now: datetime | None = None) -> TokenResult:
        return self._use("/signatures", {
            "certificate_serial": certificate_serial, "pin": pin,
            "document": {"title": document.title, "digest": document.digest}})

    def signature_is_valid(self, fin: str, digest: str, value: str) -> bool:
        with provider_answers(Method.EIMZA):
            answer = self.system.call("GET", "/signatures/verification",
                                      params={"fin": fin, "digest": digest, "value": value})
        return bool(answer.json().get("valid"))

    def _use(self, path: str, asked: dict) -> TokenResult:
        with provider_answers(Method.EIMZA):
            try:
                answer = self.system.call("POST", path, json=asked,
                                          idempotency_key=self.key()).json()
            except outside.Refused as refused:
                if refused.status != REFUSED:
                    raise
                problem = refused.problem
                return TokenResult(refusal=TokenRefusal(problem.get("code")),
                                   attempts_left=problem.get("attempts_left"),
                                   certificate=certificate(problem.get("certificate")))
        who = answer["identity"]
        return TokenResult(identity=Identity(who["fin"], who["full_name"], Method.EIMZA),
                           attempts_left=answer.get("attempts_left"),
                           certificate=certificate(answer.get("certificate")),
                           signature=answer.get("signature"))


def certificate(found: dict | None) -> Certificate | None:
    if not found:
        return None
    return Certificate(found["serial"], found["token_serial"], found["fin"], found["full_name"],
                       day(found["valid_from"]), day(found["valid_until"]),
                       bool(found.get("revoked")))
