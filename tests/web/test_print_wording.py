"""How to print says one thing everywhere (issue 27, finding 14: "Ctrl+P düymələrini sıxın" on
the meter-damage confirmation, "Ctrl+P və ya ⌘+P" elsewhere), in Azerbaijani and in English."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "web"
AZ = "brauzerin çap əmrindən istifadə edin (Ctrl+P və ya ⌘+P)"
EN = "use your browser's print command (Ctrl+P or ⌘+P)"


def test_every_page_that_tells_how_to_print_says_it_the_same_way():
    told = {}
    for template in sorted((WEB / "templates").rglob("*.html")):
        for sentence in re.findall(r'_\("([^"]*Ctrl\+P[^"]*)"', template.read_text("utf-8")):
            told[str(template.relative_to(WEB))] = sentence
    assert len(told) >= 3
    assert all(AZ in sentence for sentence in told.values()), told


def test_every_english_translation_of_it_says_it_the_same_way():
    translated = {}
    for po in sorted((WEB / "translations").rglob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and "Ctrl+P" in str(message.id):
                    translated[str(message.id)] = message.string
    assert len(translated) >= 3
    assert all(EN in string for string in translated.values()), translated
