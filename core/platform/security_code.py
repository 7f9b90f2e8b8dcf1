"""The security code ("Təhlükəsizlik kodu") shown as a distorted image we draw ourselves.

    codes = SecurityCodes(secret_key, sandbox=True)
    challenge = codes.issue(session)          # Challenge(id=..., code="48213", question=(7, 5))
    svg = codes.image(session, challenge.id)  # SVG text; digits drawn as jittered strokes
    codes.check(session, challenge.id, "48213")   # "ok" | "wrong" | "expired" | "used" | "missing"

Each challenge also has a text question for people who cannot read the image ("seven
plus five"), answered in digits. A challenge is checked once: right or wrong, it is used
up. In the sandbox the documented test code 24680 passes too; outside it, never."""
from __future__ import annotations

import hashlib
import hmac
import math
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from core.kernel.db import utcnow
from core.platform.models import SecurityChallenge

SANDBOX_TEST_CODE = "24680"
LIFETIME = timedelta(minutes=15)
LENGTH = 5
OK, WRONG, EXPIRED, USED, MISSING = "ok", "wrong", "expired", "used", "missing"


@dataclass(frozen=True)
class Challenge:
    id: str
    code: str
    question: tuple[int, int]  # (a, b): "a plus b"

    @property
    def answer(self) -> str:
        return str(sum(self.question))


class SecurityCodes:
    def __init__(self, secret_key: str | bytes, *, sandbox: bool,
                 clock: Callable[[], datetime] = utcnow, lifetime: timedelta = LIFETIME):
        key = secret_key.encode() if isinstance(secret_key, str) else secret_key
        self._key = hmac.new(key, b"egov.security-code", hashlib.sha256).digest()
        self.sandbox = sandbox
        self._clock = clock
        self._lifetime = lifetime

    def issue(self, session: Session) -> Challenge:
        now = self._clock()
        challenge_id = secrets.token_hex(16)
        session.add(SecurityChallenge(id=challenge_id, created_at=now,
                                      expires_at=now + self._lifetime))
        session.flush()
        return self._derive(challenge_id)

    def challenge(self, session: Session, challenge_id: str | None) -> Challenge | None:
        """The challenge while it can still be answered (to draw it again), else None."""
        row = session.get(SecurityChallenge, challenge_id) if challenge_id else None
        if row is None or row.used_at is not None or row.expires_at <= self._clock():
            return None
        return self._derive(row.id)

    def image(self, session: Session, challenge_id: str | None) -> str | None:
        challenge = self.challenge(session, challenge_id)
        return None if challenge is None else render_svg(challenge.code)

    def check(self, session: Session, challenge_id: str | None, answer: str | None) -> str:
        row = session.get(SecurityChallenge, challenge_id, with_for_update=True) \
            if challenge_id else None
        now = self._clock()
        if row is None:
            return MISSING
        if row.used_at is not None:
            return USED
        row.used_at = now  # single use, whatever the answer
        session.flush()
        if row.expires_at <= now:
            return EXPIRED
        typed = "".join((answer or "").split())
        challenge = self._derive(row.id)
        accepted = [challenge.code, challenge.answer]
        if self.sandbox:
            accepted.append(SANDBOX_TEST_CODE)
        typed_bytes = typed.encode("utf-8", "replace")
        return OK if any(hmac.compare_digest(typed_bytes, a.encode()) for a in accepted) \
            else WRONG

    def _derive(self, challenge_id: str) -> Challenge:
        digest = hmac.new(self._key, challenge_id.encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        code = f"{number % 10**LENGTH:0{LENGTH}d}"
        a = 2 + digest[8] % 14   # 2..15
        b = 2 + digest[9] % 8    # 2..9
        return Challenge(challenge_id, code, (a, b))


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Forget challenges that expired more than a day ago (the nightly job)."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    result = session.execute(delete(SecurityChallenge).where(
        SecurityChallenge.expires_at < cutoff))
    return result.rowcount or 0


# Number words for the text question -------------------------------------------------------

_AZ = ["sıfır", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz"]
_AZ_TENS = {1: "on", 2: "iyirmi"}
_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
       "eighteen", "nineteen", "twenty"]


def spell(number: int, locale: str = "az") -> str:
    """Numbers 0–29 in words, for the question read by people who cannot see the image."""
    if not 0 <= number < 30:
        raise ValueError("only 0–29 are spelled")
    if locale == "en":
        return _EN[number] if number <= 20 else f"twenty-{_EN[number - 20]}"
    tens, units = divmod(number, 10)
    if tens == 0:
        return _AZ[units]
    return _AZ_TENS[tens] if units == 0 else f"{_AZ_TENS[tens]} {_AZ[units]}"


# Drawing ----------------------------------------------------------------------------------

# Each digit as strokes on a 10 × 16 grid (a simple hand-drawn style).
_GLYPHS: dict[str, list[list[tuple[float, float]]]] = {
    "0": [[(5, 0), (8.5, 2), (10, 8), (8.5, 14), (5, 16), (1.5, 14), (0, 8), (1.5, 2), (5, 0)]],
    "1": [[(2, 4), (6, 0), (6, 16)], [(2, 16), (10, 16)]],
    "2": [[(0, 4), (2, 1), (5, 0), (8, 1), (10, 4), (9, 7), (0, 16), (10, 16)]],
    "3": [[(0, 2), (4, 0), (8, 1), (9, 4), (7, 7), (4, 8)],
          [(4, 8), (8, 9), (10, 12), (8, 15), (4, 16), (0, 14)]],
    "4": [[(7, 16), (7, 0), (0, 11), (10, 11)]],
    "5": [[(9, 0), (1, 0), (0, 7), (5, 6), (9, 8), (10, 12), (8, 15), (4, 16), (0, 14)]],
    "6": [[(8, 1), (5, 0), (2, 2), (0, 8), (1, 14), (5, 16), (9, 14), (10, 11), (8, 8),
           (5, 7), (1, 9)]],
    "7": [[(0, 0), (10, 0), (4, 16)], [(3, 8), (9, 8)]],
    "8": [[(5, 8), (8, 6), (9, 3), (7, 0.5), (5, 0), (3, 0.5), (1, 3), (2, 6), (5, 8),
           (8, 10), (10, 13), (8, 15.5), (5, 16), (2, 15.5), (0, 13), (2, 10), (5, 8)]],
    "9": [[(9, 7), (5, 9), (1, 7), (0, 4), (2, 1), (5, 0), (8, 1), (10, 5), (9, 11),
           (7, 15), (4, 16), (1, 15)]],
}
WIDTH, HEIGHT = 200, 64
_INKS = ("#1b1b1b", "#0b3d91", "#5a1a00", "#1e4620", "#3b1f5c")


def render_svg(code: str, rng: random.Random | None = None) -> str:
    """Digits as jittered, rotated, skewed strokes across noise lines: no text element, and
    no two drawings of one code alike."""
    rng = rng or random.SystemRandom()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f1e8"/>']
    for _ in range(28):  # speckle
        parts.append(f'<circle cx="{rng.uniform(0, WIDTH):.1f}" cy="{rng.uniform(0, HEIGHT):.1f}" '
                     f'r="{rng.uniform(0.6, 1.8):.1f}" fill="#8a8577"/>')
    for _ in range(2):
        parts.append(_noise_curve(rng, width=1.4, colour="#6b675c"))
    step = (WIDTH - 24) / len(code)
    for index, digit in enumerate(code):
        angle = math.radians(rng.uniform(-20, 20))
        scale = rng.uniform(2.2, 2.7)
        skew = rng.uniform(-0.25, 0.25)
        ox = 14 + index * step + rng.uniform(-3, 3)
        oy = 11 + rng.uniform(-5, 5)
        ink = rng.choice(_INKS)
        for stroke in _GLYPHS[digit]:
            points = []
            for x, y in stroke:
                x, y = x + skew * (y - 8) + rng.uniform(-0.5, 0.5), y + rng.uniform(-0.5, 0.5)
                x, y = x - 5, y - 8
                rx = x * math.cos(angle) - y * math.sin(angle)
                ry = x * math.sin(angle) + y * math.cos(angle)
                points.append((ox + 13 + rx * scale, oy + 20 + ry * scale * 0.95))
            path = "M" + " L".join(f"{px:.1f} {py:.1f}" for px, py in points)
            parts.append(f'<path d="{path}" fill="none" stroke="{ink}" '
                         f'stroke-width="{rng.uniform(2.6, 3.4):.1f}" stroke-linecap="round" '
                         'stroke-linejoin="round"/>')
    parts.append(_noise_curve(rng, width=1.8, colour="#3d3a33"))
    parts.append("</svg>")
    return "".join(parts)


def _noise_curve(rng: random.Random, *, width: float, colour: str) -> str:
    y0, y1 = rng.uniform(8, HEIGHT - 8), rng.uniform(8, HEIGHT - 8)
    c1 = (rng.uniform(40, 90), rng.uniform(-20, HEIGHT + 20))
    c2 = (rng.uniform(110, 160), rng.uniform(-20, HEIGHT + 20))
    return (f'<path d="M0 {y0:.1f} C{c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} '
            f'{WIDTH} {y1:.1f}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
