"""One request to Asan İmza from a form (signing in, or signing a document): the limits on
pairs Asan İmza does not know (core.auth.asan_limits) around it, the security code they may
ask for, and the mark a browser keeps of the numbers it signed in with."""
from __future__ import annotations

from typing import Callable, TypeVar

from flask import Response, request
from flask_babel import gettext as _

from core.auth import asan_limits
from core.auth.asan_limits import Verdict
from web.auth import known_browser
from web.auth.security_code_step import forget, new_challenge, typed_code
from web.platform.db import db
from web.platform.wording import too_many_attempts

Answer = TypeVar("Answer")


def _mark(mobile: str) -> str:
    return f"asan-imza:{mobile}"


def remember_number(response: Response, mobile: str) -> Response:
    """After a sign-in with this number: this browser is the citizen's own for it."""
    return known_browser.remember(response, _mark(mobile))


def ask(form, mobile: str, send: Callable[[], Answer],
        unknown: Callable[[Answer], bool]) -> Answer | None:
    """`send()` the request to Asan İmza unless a limit holds; None (with the field's error
    set) when it was not sent. `unknown(answer)` says Asan İmza did not know the pair."""
    client = request.remote_addr or ""
    known = known_browser.knows(_mark(mobile))
    code_passed, code_problem = typed_code(form) if not known else (False, None)
    verdict = asan_limits.check(db(), mobile, client, known_browser=known,
                                code_passed=code_passed)
    if verdict.verdict is Verdict.TOO_MANY:
        form.mobile.errors = [too_many_attempts(verdict.retry_after)]
        return None
    if verdict.verdict is Verdict.CODE_NEEDED:
        new_challenge()
        form.security_code.errors = [code_problem or _(
            "Bu nömrə ilə başqa yerlərdən çox sayda uğursuz cəhd olub. Təhlükəsizlik üçün "
            "şəkildəki kodu da yazın.")]
        return None
    answer = send()
    if unknown(answer):
        asan_limits.record_unknown(db(), mobile, client, known_browser=known)
    else:
        asan_limits.record_known(db(), mobile, client, known_browser=known)
        forget()
    return answer
