"""The security code ("Təhlükəsizlik kodu") shown as a distorted image we draw ourselves.

    codes = SecurityCodes(secret_key, sandbox=True)
    challenge = codes.issue()                 # Challenge(id="<token>", code="48213", question=(7, 5))
    codes.challenge(challenge.id)             # the same challenge while it can be answered
    svg = codes.image(session, challenge.id)  # SVG text; digits drawn as jittered strokes
    codes.check(session, challenge.id, "48213")   # "ok" | "wrong" | "expired" | "used" | "missing"

A challenge is a signed token (a random nonce and its expiry, with an HMAC of the server's
secret), so showing one writes nothing: the code and the text question for people who cannot
read the image ("seven plus five", answered in digits) are derived from the token with the
secret. Only checking writes: the nonce is recorded as used, right or wrong, so a token is
answered once and a solved one replayed is refused. In the sandbox the documented test code
24680 passes too; outside it, never."""
from __future__ import annotations

import hashlib
import hmac
import math
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.kernel.db import delete_older_than, utcnow
from core.platform.models import SecurityChallenge

SANDBOX_TEST_CODE = "24680"
LIFETIME = timedelta(minutes=15)
LENGTH = 5
OK, WRONG, EXPIRED, USED, MISSING = "ok", "wrong", "expired", "used", "missing"
_EPOCH = datetime(1970, 1, 1)
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}  # the portal's databases


@dataclass(frozen=True)
class Challenge:
    id: str  # the signed token: nonce-expiry-signature
    code: str
    question: tuple[int, int]  # (a, b): "a plus b"

    @property
    def answer(self) -> str:
        return str(sum(self.question))


@dataclass(frozen=True)
class _Token:
    nonce: str
    expires_at: datetime


class SecurityCodes:
    def __init__(self, secret_key: str | bytes, *, sandbox: bool,
                 clock: Callable[[], datetime] = utcnow, lifetime: timedelta = LIFETIME):
        key = secret_key.encode() if isinstance(secret_key, str) else secret_key
        self._key = hmac.new(key, b"egov.security-code", hashlib.sha256).digest()
        self._signing_key = hmac.new(key, b"egov.security-code.token", hashlib.sha256).digest()
        self.sandbox = sandbox
        self._clock = clock
        self._lifetime = lifetime

    def issue(self) -> Challenge:
        """A new challenge. Nothing is stored: the token carries all it needs."""
        nonce = secrets.token_hex(16)
        expires = int((self._clock() + self._lifetime - _EPOCH).total_seconds())
        body = f"{nonce}-{expires}"
        return self._derive(f"{body}-{self._sign(body)}")

    def challenge(self, token: str | None) -> Challenge | None:
        """The challenge behind a token we signed that has not expired, else None. It does
        not read the database, so a used one is still returned (check refuses it)."""
        found = self._read(token)
        if found is None or found.expires_at <= self._clock():
            return None
        return self._derive(token)

    def image(self, session: Session, token: str | None) -> str | None:
        """The drawing, while the challenge can still be answered."""
        challenge = self.challenge(token)
        if challenge is None or self._used(session, self._read(token).nonce):
            return None
        return render_svg(challenge.code)

    def check(self, session: Session, token: str | None, answer: str | None) -> str:
        """Right or wrong, the token is used up: its nonce is recorded (the caller commits)."""
        found = self._read(token)
        if found is None:
            return MISSING
        now = self._clock()
        if found.expires_at <= now:
            return EXPIRED
        if not self._record_use(session, found, now):
            return USED
        typed = "".join((answer or "").split())
        challenge = self._derive(token)
        accepted = [challenge.code, challenge.answer]
        if self.sandbox:
            accepted.append(SANDBOX_TEST_CODE)
        typed_bytes = typed.encode("utf-8", "replace")
        return OK if any(hmac.compare_digest(typed_bytes, a.encode()) for a in accepted) \
            else WRONG

    def _sign(self, body: str) -> str:
        return hmac.new(self._signing_key, body.encode(), hashlib.sha256).hexdigest()[:32]

    def _read(self, token: str | None) -> _Token | None:
        """The nonce and expiry of a token we signed; None for anything else."""
        parts = (token or "").split("-")
        if len(parts) != 3 or len(parts[0]) != 32 or not parts[1].isdigit():
            return None
        nonce, expires, signature = parts
        if not hmac.compare_digest(signature.encode("utf-8", "replace"),
                                   self._sign(f"{nonce}-{expires}").encode()):
            return None
        return _Token(nonce, _EPOCH + timedelta(seconds=int(expires)))

    @staticmethod
    def _used(session: Session, nonce: str) -> bool:
        return bool(session.scalar(select(exists().where(SecurityChallenge.id == nonce))))

    @staticmethod
    def _record_use(session: Session, token: _Token, now: datetime) -> bool:
        """Insert the nonce as used; False if it was already there (a replay). One statement,
        and the primary key settles two checks of one token at the same moment."""
        values = {"id": token.nonce, "created_at": now, "expires_at": token.expires_at,
                  "used_at": now}
        insert = _INSERTS[session.get_bind().dialect.name]
        inserted = session.execute(insert(SecurityChallenge).values(**values)
                                   .on_conflict_do_nothing(index_elements=["id"])
                                   .returning(SecurityChallenge.id))
        return inserted.first() is not None

    def _derive(self, token: str) -> Challenge:
        digest = hmac.new(self._key, token.encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        code = f"{number % 10**LENGTH:0{LENGTH}d}"
        a = 2 + digest[8] % 14   # 2..15
        b = 2 + digest[9] % 8    # 2..9
        return Challenge(token, code, (a, b))


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Forget used challenges that expired more than a day ago (the nightly job): by then a
    replay of their token is refused as expired anyway."""
    return delete_older_than(session, SecurityChallenge.expires_at, timedelta(days=1), now)


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
