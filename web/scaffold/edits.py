"""The scaffold's changes to files that list every service or outside system: each is read as
text, found by its syntax (ast) and changed at one place, so the rest of the file stays as it
was written."""
from __future__ import annotations

import ast
import json
import re
import textwrap

WIDTH = 99  # the tree's longest lines


class ScaffoldError(ValueError):
    """What stops the scaffold before it writes anything."""


def _assignment(tree: ast.Module, variable: str) -> ast.Assign | ast.AnnAssign:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == variable for t in targets):
            return node
    raise ScaffoldError(f"no module-level {variable} = (...) to add to")


def tuple_items(source: str, variable: str) -> list:
    """The values of a module-level tuple of literals, e.g. packages.SERVICES."""
    return list(ast.literal_eval(_assignment(ast.parse(source), variable).value))


def add_to_tuple(source: str, variable: str, item: str) -> str:
    """`variable = (a, b)` as `variable = (a, b, item)`: on the tuple's last line, or on a line
    of its own under the first item when the last line would grow too long."""
    node = _assignment(ast.parse(source), variable)
    if not isinstance(node.value, ast.Tuple) or not node.value.elts:
        raise ScaffoldError(f"{variable} is not a tuple with items")
    lines = source.splitlines(keepends=True)
    last = lines[node.value.end_lineno - 1].encode()  # ast's columns count UTF-8 bytes
    before, after = last[:node.value.end_col_offset - 1].decode(), \
        last[node.value.end_col_offset - 1:].decode()
    if not after.startswith(")"):
        raise ScaffoldError(f"{variable} is not written in parentheses")
    before = before.rstrip().rstrip(",")
    added = f"{before}, {item}{after}"
    if len(added.rstrip("\n")) > WIDTH:
        first = lines[node.value.elts[0].lineno - 1].encode()[:node.value.elts[0].col_offset]
        added = f"{before},\n{' ' * len(first.decode())}{item}{after}"
    lines[node.value.end_lineno - 1] = added
    return "".join(lines)


def insert_before_closing(source: str, variable: str, block: str) -> str:
    """`block` (whole lines) put before the closing line of a tuple or a dict written one item
    a line."""
    node = _assignment(ast.parse(source), variable)
    lines = source.splitlines(keepends=True)
    if lines[node.end_lineno - 1].strip() not in (")", "}"):
        raise ScaffoldError(f"{variable} does not end with a line of its own")
    return "".join(lines[:node.end_lineno - 1]) + block + "".join(lines[node.end_lineno - 1:])


def string_constants(source: str) -> dict[str, str]:
    """Module-level NAME = "text" assignments."""
    return {node.targets[0].id: node.value.value for node in ast.parse(source).body
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def add_constant_before(source: str, variable: str, constant: str, value: str) -> str:
    """`constant = "value"` after the last module-level string constant above `variable`."""
    tree = ast.parse(source)
    above = _assignment(tree, variable).lineno
    last = max((node.end_lineno for node in tree.body
                if isinstance(node, ast.Assign) and node.lineno < above
                and isinstance(node.value, ast.Constant)), default=None)
    if last is None:
        raise ScaffoldError(f"no constant above {variable}")
    lines = source.splitlines(keepends=True)
    return "".join(lines[:last]) + f"{constant} = {python_text(value)}\n" + \
        "".join(lines[last:])


def add_class_fields_after(source: str, class_name: str, suffix: str, fields: list[str]) -> str:
    """`fields` (source lines) after the last field of the class whose name ends in `suffix`."""
    tree = ast.parse(source)
    found = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name),
                 None)
    if found is None:
        raise ScaffoldError(f"no class {class_name}")
    last = max((n.end_lineno for n in found.body if isinstance(n, ast.AnnAssign)
                and isinstance(n.target, ast.Name) and n.target.id.endswith(suffix)),
               default=None)
    if last is None:
        raise ScaffoldError(f"{class_name} has no field ending in {suffix}")
    lines = source.splitlines(keepends=True)
    indent = " " * found.body[0].col_offset
    return "".join(lines[:last]) + "".join(f"{indent}{f}\n" for f in fields) + \
        "".join(lines[last:])


def add_line_after_last(text: str, pattern: str, line: str) -> str:
    """`line` after the last line matching `pattern` (e.g. a table's last row of a kind)."""
    lines = text.splitlines(keepends=True)
    matches = [i for i, found in enumerate(lines) if re.match(pattern, found)]
    if not matches:
        raise ScaffoldError(f"no line matches {pattern}")
    return "".join(lines[:matches[-1] + 1]) + line + "\n" + "".join(lines[matches[-1] + 1:])


def python_text(text: str, indent: int = 0, width: int = WIDTH) -> str:
    """A string literal; a long one as adjacent literals, one a line under `indent`."""
    whole = json.dumps(text, ensure_ascii=False)
    if indent + len(whole) + 1 <= width:  # and its comma
        return whole
    parts = textwrap.wrap(text, width - indent - 3, drop_whitespace=False,
                          break_long_words=False)
    return ("\n" + " " * indent).join(json.dumps(p, ensure_ascii=False) for p in parts)
