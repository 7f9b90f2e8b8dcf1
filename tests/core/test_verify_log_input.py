"""`python -m core.housing.verify_log` on a file someone else made (hardening round three, row
10): whatever it holds, the answer is a sentence (NOT A LOG …) and exit code 1, never a
traceback."""
from __future__ import annotations

import io

import pytest

from core.housing.verify_log import run


@pytest.mark.parametrize("text", ["[" * 200_000, "{\"a\":" * 200_000, "\x00\n", "[1, 2]\n"])
def test_a_file_that_is_not_a_log_is_named_so(tmp_path, text):
    published = tmp_path / "bolgu-jurnali.jsonl"
    published.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert run(str(published), None, out) == 1
    assert out.getvalue().startswith("NOT A LOG: ")
