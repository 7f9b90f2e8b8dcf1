"""The guides call things by the names the portal shows (issue 16 rows 14 and 16): the agency
as the catalogue names it in the guide's language, a landline's city as the portal's city list
spells it (Bakı, not Baku), and a figure that shows the sandbox's test code in the security
code field says so, since the picture beside it shows other digits."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.kernel.phones import CITIES
from core.platform.catalogue import AGENCIES
from core.platform.security_code import SANDBOX_TEST_CODE

GUIDES = Path(__file__).resolve().parent.parent / "guides"
LANGUAGES = ("az", "en")
AGENCY_WORDS = re.compile(r"\b(?:Ministry|Nazirliyi|Agency|Agentliyi|ASC|OJSC)\b")
BOLD = re.compile(r"\*\*([^*]+)\*\*")
# "Bakı (12) 4212372", "Bakı, Abşeron (12)": one or two names, then the city code.
CITY_WITH_CODE = re.compile(r"([A-ZÇƏĞİÖŞÜ][^\W\d_]+(?:, [A-ZÇƏĞİÖŞÜ][^\W\d_]+)?) \((\d\d)\)")
DEVICE_GUIDE = "mobil-cihazlarin-qeydiyyati"


def guide_texts(language: str) -> list[tuple[str, str]]:
    return [(str(path.relative_to(GUIDES)), path.read_text("utf-8"))
            for path in sorted((GUIDES / language).rglob("*.md"))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_agency_a_guide_names_in_bold_is_named_as_the_catalogue_names_it(language):
    names = {agency.name(language) for agency in AGENCIES}
    wrong = [(where, phrase) for where, text in guide_texts(language)
             for phrase in BOLD.findall(text)
             if AGENCY_WORDS.search(phrase) and phrase not in names]
    assert not wrong, f"agencies the portal does not show by these names: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_landlines_city_is_spelt_as_the_portal_spells_it(language):
    codes = {city.name: city.code for city in CITIES}
    wrong = []
    for where, text in guide_texts(language):
        for names, code in CITY_WITH_CODE.findall(text):
            if any(codes.get(name) != code for name in names.split(", ")):
                wrong.append((where, f"{names} ({code})"))
    assert not wrong, f"cities the portal does not show by these names: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_figure_4_of_device_registration_says_its_code_field_holds_the_test_code(language):
    text = (GUIDES / language / DEVICE_GUIDE / "index.md").read_text("utf-8")
    figure = re.search(r"!\[[^\]]*\]\([^)]*/sekil-4\.png\)\s*/// caption\s*(.+?)\s*///", text, re.S)
    assert figure, "figure 4 of the device registration guide has no caption"
    assert f"`{SANDBOX_TEST_CODE}`" in figure.group(1), figure.group(1)
