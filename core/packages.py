"""The one list of core packages. Their models make up the schema, their jobs are what the
consumer runs; adding a service means adding its package here (and in web/services)."""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

PLATFORM = ("platform", "auth", "payments", "notifications", "feedback")
SERVICES = ("device_registration", "bill_payment", "call_records", "meter_damage", "housing")
ALL = PLATFORM + SERVICES


def modules(leaf: str) -> list[ModuleType]:
    """`core.<package>.<leaf>` of every package that has one, e.g. modules("models")."""
    found = []
    for package in ALL:
        name = f"core.{package}.{leaf}"
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


def companion_processes(settings) -> list:
    """What the packages run beside the portal (web.serve starts them): each package's
    `processes` module gives objects with a `command` and the `environment` the portal's
    processes need to reach it."""
    return [found for module in modules("processes") for found in module.processes(settings)]
