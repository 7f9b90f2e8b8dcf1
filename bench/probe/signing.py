"""Signing a held flat with someone else's Asan İmza (hardening round three, row 9): Rəşad, in
his e-cabinet with a flat held, types Aysel's mobile number with guessed user IDs and then her
right one. Guessing must be stopped within a few tries, and no PIN2 request for Rəşad's
application may ever reach Aysel's phone."""
from __future__ import annotations

import re

from .discover import HAPPY, current_form, happy_pairs
from .loopback import LoopbackSession

SIGN = "/guzestli-menzil/muracietim/asan-imza"
FLATS = "/guzestli-menzil/satis/1/layihe/1/?usul=ipoteka"
PRESS = re.compile(r'action="(/guzestli-menzil/menzil/\d+/tesdiq)"')
OTHERS_PHONE = f"/sandbox/asan-imza/{HAPPY['mobile']}"   # Aysel's: not the signer's
STOPPED = "dəqiqə sonra"
ASKS_TO_SIGN = "Sənədin imzalanması"  # what the sandbox phone shows while a PIN2 request waits
MOST_GUESSES = 10


def _sign_form(base: str, session: LoopbackSession):
    form = current_form(base, session, SIGN, SIGN)
    if form is not None:
        return form
    for action in PRESS.findall(session.get(base + FLATS, timeout=15).text)[:3]:
        press = current_form(base, session, FLATS, action)
        if press is not None:
            session.post(base + press.action, data=happy_pairs(press, owner="housing"),
                         timeout=30)
        form = current_form(base, session, SIGN, SIGN)
        if form is not None:
            return form
    return None


def _others_phone_asks_to_sign(base: str) -> bool:
    return ASKS_TO_SIGN in LoopbackSession().get(base + OTHERS_PHONE, timeout=15).text


def probe(base: str, holder: LoopbackSession) -> dict:
    """Guessed pairs for another's number, then her right pair, from the holder's session."""
    report = {"held": False, "guesses_answered": 0, "stopped": False,
              "pin2_sent_to_another_phone": False}
    if _sign_form(base, holder) is None:
        return report  # no flat could be held (the sale was full or closed): nothing to sign
    report["held"] = True
    already = _others_phone_asks_to_sign(base)
    guesses = [f"{900000 + n:06d}" for n in range(MOST_GUESSES + 2)] + [HAPPY["user_id"]]
    for user_id in guesses:
        form = current_form(base, holder, SIGN, SIGN)
        if form is None:
            break
        pairs = [(n, {"mobile": HAPPY["mobile"], "user_id": user_id}.get(n, v))
                 for n, v in happy_pairs(form, walk=False)]
        answer = holder.post(base + SIGN, data=pairs, timeout=30)
        if STOPPED in answer.text:
            report["stopped"] = True
            break
        report["guesses_answered"] += 1
    report["pin2_sent_to_another_phone"] = not already and _others_phone_asks_to_sign(base)
    return report


def failed(report: dict) -> int:
    """1 when guessing went on past MOST_GUESSES or a request reached another's phone."""
    guessed_on = report["held"] and (not report["stopped"]
                                     or report["guesses_answered"] > MOST_GUESSES)
    return int(guessed_on or report["pin2_sent_to_another_phone"])
