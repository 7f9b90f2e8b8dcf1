"""What the throughput table loads, one group per part of the portal: every catalogue page,
and every step GET and step POST of each of the five services, each with a session walked to
that step (signed in where the service needs it, with a method it takes). Each target is a
plain dict (bench/targets/client.py), handed to bench/load.py as JSON.

A group is built just before it is loaded, so what its sessions hold (a flat, an admission
to the sale, a signing request waiting on the phone) is still live when it is measured."""
from __future__ import annotations

from typing import Iterator

from bench.targets import (bill_payment, call_records, catalogue, device_registration, housing,
                           meter_damage)
from bench.targets.client import Browser, Group

__all__ = ["Browser", "Group", "groups"]

SIMPLE = [("catalogue", catalogue), ("device registration", device_registration),
          ("bill payment", bill_payment), ("call records", call_records),
          ("meter damage", meter_damage)]


def groups(base: str) -> Iterator[Group]:
    for name, module in SIMPLE:
        yield Group(name, module.build(base))
    yield housing.group(base)
