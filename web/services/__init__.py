"""The services, one package each (web/services/<service>/ with blueprint.py, its step
modules, forms.py, texts.py). Adding a service: its package, and its name in SERVICES."""
from __future__ import annotations

import importlib
from types import ModuleType

SERVICES = ("device_registration", "bill_payment", "call_records", "meter_damage",
            "housing")


def packages() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in SERVICES]
