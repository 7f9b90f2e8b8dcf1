"""The waiting room in front of a Güzəştli mənzil sale (issue 13): fair to people, hard for
programs.

    room = WaitingRoom(store, secret_key, capacity=200, window=timedelta(minutes=10))
    standing = room.enter(sale_id, fin, phase, now)   # join (idempotent per FİN) and admit
    if standing.inside: cookie = room.token(standing, now)
    verdict = room.verify(cookie, sale_id, fin, now)  # Verdict.VALID or why not

- Before the opening (phase not_open) a citizen joins the pre-queue; at the opening the
  pre-queue is shuffled with a cryptographic RNG exactly once (the store's conditional write
  decides who draws), and whoever arrives later queues first come, first served behind them.
- At most `capacity` citizens are inside at once, each for `window` or until they hold a flat
  (`spend`) or leave; the next in line is admitted when a place frees.
- An admission token is signed with the app's secret and names the sale, the citizen (a keyed
  hash of the FİN), a random token id and the expiry; the store keeps the token id, so a spent,
  expired or left token, another citizen's and a forged one are refused.

The store (`AdmissionStore`) is Redis when settings.redis_url is set (redis_store.py), the
database otherwise (database_store.py), chosen once at app setup."""
from __future__ import annotations

from core.housing.waiting_room.port import AdmissionStore, Standing, State
from core.housing.waiting_room.room import Verdict, WaitingRoom

__all__ = ["AdmissionStore", "Standing", "State", "Verdict", "WaitingRoom"]
