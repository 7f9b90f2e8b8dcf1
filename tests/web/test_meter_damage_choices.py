"""Meter damage's choices as the citizen meets them (issue 27): each kind of subscriber with
its own hint, "Başqa zədə" asking for its description under that choice as required (a
conditional reveal), and an empty mobile number explained even when no operator is chosen."""
from __future__ import annotations

import re

import pytest

from tests.pagecheck import check_page
from tests.web.test_meter_damage import START, sign_in

DETAILS = START + "muraciet/abonent"


@pytest.fixture
def at_details(app, client):
    sign_in(client)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    return client


def test_each_kind_of_subscriber_has_its_own_hint_under_it(app, client):
    sign_in(client)
    client.submit(START)
    html = client.get(START + "muraciet").get_data(as_text=True)
    assert "Əhali: Yaşayış" not in html  # one run-on hint with doubled colons, before
    for index, (value, hint) in enumerate((
            ("household", "Yaşayış evi, mənzil, bağ evi: abonent kodu ilə"),
            ("business", "Sahibkar və ya təşkilat: baş kod və uçot nöqtəsi ilə"))):
        option = re.search(rf'<input[^>]*value="{value}"[^>]*>', html).group(0)
        assert f'aria-describedby="kind-{index}-hint"' in option
        assert re.search(rf'<p class="hint radio__hint" id="kind-{index}-hint">{hint}</p>', html)


def test_basqa_zede_asks_for_its_description_under_that_choice_and_no_longer_as_optional(
        at_details):
    html = at_details.get(DETAILS).get_data(as_text=True)
    other = re.search(r'<input[^>]*value="other"[^>]*>', html).group(0)
    assert 'data-reveals="conditional-damage_kind-5"' in other
    revealed = html.split('id="conditional-damage_kind-5">', 1)[1].split("</div>\n</div>", 1)[0]
    assert '<label class="label" for="other_description">Zədəni təsvir edin</label>' in revealed
    assert "istəyə görə" not in revealed
    # the optional box is the one hidden (with JavaScript) while "Başqa zədə" is chosen
    assert '<div data-hidden-by="damage_kind-5">' in html

    refused = at_details.submit(DETAILS, {"subscriber_code": "100200300400501",
                                          "damage_kind": "other"})
    page = check_page(refused)
    text = refused.get_data(as_text=True)
    assert page.title.startswith("Xəta:")
    assert '<a href="#other_description">“Başqa zədə” seçdinizsə' in text
    assert 'id="other_description-error"' in text

    sent = at_details.submit(DETAILS, {"subscriber_code": "100200300400501",
                                       "damage_kind": "other", "other_description": "Qapaq əyilib"})
    assert sent.status_code == 302
    again = at_details.get(DETAILS).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="other_description"[^>]*>\s*Qapaq əyilib</textarea>', again)


@pytest.mark.parametrize(("choice", "typed_in"), [("other", "description"),
                                                   ("seal", "other_description")])
def test_a_description_typed_in_the_other_box_is_kept_too(at_details, choice, typed_in):
    """Without JavaScript both boxes show; with it, a change of mind may leave the text in
    the box now hidden: either way what was typed is the description."""
    sent = at_details.submit(DETAILS, {"subscriber_code": "100200300400501",
                                       "damage_kind": choice, typed_in: "Şüşə çatlayıb"})
    assert sent.status_code == 302
    at_details.submit(START + "elaqe", {"operator": "50", "subscriber": "1234567"})
    assert "Şüşə çatlayıb" in at_details.get(START + "yoxla").get_data(as_text=True)


def test_an_empty_mobile_number_is_explained_even_when_no_operator_is_chosen(at_details):
    at_details.submit(DETAILS, {"subscriber_code": "100200300400501", "damage_kind": "seal"})
    response = at_details.submit(START + "elaqe", {"operator": "", "subscriber": ""})
    text = response.get_data(as_text=True)
    assert '<a href="#operator">Operator kodunu seçin</a>' in text
    assert '<a href="#subscriber">Mobil telefon nömrəsini yazın' in text
