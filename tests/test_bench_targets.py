"""`make bench` loads every service of the one list (core.packages.SERVICES): a service with no
targets module would be left out of the table silently."""
from __future__ import annotations

import importlib

from core.packages import SERVICES


def test_every_service_has_its_bench_targets():
    for service in SERVICES:
        module = importlib.import_module(f"bench.targets.{service}")
        assert hasattr(module, "build") or hasattr(module, "group"), service
