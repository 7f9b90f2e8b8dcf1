"""Asan İmza over HTTP (contracts/asan_imza.yaml): the AsanImzaPort (and `consume`, which the
sign-in page uses) for the real signature server or the sandbox service.

Every start and consume carries a fresh Idempotency-Key, so a retry after a lost answer
never sends a second request to the phone nor opens two sessions. The system down, its circuit
open or its answer lost: ProviderUnavailable. `session` and `now` are the port's; the system
keeps its own state and clock, so they are not used here."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

from core.auth import Document, Identity, Method
from core.auth.asan_imza import Outcome, Purpose, Refusal, Refused, Started, Status
from core.auth.http_calls import (new_key, provider_answers, segment, sign_in_request,
                                  utc_moment)
from core.platform import outside
from core.platform.outside import OutsideSystem

REFUSED = 422  # the contract's "would not send it to the phone", with the reason as its code


class HttpAsanImza:
    def __init__(self, system: OutsideSystem, key: Callable[[], str] = new_key):
        self.system = system
        self.key = key

    def start(self, session: Session, *, mobile: str, user_id: str, purpose: Purpose,
              document: Document | None = None, now: datetime | None = None,
              holder_fin: str | None = None) -> Started | Refused:
        if purpose is Purpose.SIGN and document is None:
            raise ValueError("a signing request needs the document to sign")
        asked = {"mobile": mobile, "user_id": user_id, "purpose": purpose.value,
                 "holder_fin": holder_fin,
                 "document": {"title": document.title, "digest": document.digest}
                 if document else None}
        with provider_answers(Method.ASAN_IMZA):
            try:
                answer = self.system.call("POST", "/requests", json=asked,
                                          idempotency_key=self.key()).json()
            except outside.Refused as refused:
                if refused.status == REFUSED:
                    return Refused(Refusal(refused.problem.get("code")))
                raise
        return Started(answer["request_id"], answer["verification_code"],
                       utc_moment(answer["expires_at"]))

    def outcome(self, session: Session, request_id: str,
                now: datetime | None = None) -> Outcome | None:
        found = sign_in_request(self.system, Method.ASAN_IMZA, request_id)
        if found is None:
            return None
        who = found.get("identity")
        return Outcome(
            Status(found["status"]), Purpose(found["purpose"]), found["verification_code"],
            utc_moment(found["expires_at"]),
            Identity(who["fin"], who["full_name"], Method.ASAN_IMZA) if who else None,
            found.get("signature"), found.get("document_digest"))

    def consume(self, session: Session, request_id: str, now: datetime | None = None) -> bool:
        """True for the first caller only (its own retries included: they carry its key)."""
        with provider_answers(Method.ASAN_IMZA):
            answer = self.system.call("POST", f"/requests/{segment(request_id)}/consume",
                                      idempotency_key=self.key())
        return bool(answer.json().get("consumed"))

    def signature_is_valid(self, fin: str, digest: str, value: str) -> bool:
        with provider_answers(Method.ASAN_IMZA):
            answer = self.system.call("GET", "/signatures/verification",
                                      params={"fin": fin, "digest": digest, "value": value})
        return bool(answer.json().get("valid"))
