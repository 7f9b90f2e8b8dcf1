"""Every interface sentence has its English translation (Azerbaijani is the source language)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "web"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]


def _key(message_id, context=None) -> tuple:
    return (context, message_id if isinstance(message_id, str) else message_id[0])


def _english_catalogue() -> dict:
    translations = {}
    for po_path in (WEB / "translations").glob("*/en/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                if message.id and all(strings):
                    translations[_key(message.id, message.context)] = message.string
    return translations


def test_every_message_used_in_web_has_an_english_translation():
    english = _english_catalogue()
    missing = set()
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(WEB), METHODS, keywords=KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        if msgid and _key(message, _context) not in english:
            missing.add(f"{filename}: {msgid}")
    assert sorted(missing) == []


def test_no_two_catalogues_translate_one_message_differently():
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for po_path in (WEB / "translations").glob("*/en/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                key = _key(message.id, message.context)
                if not key[1]:
                    continue
                if key in seen and seen[key][1] != message.string:
                    clashes.append(f"{key!r}: {seen[key][0]} vs {po_path.parts[-4]}")
                seen[key] = (po_path.parts[-4], message.string)
    assert clashes == []
