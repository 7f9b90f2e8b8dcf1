"""e-gov identity over HTTP (contracts/egov_identity.yaml): the EgovIdentityPort for the app
service or the sandbox service.

Every start, consume and cancel carries a fresh Idempotency-Key, so a retry after a lost
answer makes no second request and opens no second session. The system down, its circuit open
or its answer lost: ProviderUnavailable. `session` is the port's; the system keeps its own
state, so it is not used here."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

from core.auth import Identity, Method
from core.auth.egov_identity import Outcome, Started, Status
from core.auth.http_calls import (new_key, provider_answers, segment, sign_in_request,
                                  utc_moment)
from core.kernel.db import utcnow
from core.platform.outside import OutsideSystem


class HttpEgovIdentity:
    def __init__(self, system: OutsideSystem, key: Callable[[], str] = new_key,
                 clock: Callable[[], datetime] = utcnow):
        self.system = system
        self.key = key
        self.clock = clock

    def now(self) -> datetime:
        return self.clock()

    def start(self, session: Session) -> Started:
        with provider_answers(Method.EGOV_IDENTITY):
            answer = self.system.call("POST", "/requests", idempotency_key=self.key()).json()
        return Started(answer["request_id"], answer["code"], answer["qr_payload"],
                       utc_moment(answer["expires_at"]))

    def outcome(self, session: Session, request_id: str) -> Outcome | None:
        found = sign_in_request(self.system, Method.EGOV_IDENTITY, request_id)
        if found is None:
            return None
        who = found.get("identity")
        return Outcome(Status(found["status"]), found["code"], found["qr_payload"],
                       utc_moment(found["expires_at"]),
                       Identity(who["fin"], who["full_name"], Method.EGOV_IDENTITY)
                       if who else None)

    def consume(self, session: Session, request_id: str) -> bool:
        """True for the first caller only (its own retries included: they carry its key)."""
        with provider_answers(Method.EGOV_IDENTITY):
            answer = self.system.call("POST", f"/requests/{segment(request_id)}/consume",
                                      idempotency_key=self.key())
        return bool(answer.json().get("consumed"))

    def cancel(self, session: Session, request_id: str) -> None:
        if not request_id:
            return
        with provider_answers(Method.EGOV_IDENTITY):
            self.system.call("POST", f"/requests/{segment(request_id)}/cancel",
                             idempotency_key=self.key())
