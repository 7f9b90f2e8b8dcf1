"""The sandbox: its demo records (../shared/demo-data.md) and the in-process adapters that stand
for the outside systems (chosen by each core/<service>/adapters.py). Each module here that
defines `load(session)` puts its records into the database; `load_all` runs them in name
order."""
from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy.orm import Session


def loaders():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "load"):
            yield info.name, module.load


def load_all(session: Session) -> list[str]:
    """Load every module's records that are not there yet. Safe to run again."""
    loaded = []
    for name, load in loaders():
        if load(session):
            loaded.append(name)
    session.flush()
    return loaded
