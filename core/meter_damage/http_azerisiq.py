"""Azərişıq over HTTP (contracts/azerisiq.yaml): the application handed over, the subscriber
register read, and Azərişıq's signed result callback taken in.

    system = connect(settings, "azerisiq")
    port = HttpAzerisiq(system)              # AzerisiqPort: POST /cases, keyed by the reference
    subscribers = HttpSubscribers(system)    # ElectricitySubscribers: GET /subscribers
    outcome = accept_result(session, raw_body, request.headers.get(SIGNATURE_HEADER),
                            settings.callback_secret)   # the portal's callback route
    # commit, then jobs.after_commit(None, outcome.message_ids); answer outcome.status

Whatever goes wrong on the way to Azərişıq (down, no answer, circuit open) is
AzerisiqUnavailable: the application stays kept and the forwarding job sends it again later
with the same Idempotency-Key, so Azərişıq opens its case once however often it is sent."""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.meter_damage.application import receive_result
from core.meter_damage.azerisiq import RESULTS, AzerisiqUnavailable, Submission
from core.meter_damage.models import MeterApplication
from core.meter_damage.subscribers import (Business, Holdings, Household, MeteringPoint,
                                           SubscribersUnavailable)
from core.platform.outside import (AnswerLost, OutsideError, OutsideSystem, Refused, SystemDown,
                                   signature_matches)

log = logging.getLogger("egov.meter_damage")


class HttpAzerisiq:
    """AzerisiqPort over HTTP."""

    def __init__(self, system: OutsideSystem):
        self.system = system

    def submit(self, submission: Submission) -> str:
        try:
            answer = self.system.call("POST", "/cases", json=asdict(submission),
                                      idempotency_key=submission.application_ref,
                                      expect=(200, 201))
        except (SystemDown, AnswerLost) as error:
            raise AzerisiqUnavailable(str(error)) from error
        except Refused as refused:
            # A definite no (a field Azərişıq does not accept, a wrong token): sending it again
            # as is will not help, but the application must not be lost either. It stays kept,
            # its last_error says why, and the retries (at most hourly) go on until it is fixed.
            log.error("Azərişıq refused application %s: %s %s", submission.application_ref,
                      refused.status, refused.problem.get("code", ""))
            raise AzerisiqUnavailable(str(refused)) from refused
        try:
            return str(answer.json()["reference"])
        except (ValueError, KeyError, TypeError) as error:
            raise AzerisiqUnavailable("azerisiq: an answer not in the contract") from error


class HttpSubscribers:
    """ElectricitySubscribers over HTTP."""

    def __init__(self, system: OutsideSystem):
        self.system = system

    def holdings_of(self, fin: str) -> Holdings:
        try:
            record = self.system.call("GET", "/subscribers", params={"fin": fin}).json()
            return Holdings(
                tuple(Household(h["code"], fin, h["address"]) for h in record["households"]),
                tuple(Business(b["base_code"], fin, b["name"],
                               tuple(MeteringPoint(p["code"], p["label"]) for p in b["points"]))
                      for b in record["businesses"]))
        except OutsideError as error:
            raise SubscribersUnavailable(str(error)) from error
        except (ValueError, KeyError, TypeError) as error:
            raise SubscribersUnavailable("azerisiq: an answer not in the contract") from error


# Azərişıq's result callback (webhook caseDecided) ----------------------------------------------

APPLIED, REPEATED = "applied", "repeated"
BAD_SIGNATURE, BAD_BODY, UNKNOWN = "bad_signature", "bad_body", "unknown_application"
STATUS = {APPLIED: 204, REPEATED: 200, BAD_SIGNATURE: 401, BAD_BODY: 400, UNKNOWN: 404}


@dataclass(frozen=True)
class CallbackOutcome:
    outcome: str  # applied | repeated | bad_signature | bad_body | unknown_application
    message_ids: tuple[int, ...] = ()  # the citizen's notices, queued after the commit

    @property
    def status(self) -> int:
        """The HTTP status the contract gives this outcome."""
        return STATUS[self.outcome]

    @property
    def accepted(self) -> bool:
        return self.outcome in (APPLIED, REPEATED)


def accept_result(session: Session, body: bytes, signature: str | None,
                  secret: str | None) -> CallbackOutcome:
    """Verify a caseDecided callback over the raw bytes received, then record the result once
    (application.receive_result) in the caller's transaction. A wrong or missing signature, or
    no secret configured, changes nothing; a repeated callback changes nothing."""
    if not secret or not signature_matches(secret, body, signature):
        log.warning("Azərişıq callback refused: bad signature")
        return CallbackOutcome(BAD_SIGNATURE)
    decision = _decision(body)
    if decision is None:
        return CallbackOutcome(BAD_BODY)
    application_ref, case_reference, result, note, decided_at = decision
    if session.execute(select(MeterApplication.id).where(
            MeterApplication.reference == application_ref)).first() is None:
        return CallbackOutcome(UNKNOWN)
    received = receive_result(session, application_ref, result, note, decided_at)
    if received is None:
        return CallbackOutcome(REPEATED)
    application, messages = received
    if application.azerisiq_reference is None:  # the answer to our submission was lost
        application.azerisiq_reference = case_reference[:40]
    session.flush()
    return CallbackOutcome(APPLIED, tuple(m.id for m in messages))


def _decision(body: bytes):
    try:
        found = json.loads(body)
        application_ref, case_reference = str(found["application_ref"]), str(
            found["case_reference"])
        result, note = found["result"], found.get("note")
        decided_at = datetime.fromisoformat(found["decided_at"])
    except (ValueError, KeyError, TypeError):
        return None
    if result not in RESULTS or (note is not None and not isinstance(note, str)):
        return None
    if decided_at.tzinfo is not None:  # stored as naive UTC (core.kernel.db.utcnow)
        decided_at = decided_at.astimezone(timezone.utc).replace(tzinfo=None)
    return application_ref, case_reference, result, note, decided_at
