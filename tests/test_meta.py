"""Architecture rules that a reviewer should not have to remember."""
from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = ("flask", "flask_htmx", "flask_wtf", "flask_babel", "wtforms", "werkzeug",
                     "jinja2")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_imports_no_web_framework():
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & set(FORBIDDEN_IN_CORE))
        for path in (ROOT / "core").rglob("*.py")
    }
    assert {p: m for p, m in offenders.items() if m} == {}


def test_no_source_file_is_longer_than_400_lines():
    tracked = subprocess.run(["git", "ls-files", "*.py", "*.html", "*.js", "*.css"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    long_files = {f: n for f in tracked if (ROOT / f).exists()
                  and (n := len((ROOT / f).read_text().splitlines())) > 400}
    assert long_files == {}


def test_no_template_has_inline_script_or_style():
    offenders = []
    for template in (ROOT / "web" / "templates").rglob("*.html"):
        source = template.read_text()
        if " style=" in source or "<style" in source:
            offenders.append(f"{template.name}: style")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source):
            offenders.append(f"{template.name}: inline script")
    assert offenders == []


def test_third_party_code_is_installed_not_vendored():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert not [f for f in tracked if "htmx" in Path(f).name and f.endswith(".js")]
    assert not [f for f in tracked if f.startswith(("node_modules/", ".venv/"))]
