"""Enter in a field submits the form with its first submit button in document order. On a step
page the header's language switch belongs to the step's form (it sends what was typed along),
so an unseen default button must come before it: on a full page and in the htmx fragment that
a followed link swaps in (issue 27, finding 1: Enter switched the page to English)."""
from __future__ import annotations

import re

import pytest

SWAPPED = {"HX-Request": "true", "HX-Boosted": "true"}
BUTTON = re.compile(r"<button\b[^>]*>")


@pytest.mark.parametrize(("path", "form_id"), [("/mobil-cihazlarin-qeydiyyati/", "check-form"),
                                                ("/rabite-ve-kommunal-odenisler/", "line-form")])
@pytest.mark.parametrize("headers", [{}, SWAPPED], ids=["page", "htmx-fragment"])
def test_the_first_button_of_the_step_form_submits_the_step(client, path, form_id, headers):
    html = client.get(path, headers=headers).get_data(as_text=True)
    in_form = html.index(f'id="{form_id}"')
    owned = [tag for tag in BUTTON.findall(html[:in_form]) if f'form="{form_id}"' in tag]
    assert owned, "the step has its language switch (a button of the step's form) in the header"
    assert "formaction" not in owned[0], f"Enter would send the form to: {owned[0]}"
    assert 'type="submit"' in owned[0]
