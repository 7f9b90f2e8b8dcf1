"""What the sign-in providers' HTTP adapters (http_asan_imza, http_eimza, http_egov_identity)
share: a failure of the outside system becomes ProviderUnavailable, every changing call gets a
fresh Idempotency-Key (its retries reuse it), and the contracts' times are UTC with a "Z"."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Iterator
from urllib.parse import quote

from core.auth import Method, ProviderUnavailable
from core.platform.outside import AnswerLost, OutsideSystem, SystemDown


def new_key() -> str:
    return uuid.uuid4().hex


@contextmanager
def provider_answers(method: Method) -> Iterator[None]:
    """SystemDown (nothing sent, circuit open, 503) and AnswerLost (no answer after the
    retries) both mean "unavailable now" to the citizen. A Refused (4xx) passes through: the
    adapter reads the definite answer it carries."""
    try:
        yield
    except (SystemDown, AnswerLost) as failure:
        raise ProviderUnavailable(method, str(failure)) from failure


def sign_in_request(system: OutsideSystem, method: Method, request_id: str) -> dict | None:
    """A sign-in request as its provider holds it now (GET /requests/{id}); None when the
    provider knows no such request (or there is none)."""
    if not request_id:
        return None
    with provider_answers(method):
        answer = system.call("GET", f"/requests/{segment(request_id)}", expect=(200, 404))
    return None if answer.status_code == 404 else answer.json()


def segment(value: str | None) -> str:
    """A path segment made of a value the portal holds (request id, serial, FİN)."""
    return quote(value or "", safe="")


def utc_text(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def utc_moment(text: str) -> datetime:
    """'2026-12-07T16:20:00Z' -> a naive UTC datetime, as core.kernel.db.utcnow gives."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def day(text: str) -> date:
    return date.fromisoformat(text)
