"""Hostile submissions for one form: each e-mail field with a line break inside an address,
then each field in turn, all fields at once, duplicated, missing and unknown fields, with and
without `HX-Request: true`, urlencoded or multipart. Deterministic for a given seed."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

HUGE = 100 * 1024            # over EGOV_MAX_BODY_BYTES (64 KiB): the portal must answer 413
LARGE = 40 * 1024            # under it: the value reaches the form and its validators
XSS_MARK = "<script>probe(31337)</script>"
TEMPLATE_MARK = "{{ 7*191919 }}"   # rendered by a template engine it reads 1343433

VALUES: list[str | bytes] = [
    # unicode: right-to-left, zero-width, emoji, combining, look-alikes, other digits
    "\u202e5ZX8K2P", "\u200f\u200e\u061c", "مرحبا بالعالم", "5ZX\u200b8K2P", "\ufeff12345",
    "\u200d\u2060\u180e", "😀" * 20, "👩‍👩‍👧‍👦🇦🇿", "a" + "\u0301" * 60,
    "Z\u0337\u0322\u031b\u034e\u0353", "ＡＺＥ１２３４５６７８", "١٢٣٤٥٦٧", "٠٥٠١٢٣٤٥٦٧", "İıŞşƏəĞğ",
    "\U0001F4A9" * 500, "\uffff\ufffe", "\u2028\u2029",
    # huge
    "A" * HUGE, "ə" * (HUGE // 2), "7" * LARGE, "ü" * (LARGE // 2),
    # NUL and other controls
    "\x00", "abc\x00def", "\x00" * 1000, "5ZX8K2P\x00", "\r\n", "\r\nX-Injected: 1", "\x1b[31m",
    "\x7f\x08\x0b\x0c",
    # injections
    "' OR 1=1 --", "1; DROP TABLE accounts; --", '" OR ""="', "admin'--", "1' UNION SELECT 1--",
    XSS_MARK, '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "</textarea><b>x</b>",
    TEMPLATE_MARK, "{{7*7}}", "${7*7}", "{% debug %}", "{{ config }}", "#{7*7}", "<%= 7*7 %>",
    "%s%s%s%n", "{0}{1}", "%(password)s", "../../../../etc/passwd", "\\\\evil.example\\x",
    # numbers and shapes a parser may choke on
    "-1", "0", "1e309", "NaN", "-0.00", "99999999999999999999999999999", "0x1F", "1,5", "1.",
    "4111 1111 1111 1111", "", " ", "\t", "  5zx8k2p  ",
    # bytes that are not UTF-8
    b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf",
]
EXTRA = ["next", "action", "__proto__", "id", "csrf_token[]", "a" * 300, "", "ə"]
# A line break inside an otherwise good address: `re.match(…$)` let these through, and an SMTP
# header built from one raises. Every e-mail field gets each of them (cases()).
ADDRESSES = ["victim\n@example.az", "a@example\n.az", "probe@example.org\r\nBcc: all@example.az",
             "probe@example.org\n", "probe\r@example.org"]
EMAIL_FIELD = re.compile(r"mail|poct", re.I)
VALUES += ADDRESSES


@dataclass
class Submission:
    pairs: list[tuple[str, str | bytes]]
    hx: bool
    multipart: bool
    kind: str


def cases(names: list[str], baseline: list[tuple[str, str]], count: int, seed: int):
    """`count` hostile submissions for a form with these field names (csrf_token included),
    starting from plausible values so a single bad field reaches the deeper checks."""
    rng = random.Random(seed)
    editable = [n for n in names if n != "csrf_token"] or ["q"]
    base = dict(baseline)
    buttons = [(n, v) for n, v in baseline if n not in names]

    def form(overrides: dict, drop=(), extra=()) -> list:
        pairs = [(n, overrides.get(n, base.get(n, ""))) for n in names if n not in drop]
        return pairs + list(extra) + buttons

    made = 0
    for name in (n for n in editable if EMAIL_FIELD.search(n)):
        for value in ADDRESSES:
            if made < count:
                yield Submission(form({name: value}), hx=False, multipart=False, kind="address")
                made += 1
    while made < count:
        kind = ("each", "each", "each", "all", "duplicate", "missing", "extra", "csrf")[made % 8]
        if kind == "each":
            name, value = rng.choice(editable), rng.choice(VALUES)
            pairs = form({name: value})
        elif kind == "all":
            same = rng.random() < 0.5
            value = rng.choice(VALUES)
            pairs = form({n: value if same else rng.choice(VALUES) for n in editable})
        elif kind == "duplicate":
            name = rng.choice(editable + ["csrf_token"])
            copies = [(name, rng.choice(VALUES)) for _ in range(rng.randint(1, 3))]
            pairs = form({}, extra=copies)
            if rng.random() < 0.5:
                pairs.reverse()
        elif kind == "missing":
            dropped = rng.sample(editable, rng.randint(1, len(editable)))
            pairs = form({}, drop=dropped)
        elif kind == "extra":
            pairs = form({}, extra=[(rng.choice(EXTRA), rng.choice(VALUES))
                                    for _ in range(rng.randint(1, 4))])
        else:  # the CSRF token itself: absent, altered or hostile (the portal must say 400)
            how = rng.random()
            if how < 0.3:
                pairs = form({}, drop=("csrf_token",))
            else:
                token = str(base.get("csrf_token", ""))
                bad = token[:-2] + "xx" if how < 0.6 else rng.choice(VALUES)
                pairs = form({"csrf_token": bad})
        yield Submission(pairs, hx=rng.random() < 0.5, multipart=rng.random() < 0.15, kind=kind)
        made += 1


def encode(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def reflected(body: bytes) -> list[str]:
    """Markers that came back live: unescaped markup, or a template expression evaluated."""
    found = []
    if XSS_MARK.encode() in body:
        found.append("unescaped <script>")
    if b"1343433" in body:
        found.append("template expression evaluated")
    return found
