"""The sandbox service's test interface over HTTP (the operations tagged "sandbox" in
contracts/asan_imza.yaml, eimza.yaml, egov_identity.yaml): the HTTP adapters plus the citizen's
side, with the same methods and answers as core.auth's in-process sandboxes. Wired in sandbox
mode, the sandbox pages (the Asan İmza phone, the e-imza token page, the e-gov identity app)
act on the sandbox service's state through them, unchanged, while the portal's sign-in and
signing pages use the plain adapters' part.

These calls are the sandbox's own, never a real system's; they go through the same client
(timeouts, keys, the circuit breaker), so a sandbox that is down is ProviderUnavailable too."""
from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core.auth import Method
from core.auth.asan_imza import PhoneScreen, PinResult, PukResult
from core.auth.egov_identity import AppScreen, OpenResult, PinResult as AppPinResult
from core.auth.eimza import TokenState
from core.auth.http_asan_imza import HttpAsanImza
from core.auth.http_calls import provider_answers, segment, utc_moment
from core.auth.http_egov_identity import HttpEgovIdentity
from core.auth.http_eimza import HttpEimza, certificate


@dataclass(frozen=True)
class WaitingOnPhone:
    """The request the phone shows (the attributes the phone page reads of an AsanRequest)."""

    id: str
    purpose: str
    verification_code: str
    document_title: str | None
    expires_at: datetime


@dataclass(frozen=True)
class OpenedInApp:
    """The request opened in the app (the attributes the app page reads)."""

    id: str
    code: str
    expires_at: datetime


PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def plausible_id(request_id: str | None) -> bool:
    """A request id as the systems issue them; anything else (typed into a form, a path
    traversal, 40 KB) is no request of theirs, and is not sent."""
    return bool(request_id) and PLAUSIBLE_ID.fullmatch(request_id) is not None


class SandboxHttpAsanImza(HttpAsanImza):
    def phone(self, session: Session, mobile: str,
              now: datetime | None = None) -> PhoneScreen | None:
        found = self._read(f"/phones/{segment(mobile)}")
        if found is None:
            return None
        waiting = found["request"]
        return PhoneScreen(
            found["mobile"], found["full_name"], found["suspended"], found["pin1_blocked"],
            found["pin2_blocked"], found["blocked_for_good"], found["pin1_attempts_left"],
            found["pin2_attempts_left"], found["puk_attempts_left"],
            WaitingOnPhone(waiting["request_id"], waiting["purpose"],
                           waiting["verification_code"], waiting.get("document_title"),
                           utc_moment(waiting["expires_at"])) if waiting else None)

    def enter_pin(self, session: Session, request_id: str, pin: str,
                  now: datetime | None = None) -> tuple[PinResult, int]:
        if not plausible_id(request_id):
            return PinResult.NOT_WAITING, 0
        answer = self._change(f"/requests/{segment(request_id)}/pin", {"pin": pin})
        if answer is None:
            return PinResult.NOT_WAITING, 0
        return PinResult(answer["result"]), answer["attempts_left"]

    def decline(self, session: Session, request_id: str, now: datetime | None = None) -> bool:
        if not plausible_id(request_id):
            return False
        answer = self._change(f"/requests/{segment(request_id)}/decline")
        return bool(answer and answer["declined"])

    def enter_puk(self, session: Session, mobile: str, puk: str) -> tuple[PukResult, int]:
        answer = self._change(f"/phones/{segment(mobile)}/puk", {"puk": puk})
        return PukResult(answer["result"]), answer["attempts_left"]

    def issue_duplicate_sim(self, session: Session, mobile: str) -> bool:
        return bool(self._change(f"/phones/{segment(mobile)}/duplicate-sim")["issued"])

    def _read(self, path: str) -> dict | None:
        with provider_answers(Method.ASAN_IMZA):
            answer = self.system.call("GET", path, expect=(200, 404))
        return answer.json() if answer.status_code == 200 else None

    def _change(self, path: str, asked: dict | None = None) -> dict | None:
        """The phone's answer; None when the system knows no such request or phone (404)."""
        with provider_answers(Method.ASAN_IMZA):
            answer = self.system.call("POST", path, json=asked, idempotency_key=self.key(),
                                      expect=(200, 201, 404))
        return answer.json() if answer.status_code != 404 else None


class SandboxHttpEimza(HttpEimza):
    def tokens(self, session: Session, fin: str) -> list[TokenState]:
        with provider_answers(Method.EIMZA):
            answer = self.system.call("GET", f"/holders/{segment(fin)}/tokens")
        return [TokenState(found["serial"], [certificate(c) for c in found["certificates"]],
                           found["pin_attempts_left"], found["puk_attempts_left"])
                for found in answer.json()["tokens"]]

    def unblock_with_puk(self, session: Session, token_serial: str, puk: str) -> PukResult:
        return PukResult(self._change(f"/tokens/{segment(token_serial)}/puk",
                                      {"puk": puk})["result"])

    def issue_new_token(self, session: Session, token_serial: str) -> bool:
        return bool(self._change(f"/tokens/{segment(token_serial)}/replacement")["issued"])

    def _change(self, path: str, asked: dict | None = None) -> dict:
        with provider_answers(Method.EIMZA):
            return self.system.call("POST", path, json=asked, idempotency_key=self.key()).json()


class SandboxHttpEgovIdentity(HttpEgovIdentity):
    def app(self, session: Session, fin: str) -> AppScreen | None:
        with provider_answers(Method.EGOV_IDENTITY):
            answer = self.system.call("GET", f"/apps/{segment(fin)}", expect=(200, 404))
        if answer.status_code == 404:
            return None
        found = answer.json()
        opened = found["request"]
        return AppScreen(
            found["fin"], found["full_name"],
            utc_moment(found["locked_until"]) if found["locked_until"] else None,
            found["attempts_left"],
            OpenedInApp(opened["request_id"], opened["code"], utc_moment(opened["expires_at"]))
            if opened else None)

    def open_request(self, session: Session, fin: str, code: str) -> OpenResult:
        return OpenResult(self._change(f"/apps/{segment(fin)}/opened-requests",
                                       {"code": code or ""})["result"])

    def approve(self, session: Session, fin: str, request_id: str,
                pin: str) -> tuple[AppPinResult, int]:
        if not request_id:
            return AppPinResult.NOT_WAITING, 0
        answer = self._change(f"/apps/{segment(fin)}/requests/{segment(request_id)}/approve",
                              {"pin": pin or ""})
        return AppPinResult(answer["result"]), answer["attempts_left"]

    def decline(self, session: Session, fin: str, request_id: str) -> bool:
        if not request_id:
            return False
        return bool(self._change(
            f"/apps/{segment(fin)}/requests/{segment(request_id)}/decline")["declined"])

    def _change(self, path: str, asked: dict | None = None) -> dict:
        with provider_answers(Method.EGOV_IDENTITY):
            return self.system.call("POST", path, json=asked, idempotency_key=self.key()).json()
