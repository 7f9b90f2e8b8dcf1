"""Azərişıq ASC, an outside system behind a port: the portal forwards each application
("Azərişıq ASC–nin müvafiq departamentlərinə göndərilir") and receives its result.

    reference = port.submit(Submission(...))   # idempotent by application_ref
    # the result comes back through application.receive_result (Azərişıq's call to us)

Its adapters: over HTTP core.meter_damage.http_azerisiq; in the sandbox core.sandbox.azerisiq
(chosen by core.meter_damage.adapters)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

INTACT, REPLACE, ACT = "intact", "replace", "act"
RESULTS = (INTACT, REPLACE, ACT)


class AzerisiqUnavailable(Exception):
    """Azərişıq did not answer; the portal keeps the application and tries again later."""


@dataclass(frozen=True)
class Submission:
    application_ref: str
    kind: str
    code: str  # the abonent kodu, or the Uçot nöqtəsi of a business
    meter_address: str
    damage_kind: str
    description: str | None
    full_name: str
    mobile: str


class AzerisiqPort(Protocol):
    def submit(self, submission: Submission) -> str:
        """Open a case; returns Azərişıq's reference. Same application_ref, same case."""
