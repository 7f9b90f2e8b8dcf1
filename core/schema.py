"""Every package's tables in one metadata, for migrations and tests."""
from __future__ import annotations

from core import packages
from core.kernel.db import Base

MODEL_MODULES = packages.modules("models")
metadata = Base.metadata
