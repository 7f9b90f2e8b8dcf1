"""One try of a credential from a form (signing in, or signing a document): the guessing limits
around it (core.auth.guess_limits), the security code they may ask for, and the mark a browser
keeps of the credentials it signed in with (web.auth.known_browser)."""
from __future__ import annotations

from typing import Callable, TypeVar

from flask import Response, request
from flask_babel import gettext as _

from core.auth.guess_limits import GuessLimits, Verdict
from web.auth import known_browser
from web.auth.security_code_step import forget, new_challenge, typed_code
from web.platform.db import db
from web.platform.wording import too_many_attempts

Answer = TypeVar("Answer")


def _mark(kind: str, credential: str) -> str:
    return f"{kind}:{credential}"


def remember(response: Response, kind: str, credential: str) -> Response:
    """After a sign-in with this credential: this browser is the citizen's own for it."""
    return known_browser.remember(response, _mark(kind, credential))


def attempt(form, field, limits: GuessLimits, kind: str, credential: str,
            send: Callable[[], Answer], failed: Callable[[Answer], bool]) -> Answer | None:
    """`send()` the credential to its provider unless a limit holds; None (with `field`'s or
    the security code's error set) when it was not sent. `failed(answer)` says it was wrong."""
    client = request.remote_addr or ""
    known = known_browser.knows(_mark(kind, credential))
    asks_code = limits.credential is not None and not known
    code_passed, code_problem = typed_code(form) if asks_code else (False, None)
    verdict = limits.check(db(), credential, client, known_browser=known, code_passed=code_passed)
    if verdict.verdict is Verdict.TOO_MANY:
        field.errors = [too_many_attempts(verdict.retry_after)]
        return None
    if verdict.verdict is Verdict.CODE_NEEDED:
        new_challenge()
        form.security_code.errors = [code_problem or _(
            "Bu nömrə ilə başqa yerlərdən çox sayda uğursuz cəhd olub. Təhlükəsizlik üçün "
            "şəkildəki kodu da yazın.")]
        return None
    answer = send()
    if failed(answer):
        limits.record_failure(db(), credential, client, known_browser=known)
    else:
        limits.record_success(db(), credential, client, known_browser=known)
        forget()
    return answer
