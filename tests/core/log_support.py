"""Helpers of the transparency-log tests: a log signer on the test database with a key of its
own and a clock the test moves, and a sale played with many buyers (holds, reserves, signatures,
withdrawals, lapses, phase changes) with the signer ticking in between."""
from __future__ import annotations

import os
import random
from datetime import timedelta

from core.housing import HOLD_TIME, Phase, holds, sale
from core.housing.log_signer import LogSigner
from core.housing.note import Signer
from core.kernel.db import make_session_factory, read_only, transaction
from core.sandbox import housing as demo_sale
from tests.core.housing_support import add_buyers, flat_ids

LOG_NAME = "portal.example.az/guzestli-menzil"


def make_signer(factory, clock, witnesses=(), post=None, interval=2.0) -> LogSigner:
    extra = {"post": post} if post else {}
    return LogSigner(factory, make_session_factory(read_only(factory.kw["bind"])),
                     Signer(LOG_NAME, os.urandom(32)), list(witnesses), interval,
                     clock=clock, **extra)


def demo_sale_id(factory) -> int:
    with transaction(factory) as session:
        return demo_sale.demo_sale(session).id


def press(factory, fin, flat_id, now) -> holds.Outcome:
    with transaction(factory) as session:
        return holds.press_confirm(session, fin=fin, flat_id=flat_id, payment_method="ipoteka",
                                   now=now).outcome


def play_sale(factory, clock, signer: LogSigner, buyers: int = 40, steps: int = 160,
              seed: int = 25) -> int:
    """A whole sale, the signer ticking as the log grows; returns the sale's id."""
    rng = random.Random(seed)
    sale_id, flats, fins = demo_sale_id(factory), flat_ids(factory), add_buyers(factory, buyers)
    phases = {0: Phase.OPEN, steps // 3: Phase.WAITING_LIST, steps - 1: Phase.CLOSED}
    for step in range(steps):
        if step in phases:
            with transaction(factory) as session:
                sale.set_phase(session, sale_id, phases[step], clock.now)
        fin = rng.choice(fins)
        with transaction(factory) as session:
            place = holds.live_place(session, sale_id, fin)
            if place is None:
                holds.press_confirm(session, fin=fin, flat_id=rng.choice(flats),
                                    payment_method="ipoteka", now=clock.now)
            elif place.status == "held" and rng.random() < 0.5:
                holds.sign(session, fin=fin, place_id=place.id, method="e_imza",
                           signature="sig", document_digest="d" * 64, now=clock.now)
            elif place.status in ("held", "reserve") and rng.random() < 0.3:
                holds.withdraw(session, fin=fin, sale_id=sale_id, now=clock.now)
        clock.now += timedelta(seconds=rng.choice([0.2, 0.5, 1, 3]))
        if rng.random() < 0.03:
            clock.now += HOLD_TIME  # holds run out; the next step lapses them
        signer.tick()
    clock.now += timedelta(seconds=10)
    signer.tick()
    return sale_id
