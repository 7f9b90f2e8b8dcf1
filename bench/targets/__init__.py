"""What the throughput table loads, one group per part of the portal: every catalogue page,
and every step GET and step POST of each of the five services, each with a session walked to
that step (signed in where the service needs it, with a method it takes). Each target is a
plain dict (bench/targets/client.py), handed to bench/load.py as JSON.

A group is built just before it is loaded, so what its sessions hold (a flat, an admission
to the sale, a signing request waiting on the phone) is still live when it is measured."""
from __future__ import annotations

import importlib
from typing import Iterator

from bench.targets import catalogue
from bench.targets.client import Browser, Group
from core.packages import SERVICES

__all__ = ["Browser", "Group", "groups"]


def groups(base: str) -> Iterator[Group]:
    """The catalogue, then every service of the one list (core.packages.SERVICES): each has
    its module here, with `build(base)` (its targets) or `group(base)` (a whole group)."""
    yield Group("catalogue", catalogue.build(base))
    for service in SERVICES:
        module = importlib.import_module(f"bench.targets.{service}")
        if hasattr(module, "group"):
            yield module.group(base)
        else:
            yield Group(service.replace("_", " "), module.build(base))
