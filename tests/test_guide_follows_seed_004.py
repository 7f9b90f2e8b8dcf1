"""The Güzəştli mənzil guide says what seed 004 says (issue 16, guide fidelity): the browsers
it recommends for signing in, the phones where Asan İmza may not work, the date of the 2.50 AZN
fee, the steps for "Online imzalayıcı"; and a blocking rule the seed does not state is given
as this portal's rule, never as the seed's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parent.parent / "guides" / "{language}" / "guzestli-menzil" / "index.md"
SEED_PHONES = ("Blackberry Passport Silver Edition", "Qumo Push 220 QWERTY", "HTC T7272 Touch Pro",
               "HTC P4350 Herald", "Nokia 1280, 1800, 3110, 5110, 6110, 6150, N900", "Motorola F3",
               "Sony Ericsson P900")
SAID = {
    "az": ("“Google Chrome” və ya “Opera” brauzerinin ən son versiyasından",
           "20 avqust 2018-ci il tarixindən", "2,50 AZN",
           "“Online imzalayıcı” proqram təminatı yüklənməlidir",
           "“Online imzalayıcı” proqram təminatının işlək vəziyyətdə olduğu yoxlanılmalıdır"),
    "en": ("the latest version of “Google Chrome” or “Opera”", "Since 20 August 2018", "2.50 AZN",
           "“Online imzalayıcı”"),
}
PORTALS_RULE = {"az": "bu portalın qaydası", "en": "this portal's rule"}
# A sentence that says PIN2 gets blocked: the seed says no such thing.
PIN2_BLOCKED = re.compile(r"[^.|]*PIN2[^.|]*(?:bloka düşür|block)[^.|]*", re.I)


def guide(language: str) -> str:
    return Path(str(GUIDE).format(language=language)).read_text("utf-8")


@pytest.mark.parametrize("language", ["az", "en"])
def test_the_guide_keeps_what_the_seed_says(language):
    text = guide(language)
    missing = [said for said in SAID[language] + SEED_PHONES if said not in text]
    assert not missing, f"seed 004 says these and the guide does not: {missing}"


@pytest.mark.parametrize("language", ["az", "en"])
def test_pin2_blocking_is_stated_as_this_portals_rule(language):
    text = guide(language)
    sentences = [match.group(0) for match in PIN2_BLOCKED.finditer(text)]
    assert sentences, "the guide no longer says what happens after wrong PIN2 entries"
    unmarked = [sentence for sentence in sentences if PORTALS_RULE[language] not in sentence.lower()]
    assert not unmarked, f"PIN2 blocking said as if the seed said it: {unmarked}"
