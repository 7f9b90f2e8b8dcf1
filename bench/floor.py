"""Pure arithmetic of the benchmark: the slow-link floor, network profiles and fresh IMEIs."""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkProfile:
    """An emulated link, in the units Chromium's Network.emulateNetworkConditions takes."""
    name: str
    down_kbit: float
    up_kbit: float
    latency_ms: float

    @property
    def down_bytes_per_second(self) -> float:
        return self.down_kbit * 1000 / 8

    @property
    def up_bytes_per_second(self) -> float:
        return self.up_kbit * 1000 / 8

    def cdp_conditions(self) -> dict:
        return {"offline": False, "latency": self.latency_ms,
                "downloadThroughput": self.down_bytes_per_second,
                "uploadThroughput": self.up_bytes_per_second}


TWO_G = LinkProfile("2G", down_kbit=250, up_kbit=100, latency_ms=300)
SLOW_3G = LinkProfile("Slow 3G", down_kbit=400, up_kbit=400, latency_ms=2000)
PROFILES = (TWO_G, SLOW_3G)


def floor_seconds(round_trips: int, bytes_down: int, profile: LinkProfile,
                  bytes_up: int = 0) -> float:
    """The least a journey can take on the link: every round trip pays the latency once, and
    every byte crosses at the link's bandwidth (downloads down, form bodies up)."""
    return (round_trips * profile.latency_ms / 1000
            + bytes_down / profile.down_bytes_per_second
            + bytes_up / profile.up_bytes_per_second)


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits` + it pass the Luhn check (as an IMEI's 15th digit)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: these sit at odd places once the check digit is added
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


SAMSUNG_TAC = "35332511"  # Samsung Galaxy A15 in the sandbox TAC catalogue: 30 AZN


def fresh_imei(tac: str = SAMSUNG_TAC, rng: random.Random | None = None) -> str:
    """A valid IMEI no earlier run registered (with overwhelming likelihood): the TAC, six
    random serial digits, the Luhn check digit."""
    rng = rng or random.SystemRandom()
    body = tac + "".join(str(rng.randrange(10)) for _ in range(6))
    return body + luhn_check_digit(body)
