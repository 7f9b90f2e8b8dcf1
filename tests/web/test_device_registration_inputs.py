"""Whatever a citizen (or a robot) types into the device registration forms, the answer is a
page that says what to do, never a server error; and every page reads in English too."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import csrf_token
from tests.pagecheck import check_page
from tests.web.device_registration_support import BASE, check, details

typed = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(typed, typed, typed, typed)
def test_any_input_to_the_first_step_gets_a_page_not_an_error(client, card, fin, imei, code):
    token = csrf_token(client.get(f"{BASE}/").get_data(as_text=True))
    response = client.post(f"{BASE}/", data={"id_card_number": card, "fin": fin, "imei": imei,
                                             "security_code": code, "csrf_token": token})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        check_page(response)


@SETTINGS
@given(typed, typed, typed)
def test_any_input_to_the_details_step_gets_a_page_not_an_error(client, operator, number,
                                                                 card_type):
    if client.get(f"{BASE}/melumatlar").status_code != 200:
        assert check(client).status_code == 302
    token = csrf_token(client.get(f"{BASE}/melumatlar").get_data(as_text=True))
    response = client.post(f"{BASE}/melumatlar", data={
        "operator": operator, "subscriber": number, "card_type": card_type, "csrf_token": token})
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # a valid answer: go back to try the next input
        client.get(f"{BASE}/melumatlar")


@SETTINGS
@given(typed, typed, typed, typed)
def test_any_input_to_the_card_step_gets_a_page_and_never_echoes_the_cvv(client, number, month,
                                                                        year, cvv):
    if client.get(f"{BASE}/odenis").status_code != 200:
        assert check(client).status_code == 302 and details(client).status_code == 302
    token = csrf_token(client.get(f"{BASE}/odenis").get_data(as_text=True))
    response = client.post(f"{BASE}/odenis", data={
        "number": number, "exp_month": month, "exp_year": year, "cvv": cvv + "Zq9",
        "csrf_token": token})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        check_page(response, budget_kb=8)
        assert f'value="{cvv}Zq9"' not in response.get_data(as_text=True)


def test_the_journey_reads_in_english(client):
    client.get("/dil/en?next=/")
    page = check_page(client.get(f"{BASE}/"))
    assert "Mobile device registration" in page.text and "Check the details" in page.text
    assert "What is the FIN?" in page.text
    check(client, "354071159876542")
    page = check_page(client.get(f"{BASE}/melumatlar"), budget_kb=8)
    assert "Confirm and pay" in page.text and "1001 USD and above" in page.text


def test_an_empty_mobile_number_is_explained_even_when_no_operator_is_chosen(client):
    """Issue 27, finding 6: only "Operator kodunu seçin" appeared; the empty number had none."""
    assert check(client).status_code == 302
    text = details(client, operator="", subscriber="").get_data(as_text=True)
    assert '<a href="#operator">Operator kodunu seçin</a>' in text
    assert '<a href="#subscriber">Mobil telefon nömrəsini yazın</a>' in text
