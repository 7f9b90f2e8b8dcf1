"""The e-gov identity app accounts of the sandbox (demo-data.md, "e-gov identity"): Aysel's and
Rəşad's app PINs. Only added when missing: a locked app stays locked across restarts."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.auth import egov_identity
from core.auth.models import EgovIdentityUser
from core.sandbox.citizens import AYSEL, RESHAD

APP_PINS: dict[str, str] = {AYSEL.fin: "2468", RESHAD.fin: "8642"}


def load(session: Session) -> bool:
    added = False
    for citizen in (AYSEL, RESHAD):
        if session.get(EgovIdentityUser, citizen.fin) is None:
            egov_identity.add_user(session, fin=citizen.fin, full_name=citizen.full_name,
                                   pin=APP_PINS[citizen.fin])
            added = True
    session.flush()
    return added
