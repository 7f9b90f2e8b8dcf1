"""Şəhərlərarası danışıqlar, signed in with the password as the e2e journey does: the first
page (her first line's calls), the line chosen with the page's own GET form, and a line's URL."""
from __future__ import annotations

from bench.targets import signing_in
from bench.targets.client import Browser, get
from core.sandbox.citizens import AYSEL

SERVICE = "seherlerarasi-danisiqlar"
START = f"/{SERVICE}/"
NAME = "call records"


def build(base: str) -> list[dict]:
    aysel = Browser(base)
    signing_in.with_password(aysel, AYSEL, SERVICE, START)
    line = "".join(AYSEL.landline)
    return [
        get(f"{NAME} calls GET (first line)", START, aysel),
        get(f"{NAME} calls GET (line chosen, ?nomre=)", f"{START}?nomre={line}", aysel),
        get(f"{NAME} calls GET (line's URL)", f"{START}{line}/", aysel),
    ]
