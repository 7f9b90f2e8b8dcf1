"""MCQS over HTTP (contracts/mcqs.yaml): the DeviceRegistry port the registration job uses,
and the signed confirmation MCQS may send when a registration is done.

    registry = HttpDeviceRegistry(connect(settings, "mcqs"))
    registry.submit(submission)     # POST /registrations, Idempotency-Key = application_ref

MCQS not answering (down, circuit open, answer lost, 5xx) is DeviceRegistryUnavailable: the
job keeps the application and sends it again later with the same key, which MCQS books once.
Its definite no (409) is DeviceRejected."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.device_registration.models import DeviceApplication
from core.device_registration.registration import (
    OPEN_STATUSES, REGISTERED, DeviceRegistryUnavailable, DeviceRejected, RegistrationState,
    Submission,
)
from core.kernel.db import utcnow
from core.platform.outside import OutsideError, OutsideSystem, Refused, signature_matches

log = logging.getLogger("egov.device_registration")

REJECTIONS = ("imei_registered", "key_reused")


class HttpDeviceRegistry:
    def __init__(self, system: OutsideSystem):
        self.system = system

    def is_registered(self, imei: str) -> bool:
        try:
            answer = self._call("GET", f"/devices/{imei}", expect=(200, 404))
        except Refused as refused:
            raise _unavailable(refused) from None
        return answer.status_code == 200

    def submit(self, submission: Submission) -> str:
        body = {"application_ref": submission.application_ref, "imei": submission.imei,
                "fin": submission.fin, "full_name": submission.full_name,
                "model": submission.model}
        try:
            answer = self._call("POST", "/registrations", json=body,
                                idempotency_key=submission.application_ref, expect=(200, 201))
        except Refused as refused:
            if refused.problem.get("code") in REJECTIONS:
                raise DeviceRejected(refused.problem.get("message") or "refused") from None
            raise _unavailable(refused) from None
        return answer.json()["reference"]

    def state(self, reference: str) -> RegistrationState:
        try:
            found = self._call("GET", f"/registrations/{reference}", expect=(200,)).json()
        except Refused as refused:
            raise _unavailable(refused) from None
        return RegistrationState(found["status"] == "registered",
                                 float(found.get("check_again_after") or 0.0))

    def _call(self, method: str, path: str, **options):
        try:
            return self.system.call(method, path, **options)
        except Refused:
            raise
        except OutsideError as failure:
            raise DeviceRegistryUnavailable(str(failure)) from None


def _unavailable(refused: Refused) -> DeviceRegistryUnavailable:
    """A 4xx the contract does not give for a definite no (a bad token, a bad request): kept
    and tried again by the job, and logged, rather than rejecting a paid application."""
    log.error("MCQS refused a call with %s %s", refused.status, refused.problem.get("code"))
    return DeviceRegistryUnavailable(str(refused))


# MCQS's signed confirmation (contracts/mcqs.yaml, webhook registrationConfirmed) ------------

APPLIED, REPEATED = "applied", "repeated"
BAD_SIGNATURE, BAD_BODY, UNKNOWN = "bad_signature", "bad_body", "unknown_registration"
STATUS = {APPLIED: 204, REPEATED: 200, BAD_SIGNATURE: 401, BAD_BODY: 400, UNKNOWN: 404}


@dataclass(frozen=True)
class CallbackOutcome:
    outcome: str  # applied | repeated | bad_signature | bad_body | unknown_registration
    application_id: int | None = None

    @property
    def status(self) -> int:
        """The HTTP status the contract gives this outcome."""
        return STATUS[self.outcome]


def accept_confirmation(session: Session, body: bytes, signature: str | None,
                        secret: str | None) -> CallbackOutcome:
    """Verify a registrationConfirmed callback over the raw bytes received, then mark the
    application registered once, in the caller's transaction. A wrong or missing signature (or
    no secret configured) changes nothing; a repeated or early one ("registering") neither."""
    if not secret or not signature_matches(secret, body, signature):
        log.warning("MCQS callback refused: bad signature")
        return CallbackOutcome(BAD_SIGNATURE)
    try:
        found = json.loads(body)
        reference, status = str(found["reference"]), found["status"]
    except (ValueError, KeyError, TypeError):
        return CallbackOutcome(BAD_BODY)
    application = session.execute(select(DeviceApplication).where(
        DeviceApplication.registry_reference == reference).with_for_update()
    ).scalar_one_or_none()
    if application is None:
        return CallbackOutcome(UNKNOWN)
    if status != "registered" or application.status not in OPEN_STATUSES:
        return CallbackOutcome(REPEATED, application.id)
    now = utcnow()
    application.status, application.registered_at = REGISTERED, now
    application.next_check_at, application.updated_at = None, now
    session.flush()
    return CallbackOutcome(APPLIED, application.id)
