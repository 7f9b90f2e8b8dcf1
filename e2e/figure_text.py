"""What a guide figure shows, as text, so a figure cannot drift from the portal unnoticed.

When a journey step takes a figure (`make guide-figures`), the text of what it shows (the header
and `main`, or the element the figure is of) is stored beside it: sekil-5.png, sekil-5.txt. On
every other run of the journeys the step reads the page again and compares: a page that no
longer says what its figure shows fails the journey, naming the figure and `make guide-figures`.

What moves from one run to the next without the figure going stale is written as a placeholder:
dates relative to today (and a date's time of day), the month, the session's end, references,
IMEIs and codes made fresh each run, the local portal's address, usage counts, hashes. Fixed
times of day stay: the call records' times come from the seed, and a figure showing other times
is stale."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from playwright.sync_api import Page

MONTHS = ("yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr January "
          "February March April May June July August September October November December").split()
MOVING = (
    # the allocation log's signed checkpoint (C2SP signed note): the portal's and the witness's
    # keys are made afresh for each portal, so its signatures, root hash and the log's
    # generation after each sandbox reset move too
    (re.compile(r"([\w.-]+(?:/[\w.-]+)*)\+[0-9a-f]{8}\+[A-Za-z0-9+/]{40,}={0,2}"), r"\1+⟨açar⟩"),
    (re.compile(r"^— (\S+) [A-Za-z0-9+/]{40,}={0,2}$", re.M), r"— \1 ⟨imza⟩"),
    (re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])"), "⟨xeş⟩"),
    (re.compile(r"/tlog/\d+\b"), "/tlog/⟨n⟩"),
    (re.compile(r"\b\d{2}\.\d{2}\.\d{4}(?: \d{2}:\d{2}(?::\d{2})?)?"), "⟨tarix⟩"),
    # 08.12 is a date; 30.00 (AZN) and 0,80 are amounts
    (re.compile(r"(?<![\d.,])(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])(?![\d.,]|\s*AZN)"),
     "⟨tarix⟩"),
    (re.compile(rf"\b(?:{'|'.join(MONTHS)}) \d{{4}}\b"), "⟨ay⟩"),
    # when the session ends, or a hold must be signed by
    (re.compile(r"\b(saat|at|by) \d{2}:\d{2}\b"), r"\1 ⟨vaxt⟩"),
    (re.compile(r"\b[A-Z]{2,3}-\d{6}-[0-9A-Z]{6}\b"), "⟨nömrə⟩"),
    (re.compile(r"\bSBX[0-9A-F]{12}\b"), "⟨bank⟩"),  # the sandbox bank's reference
    (re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b"), "⟨kod⟩"),  # a receipt's check code
    (re.compile(r"\b((?:Təsdiq|Sorğu) kodu|(?:Confirmation|Request) code): \S+"), r"\1: ⟨kod⟩"),
    (re.compile(r"\bhttps?://[^/\s]+"), "⟨portal⟩"),  # the journeys' own portal: any port
    (re.compile(r"\b\d{8} \d{6} \d\b"), "⟨İMEİ⟩"),
    (re.compile(r"(İstifadə sayı|Times used): \d+"), r"\1: ⟨say⟩"),
    # a hash in full, or the first 12 of a log's (digits alone are a code: an abonent kodu)
    (re.compile(r"\b(?=[0-9]*[a-f])[0-9a-f]{12,64}\b"), "⟨xeş⟩"),
)
# The figure's region as figure() clips it: `main` from the top of the page, so the header too.
SHOWN_TEXT = """selector => {
  const shown = selector === "main" ? ["header", "main"] : [selector];
  return shown.map(s => document.querySelector(s)).filter(Boolean).map(e => e.innerText).join("\\n");
}"""


def normalise(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    for pattern, placeholder in MOVING:
        text = pattern.sub(placeholder, text)
    return text + "\n"


def shown_text(page: Page, element: str | None = None) -> str:
    return normalise(page.evaluate(SHOWN_TEXT, element or "main"))


def text_file(figure: Path) -> Path:
    return figure.with_suffix(".txt")


def drift(name: str, stored: str | None, now: str) -> str | None:
    """Why guide figure `name` no longer shows the page (None: it does)."""
    again = "run `make guide-figures` to take it again"
    if stored is None:
        return f"guides/images/{name} has no text stored beside it: {again}"
    if stored == now:
        return None
    changes = "".join(difflib.unified_diff(stored.splitlines(True), now.splitlines(True),
                                           "the figure", "the page now", n=1))
    return f"guides/images/{name} no longer shows what the page says: {again}.\n{changes}"
