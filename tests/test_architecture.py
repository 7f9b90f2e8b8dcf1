"""How the packages may depend on one another (CONTRIBUTING.md, "Layout"): no import circle,
shared pieces never import a service, domain code never imports the sandbox's data, only the
settings module reads the environment, and every form lives in web/forms/ and imports no view."""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from core import packages

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "web", "sandbox_service")
SERVICES = packages.SERVICES  # the one list
# Wiring: the one list of packages and what is built from it may name every package.
WIRING = {"core.packages", "core.schema", "core.worker", "web", "web.services"}
SETTINGS_MODULE = "core.platform.settings"
FORMS = "web.forms"  # every form class, one module per service (named as it) and shared fields
# What a form may import: core, other forms, the shared wording, and these (never flask itself:
# a form reads what was posted to it, not the request or the session).
FORMS_MAY_IMPORT_FROM_WEB = ("web.forms", "web.platform.wording")
FORMS_MAY_IMPORT = ("core", "web", "wtforms", "flask_wtf", "flask_babel")
WTFORMS_BASES = {"Form", "BaseForm", "FlaskForm"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for layer in LAYERS for p in (ROOT / layer).rglob("*.py")
            if "migrations" not in p.parts}


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every module this file imports, at the top or inside a function (a lazy import hides a
    circle, it does not remove it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return {m for m in found if m in known}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _service_of(module: str) -> str | None:
    match = re.match(r"^(?:core|web\.services|web\.forms)\.(\w+)", module)
    return match.group(1) if match and match.group(1) in SERVICES else None


def test_there_is_no_import_circle_in_core_or_web():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_shared_modules_never_import_a_service():
    offenders = {}
    for module, imported in _graph().items():
        # The sandbox (its data, and the sandbox service playing the outside systems) stands
        # in for the services' outside systems, so it may use their sandbox models.
        if module in WIRING or _service_of(module) or module.startswith(
                ("core.sandbox", "sandbox_service")):
            continue
        services = sorted(m for m in imported if _service_of(m))
        if services:
            offenders[module] = services
    assert offenders == {}


def test_a_service_imports_no_other_service():
    offenders = {}
    for module, imported in _graph().items():
        own = _service_of(module)
        if own is None:
            continue
        others = sorted(m for m in imported if _service_of(m) not in (None, own))
        if others:
            offenders[module] = others
    assert offenders == {}


def _is_adapter_factory(module: str) -> bool:
    """core/<service>/adapters.py: chooses each port's adapter from the settings, the
    sandbox's among them (core.platform.connections)."""
    return module.startswith("core.") and module.endswith(".adapters")


def test_domain_code_never_imports_the_sandbox_data():
    offenders = {module: sorted(m for m in imported if m.startswith("core.sandbox"))
                 for module, imported in _graph().items()
                 if module.startswith("core.") and not module.startswith("core.sandbox")
                 and module not in WIRING and not _is_adapter_factory(module)}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_no_init_app_or_job_builds_an_adapter_itself():
    """Adapters come from their service's factory (core/<service>/adapters.py), the same in
    the web app and the job consumer: no init_app and no job module names a sandbox adapter."""
    wiring = [path for name, path in _modules().items()
              if (name.startswith("web.") and path.name == "__init__.py")
              or name == "web.platform.shared_services" or name == "web.platform.card_step"
              or (name.startswith("core.") and name.endswith(".jobs"))]
    offenders = {str(path.relative_to(ROOT)): sorted(set(found)) for path in wiring
                 if (found := re.findall(r"\bSandbox[A-Z]\w*|\bcore\.sandbox\b|"
                                         r"\bsandbox_systems\b", path.read_text()))}
    assert len(wiring) > 10
    assert offenders == {}


def test_only_the_settings_module_reads_the_environment():
    readers = sorted(name for name, path in _modules().items()
                     if re.search(r"\bos\.(environ|getenv)\b|\bgetenv\(", path.read_text())
                     and name != SETTINGS_MODULE)
    assert readers == []


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _base_name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else \
        node.attr if isinstance(node, ast.Attribute) else ""


def _form_classes(sources: dict[str, str]) -> dict[str, list[str]]:
    """Module -> its classes that derive from a WTForms form: directly, or by way of another
    form class of these sources (known by its name)."""
    classes = {module: [(node.name, {_base_name(b) for b in node.bases})
                        for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)]
               for module, source in sources.items()}
    forms = set(WTFORMS_BASES)
    while True:
        found = {name for defs in classes.values() for name, bases in defs if bases & forms}
        if found <= forms:
            break
        forms |= found
    return {module: sorted(name for name, bases in defs if bases & forms)
            for module, defs in classes.items() if any(bases & forms for _name, bases in defs)}


def test_every_form_class_lives_in_web_forms():
    sources = {name: path.read_text() for name, path in _modules().items()
               if _within(name, "web")}
    found = _form_classes(sources)
    assert {m: c for m, c in found.items() if not _within(m, FORMS)} == {}
    assert f"{FORMS}.card" in found  # the finder sees the forms that are there


def test_the_form_finder_finds_a_form_by_way_of_another():
    found = _form_classes({
        "web.a": "class A(FlaskForm):\n    pass\nclass B(A):\n    pass\nclass C:\n    pass\n",
        "web.b": "import wtforms\nclass D(wtforms.Form):\n    pass\n",
        "web.c": "class E(object):\n    pass\n"})
    assert found == {"web.a": ["A", "B"], "web.b": ["D"]}


def test_forms_import_no_view_blueprint_or_service_package():
    offenders = {}
    for module, imported in _graph().items():
        if _within(module, FORMS):
            web = sorted(m for m in imported if _within(m, "web") and not any(
                _within(m, allowed) for allowed in FORMS_MAY_IMPORT_FROM_WEB))
            if web:
                offenders[module] = web
    assert offenders == {}


def test_forms_import_only_core_wtforms_and_the_standard_library():
    offenders = {}
    for module, path in _modules().items():
        if _within(module, FORMS):
            others = {name for name in _top_level_imports(path)
                      if name not in FORMS_MAY_IMPORT and name not in sys.stdlib_module_names}
            if others:
                offenders[module] = sorted(others)
    assert offenders == {}


def _top_level_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found
