"""Güzəştli mənzil (seed 004): the citizen's e-cabinet, the sale of flats, holds, signing and
the waiting list.

    result = holds.press_confirm(session, fin="5ZX8K2P", flat_id=3, payment_method=MORTGAGE)
    # result.outcome: HELD, RESERVED, ... ; after the commit, enqueue result.notices

Rules (seed 004, demo-data.md):
- only citizens with an e-cabinet take part; every cabinet holder has the same right;
- **Təsdiq et** on a free flat holds it for HOLD_MINUTES; the holder signs the purchase
  application (the summary is what is signed) or the hold lapses and the flat is free again;
- in the waiting-list phase, the first two others to press **Təsdiq et** on a held flat become
  its 1st and 2nd reserve; when the hold lapses or is withdrawn the 1st reserve holds it (and is
  told by SMS), the 2nd moves up;
- a citizen is in at most one place of a sale: a hold, a signed flat or one reserve place.

Every decision is one conditional write backed by unique keys (core.housing.models.Place), so
it holds across processes on SQLite and PostgreSQL; every change of a place is emitted through
core.housing.events.emit, from which the public hash-chained allocation log is built
(core.housing.allocation_log)."""
from __future__ import annotations

from datetime import timedelta
from enum import Enum

HOLD_MINUTES = 15
HOLD_TIME = timedelta(minutes=HOLD_MINUTES)
RESERVE_PLACES = 2  # 1st and 2nd reserve


class Phase(str, Enum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    WAITING_LIST = "waiting_list"
    CLOSED = "closed"


HOLD_PHASES = (Phase.OPEN.value, Phase.WAITING_LIST.value)
RESERVE_PHASES = (Phase.WAITING_LIST.value,)


class PaymentMethod(str, Enum):
    MORTGAGE = "ipoteka"          # İpoteka kreditinin vəsaiti hesabına
    OWN_FUNDS = "oz-vesaiti"      # Öz vəsaiti hesabına


class PlaceStatus(str, Enum):
    HELD = "held"            # position 0, must sign before held_until
    RESERVE = "reserve"      # position 1 or 2 on a held flat
    SIGNED = "signed"        # the flat is the citizen's
    LAPSED = "lapsed"        # not signed in time
    WITHDRAWN = "withdrawn"  # the citizen gave the place up
    RELEASED = "released"    # a reserve whose flat was signed for by the holder


LIVE_STATUSES = (PlaceStatus.HELD.value, PlaceStatus.RESERVE.value, PlaceStatus.SIGNED.value)


class FlatState(str, Enum):
    FREE = "free"
    CHOSEN = "chosen"
    SOLD = "sold"
