"""The security code a sign-in form asks for once strangers have failed many times at the same
login or Asan İmza number (core.auth.accounts, core.auth.guess_limits): the challenge this
browser was shown waits in its session and is used up by the next answer, right or wrong."""
from __future__ import annotations

from flask import session
from flask_babel import get_locale
from flask_babel import gettext as _

from core.platform.security_code import OK, spell
from web.platform.db import db
from web.platform.security_codes import security_codes

CODE_KEY = "signin_challenge"  # the security code this browser was asked for, if any


def typed_code(form) -> tuple[bool, str | None]:
    """Check the code typed into form.security_code against the one this browser was shown:
    (passed, what to tell the citizen when not)."""
    challenge_id = session.get(CODE_KEY)
    if not challenge_id:
        return False, None
    typed = form.security_code.data or ""
    form.security_code.data = ""
    outcome = security_codes().check(db(), challenge_id, typed)
    session.pop(CODE_KEY, None)
    if outcome == OK:
        return True, None
    if not typed:
        return False, _("Şəkildəki təhlükəsizlik kodunu yazın")
    if outcome == "wrong":
        return False, _("Təhlükəsizlik kodu düzgün deyil. Yeni şəkildəki kodu yazın")
    return False, _("Təhlükəsizlik kodunun vaxtı bitib. Yeni şəkildəki kodu yazın")


def new_challenge() -> None:
    session[CODE_KEY] = security_codes().issue().id


def forget() -> None:
    session.pop(CODE_KEY, None)


def code_context() -> dict | None:
    """What the form's _security_code.html shows, or None when no code is asked for."""
    found = security_codes().challenge(session.get(CODE_KEY))
    if found is None:
        return None
    a, b = found.question
    locale = str(get_locale() or "az")
    return {"id": found.id, "question": _("%(a)s üstəgəl %(b)s neçə edir?", a=spell(a, locale),
                                          b=spell(b, locale))}
