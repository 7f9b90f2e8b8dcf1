"""What the browser keeps, signed with the portal's secret so that it cannot be forged:

- the **ticket**: the citizen's place in a sale's line, given once (sale, citizen, place);
- the **admission**: the right to use the sale's pages until it expires or is spent (sale,
  citizen, a token id the store keeps, the expiry).

Both name the citizen by a keyed hash of the FİN (`citizen_key`), so neither can be moved to
another citizen, and neither carries personal data."""
from __future__ import annotations

import hashlib
import hmac
from calendar import timegm
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer


@dataclass(frozen=True)
class Ticket:
    sale_id: int
    citizen: str
    place: int   # PRE_QUEUE (0) before the draw
    line: str = ""   # the line's generation (a sandbox reset starts a new line)


class Signer:
    def __init__(self, secret_key: str):
        self._tickets = URLSafeSerializer(secret_key, salt="housing queue ticket")
        self._admissions = URLSafeSerializer(secret_key, salt="housing admission token")
        self._citizen_key = hmac.new(secret_key.encode(), b"housing admission fin",
                                     hashlib.sha256).digest()

    def citizen(self, fin: str) -> str:
        return hmac.new(self._citizen_key, fin.encode(), hashlib.sha256).hexdigest()[:32]

    # -- tickets ----------------------------------------------------------------------------
    def ticket(self, ticket: Ticket) -> str:
        return self._tickets.dumps({"s": ticket.sale_id, "c": ticket.citizen, "p": ticket.place,
                                    "g": ticket.line})

    def read_ticket(self, signed: str | None) -> Ticket | None:
        """The ticket if this portal signed it, else None (forged, changed or absent)."""
        claims = _loads(self._tickets, signed)
        if claims is None or not all(isinstance(claims.get(k), t) for k, t in
                                     (("s", int), ("c", str), ("p", int))):
            return None
        return Ticket(claims["s"], claims["c"], claims["p"], str(claims.get("g", "")))

    # -- admissions -------------------------------------------------------------------------
    def admission(self, sale_id: int, citizen: str, token_id: str, until: datetime) -> str:
        return self._admissions.dumps({"s": sale_id, "c": citizen, "t": token_id,
                                       "e": epoch(until)})

    def read_admission(self, signed: str | None) -> dict | None:
        claims = _loads(self._admissions, signed)
        return claims if claims is not None and "t" in claims else None


def _loads(serializer: URLSafeSerializer, signed: str | None) -> dict | None:
    if not signed:
        return None
    try:
        claims = serializer.loads(signed)
    except BadSignature:
        return None
    return claims if isinstance(claims, dict) else None


def epoch(moment: datetime) -> int:
    return timegm(moment.utctimetuple())
