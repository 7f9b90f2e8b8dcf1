"""`make messages` (python -m web.catalogues): every catalogue under web/translations/ brought up
to date with the wording in core/ and web/, then compiled.

Extraction is Babel's with babel.cfg, the same as `pybabel extract -F babel.cfg core web`.
Each msgid has one home: the catalogue that holds it already, else the domain its first use
names (core/<domain>/…, web/services/<domain>/…, web/templates/<domain>/…,
web/forms/<domain>.py), else `portal`. A new msgid is added at the end of its home with an empty
English (tests/web/test_translations.py fails until it is written); a msgid used nowhere any more
leaves every catalogue. Every other entry stays as it was written, byte for byte (the catalogues
are edited by hand: their own wrapping, grouping and comments), so a second run changes nothing."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from core import packages
from core.kernel.translations import TRANSLATIONS, compile_catalogues

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "babel.cfg"
SOURCES = ("core", "web")
SHARED_DOMAIN = "portal"
LANGUAGE = "en"
WIDTH = 100  # how most entries of the catalogues are wrapped


def extract(root: Path = ROOT) -> Catalog:
    """Every msgid core/ and web/ use, each with where it is used (paths from the root)."""
    with (root / MAPPING.name).open() as mapping:
        methods, options = parse_mapping_cfg(mapping)
    found = Catalog(fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(root / source), methods, options):
            found.add(message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments,
                      context=context)
    return found


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def home_domain(path: str, domains: set[str]) -> str:
    """The domain a msgid first used at `path` belongs to: the first folder (or module) on the
    way that names one (web/portal/ is the shared one's folder, not its name), else the shared
    catalogue."""
    parts = Path(path).with_suffix("").parts[1:]
    return next((part for part in parts if part in domains - {SHARED_DOMAIN}), SHARED_DOMAIN)


class _Entries:
    """A .po file as its entries (blocks of lines between blank lines), each kept as written with
    the blank lines before it: (separator, block, the msgid's key)."""

    def __init__(self, text: str):
        body = text.rstrip("\n")
        self.ending = text[len(body):] or "\n"
        parts = re.split(r"(\n\n+)", body)
        self.header = parts[0]
        self.entries = [(separator, block, _entry_key(block))
                        for separator, block in zip(parts[1::2], parts[2::2])]

    def keys(self) -> set[tuple]:
        return {key for _separator, _block, key in self.entries}

    def keep_only(self, keys) -> None:
        """Drop the entries of msgids not in `keys` (and obsolete ones); a comment alone stays."""
        self.entries = [(separator, block, key) for separator, block, key in self.entries
                        if key in keys or (key is None and _comment_alone(block))]

    def add(self, block: str) -> None:
        self.entries.append(("\n\n", block, None))

    def text(self) -> str:
        return self.header + "".join(separator + block for separator, block, _key in self.entries) \
            + self.ending


def _entry_key(block: str) -> tuple | None:
    catalog = read_po(io.StringIO(block))
    found = [_key(m) for m in catalog if m.id]
    if len(found) > 1:
        raise ValueError(f"two entries with no blank line between them: {block[:80]!r}")
    return found[0] if found else None  # None: obsolete (#~), or a comment alone


def _comment_alone(block: str) -> bool:
    return all(line.startswith("#") and not line.startswith("#~") for line in block.splitlines())


def _rendered(messages: list) -> str:
    catalog = Catalog(locale=LANGUAGE, fuzzy=False)
    for message in messages:
        catalog[message.id] = message
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, omit_header=True, no_location=True)
    return out.getvalue().decode().strip("\n")


def _new_catalogue() -> str:
    out = io.BytesIO()
    write_po(out, Catalog(locale=LANGUAGE, project="egov-portal", fuzzy=False), width=WIDTH)
    return out.getvalue().decode().rstrip("\n") + "\n"


def planned(template: Catalog, root: Path = TRANSLATIONS) -> dict[Path, str]:
    """Each catalogue's text as `make messages` leaves it (the unchanged ones too)."""
    used = {_key(m): m for m in template if m.id}
    domains = {d.name for d in root.iterdir() if d.is_dir()} | set(packages.SERVICES)
    entries = {}
    for domain in sorted(domains):
        path = root / domain / LANGUAGE / "LC_MESSAGES" / "messages.po"
        entries[path] = _Entries(path.read_text() if path.exists() else _new_catalogue())
    held = {key for found in entries.values() for key in found.keys()}
    new: dict[str, list] = {}
    for key, message in used.items():
        if key not in held:
            home = home_domain(message.locations[0][0], domains)
            new.setdefault(home, []).append(message)
    plan = {}
    for path, found in entries.items():
        found.keep_only(used)
        added = new.get(path.parts[-4], [])
        if added:
            found.add(_rendered(added))
        if found.entries or path.exists():
            plan[path] = found.text()
    return plan


def main() -> int:
    changed = []
    for path, text in planned(extract()).items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(str(path.relative_to(ROOT)))
    compile_catalogues()
    print("updated: " + ", ".join(changed) if changed else "catalogues already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
