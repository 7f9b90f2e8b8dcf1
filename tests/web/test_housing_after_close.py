"""A hold taken while the sale was open, signed after the sale closed (hardening round three,
"also seen"; the rule is in tests/core/test_housing_after_close.py and the guide): the citizen
sees the sale has closed, still sees their flat held with the time left, and signs it."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sandbox.citizens import RESHAD
from tests.pagecheck import check_page
from tests.web.housing_support import (
    APPLICATION, CABINET, enter_with_token, free_flats, press, set_phase,
)


def test_a_flat_held_before_the_close_is_signed_after_it(app, client):
    enter_with_token(client, RESHAD)
    assert press(client, free_flats(client)[0]).headers["Location"] == APPLICATION + "?netice=held"
    set_phase(client, "closed")
    assert "Satış başa çatıb" in check_page(client.get(CABINET)).text
    held = check_page(client.get(APPLICATION))
    assert "imzanızı gözləyir" in held.text and "Elektron imza ilə imzala" in held.text
    signed = client.submit(APPLICATION + "/e-imza", {"certificate": f"AZ-ICA-{RESHAD.fin}",
                                                     "pin": RESHAD.token_pin})
    assert signed.headers["Location"] == APPLICATION + "?netice=signed"
    assert "İmzalanıb və göndərilib" in check_page(client.get(signed.headers["Location"])).text


SAID = {"az": "satış bağlanmazdan əvvəl seçdiyiniz mənzil Sizdə qalır: 15 dəqiqəlik müddətin "
              "qalanında müraciəti imzalaya bilərsiniz",
        "en": "a flat you chose before the close stays yours: you can sign the application in "
              "what is left of its 15 minutes"}


@pytest.mark.parametrize("language", ["az", "en"])
def test_the_guide_says_a_flat_chosen_before_the_close_may_be_signed_after_it(language):
    guide = Path(__file__).resolve().parents[2] / "guides" / language / "guzestli-menzil"
    assert SAID[language] in (guide / "index.md").read_text("utf-8")
