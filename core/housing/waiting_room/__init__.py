"""The waiting room in front of a Güzəştli mənzil sale (issues 13 and 23): fair to people,
hard for programs, and cheap for a crowd of tens of thousands.

    room = WaitingRoom(store, secret_key, pacing=Pacing(most_inside=200))
    ticket = room.join(sale_id, fin, phase, now)      # a place in a signed ticket, once
    room.tick(sale_id, phase, now, p95_ms)            # the pacer moves the frontier
    outcome, token = room.redeem(ticket, now)         # the citizen's turn: an admission
    verdict = room.verify(token, sale_id, fin, now)   # Verdict.VALID or why not

What a waiting citizen's refresh costs is a comparison of their place with one shared number
per sale, the frontier, read from a per-process copy at most a second old; nothing is written.
The pacer (lease-guarded, at most twice a second per sale) moves the frontier as fast as the
sale's own pages keep their latency target (pacer.py). Before the opening citizens join a
pre-queue that is drawn by lot at the opening; later arrivals queue first come, first served.

The store (`LineStore`) is Redis when settings.redis_url is set (redis_store.py), the database
otherwise (database_store.py), chosen once at app setup (stores.py)."""
from __future__ import annotations

from core.housing.waiting_room.pacer import Pacing
from core.housing.waiting_room.port import PRE_QUEUE, Line, LineStore, Redemption
from core.housing.waiting_room.room import Verdict, WaitingRoom
from core.housing.waiting_room.tickets import Ticket

__all__ = ["PRE_QUEUE", "Line", "LineStore", "Pacing", "Redemption", "Ticket", "Verdict",
           "WaitingRoom"]
