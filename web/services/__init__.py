"""The services, one package each (web/services/<service>/ with blueprint.py, its step
modules, texts.py; its forms are web/forms/<service>.py). Which services there are is said
once, in core/packages.py's SERVICES: each that has a package here is registered, in that
order."""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from core import packages as core_packages


def packages() -> list[ModuleType]:
    names = [f"{__name__}.{name}" for name in core_packages.SERVICES]
    return [importlib.import_module(name) for name in names
            if importlib.util.find_spec(name) is not None]
