"""Every service's tables: importing this package imports each module in it, so
Base.metadata is complete for migrations and tests (CONTRIBUTING.md, "Discovery")."""
import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
