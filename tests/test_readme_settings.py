"""The README's configuration table names every setting (a new setting is one field of
core.platform.settings.Settings, and one row there)."""
from __future__ import annotations

from pathlib import Path

from core.platform.settings import ENVIRONMENT_NAMES, Settings

README = Path(__file__).resolve().parent.parent / "README.md"
NOT_FOR_OPERATORS = {"prometheus_multiproc_dir"}  # set by web.serve for its own workers


def test_the_readme_lists_every_setting():
    text = README.read_text()
    missing = [f"EGOV_{name.upper()}" for name in sorted(Settings.field_names())
               if name not in NOT_FOR_OPERATORS and name not in ENVIRONMENT_NAMES
               and f"`EGOV_{name.upper()}`" not in text]
    assert missing == []
