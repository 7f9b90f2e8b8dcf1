"""Every catalogue page, found by following the catalogue's own links: /, /e-xidmetler/, every
agency page, and every service page any agency lists."""
from __future__ import annotations

import re

from bench.targets.client import Browser, get

CATALOGUE = "/e-xidmetler/"


def _links(html: str, prefix: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({re.escape(prefix)}[^"?#]+/)"', html)))


def pages(base: str) -> list[str]:
    client = Browser(base)
    agencies = [p for p in _links(client.get(CATALOGUE), CATALOGUE) if p != CATALOGUE]
    services = sorted({s for agency in agencies for s in _links(client.get(agency), "/xidmet/")})
    return ["/", CATALOGUE, *agencies, *services]


def build(base: str) -> list[dict]:
    return [get(f"catalogue {path}", path) for path in pages(base)]
