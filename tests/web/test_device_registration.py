"""Mobile device registration through the app: the check, details and fee, card, receipt."""
from __future__ import annotations

import pytest

from core.platform import job_queue
from core.platform.usage import usage_count
from tests.pagecheck import check_page
from tests.web.device_registration_support import BASE, check, details, register


@pytest.fixture(autouse=True)
def empty_queue(app):
    """With EGOV_REDIS_URL (CI) the test queue outlives a test: start each one empty."""
    job_queue.huey.flush()


def test_the_first_step_asks_for_the_documents_the_imei_and_a_security_code(client):
    page = check_page(client.get(f"{BASE}/"))
    for label in ("Şəxsiyyət vəsiqəsinin nömrəsi", "FİN kod", "Mobil cihazın İMEİ nömrəsi",
                  "Təhlükəsizlik kodu", "Məlumatları yoxla", "Fin kod nədir?"):
        assert label in page.text


def test_aysel_registers_the_samsung_for_thirty_manat_and_gets_a_receipt(app, client, db):
    response = register(client)
    assert response.status_code == 302 and "/qebz/MC-" in response.location
    page = check_page(client.get(response.location), budget_kb=8)
    assert "30.00 AZN" in page.text and "Samsung Galaxy A15" in page.text
    assert "Məmmədova Aysel Rauf qızı" in page.text and "Visa •••• 1111" in page.text
    assert "24 saat ərzində qeydiyyata alınacaq" in page.text
    assert usage_count(db, "mobil-cihazlarin-qeydiyyati") == 1
    db.rollback()  # SQLite: a read holds the write lock until the transaction ends
    assert job_queue.drain() >= 1  # the job queue's worker hands the application to MCQS
    page = check_page(client.get(response.location), budget_kb=8)
    assert "Qeydiyyata alınıb" in page.text


def test_the_iphone_costs_a_hundred_manat_on_the_details_page(client):
    assert check(client, "354071159876542").status_code == 302
    page = check_page(client.get(f"{BASE}/melumatlar"), budget_kb=8)
    assert "100.00 AZN" in page.text and "Apple iPhone 15 Pro" in page.text
    assert "Daxil etdiyiniz IMEI kodu standartlara uyğundur." in page.text
    assert "Məmmədova Aysel Rauf qızı" in page.text
    assert "Bakı ş., Nəsimi r., Rəşid Behbudov küç. 12, m. 5" in page.text


def test_a_device_not_in_the_catalogue_costs_fifteen_manat(client):
    check(client, "356916110000012")
    page = check_page(client.get(f"{BASE}/melumatlar"), budget_kb=8)
    assert "15.00 AZN" in page.text and "Kataloqda tapılmadı" in page.text


def test_reshads_nokia_is_refused_as_already_registered_with_the_input_kept(client):
    response = check(client, "352099001761481")
    assert response.status_code == 200
    page = check_page(response)
    assert page.title.startswith("Xəta:")
    assert "Bu İMEİ nömrəsi ilə cihaz artıq qeydiyyatdan keçib" in page.text
    html = response.get_data(as_text=True)
    assert 'value="352099001761481"' in html and 'value="AZE12345678"' in html


def test_an_imei_with_a_wrong_check_digit_is_refused_for_its_check_digit(client):
    page = check_page(check(client, "353325111234568"))
    assert "son rəqəm (yoxlama rəqəmi) uyğun gəlmir" in page.text


def test_documents_of_two_different_people_are_refused(client):
    page = check_page(check(client, fin="7KP3M9D"))
    assert "eyni şəxsə aid deyil" in page.text


def test_every_format_mistake_is_named_at_its_field_and_in_the_summary(client):
    response = check(client, "12345", id_card_number="AZ1", fin="IO")
    page = check_page(response)
    html = response.get_data(as_text=True)
    for message in ("AZE12345678) şəklində yazın", "FİN kod 7 simvoldan ibarətdir",
                    "15 rəqəmdən ibarətdir"):
        assert html.count(message) == 2, message  # in the error summary and at the field
    assert 'href="#imei"' in html


def test_a_wrong_security_code_is_refused_and_a_new_picture_is_shown(client):
    first = client.get(f"{BASE}/").get_data(as_text=True)
    response = check(client, code="00001")
    page = check_page(response)
    assert "Təhlükəsizlik kodu düzgün deyil" in page.text
    image = [line for line in response.get_data(as_text=True).splitlines() if ".svg" in line]
    assert image and image[0] not in first
    assert 'value="353325111234567"' in response.get_data(as_text=True)


def test_the_answer_to_the_text_question_passes_like_the_picture(app, client):
    client.get(f"{BASE}/")
    with client.session_transaction() as session:
        challenge_id = session["device_registration_challenge"]
    codes = app.extensions["security_codes"]
    answer = codes._derive(challenge_id).answer
    assert check(client, code=answer).status_code == 302


def test_a_right_code_is_not_asked_again_while_other_fields_are_corrected(client):
    page = check_page(check(client, "353325111234568"))
    assert "Təhlükəsizlik kodu qəbul olunub" in page.text
    assert check(client, "353325111234567", code="").status_code == 302


def test_many_wrong_codes_from_one_client_are_slowed_down(client):
    for _ in range(10):
        check(client, code="00000")
    page = check_page(check(client))  # even the right code waits now
    assert "Çox sayda uğursuz cəhd edildi" in page.text


def test_a_new_code_keeps_what_was_typed_without_javascript(client):
    response = client.submit(f"{BASE}/", {"id_card_number": "AZE12345678", "fin": "5ZX8K2P",
                                          "imei": "3533 2511", "action": "new_code"})
    assert response.status_code == 302
    html = client.get(f"{BASE}/").get_data(as_text=True)
    assert 'value="3533 2511"' in html and 'value="AZE12345678"' in html


def test_a_new_code_by_htmx_answers_with_only_the_code_block(client):
    response = client.submit(f"{BASE}/tehlukesizlik-kodu", {"imei": "35"},
                             form_url=f"{BASE}/", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<div id="security-code"')
    assert "<html" not in html


def test_the_security_code_picture_is_an_svg_we_draw_and_is_never_cached(client):
    html = client.get(f"{BASE}/").get_data(as_text=True)
    src = html.split('class="security-code__image" src="')[1].split('"')[0]
    image = client.get(src)
    assert image.mimetype == "image/svg+xml" and image.headers["Cache-Control"] == "no-store"
    assert b"<svg" in image.data and b"<text" not in image.data
    assert client.get(f"{BASE}/tehlukesizlik-kodu/unknown.svg").status_code == 404


def test_later_steps_send_the_citizen_back_to_the_first_unfinished_one(client):
    assert client.get(f"{BASE}/melumatlar").location.endswith(f"{BASE}/")
    check(client)
    assert client.get(f"{BASE}/odenis").location.endswith(f"{BASE}/melumatlar")


def test_a_wrong_mobile_number_and_no_card_type_are_refused_with_sentences(client):
    check(client)
    response = details(client, operator="52", subscriber="12", card_type="")
    page = check_page(response, budget_kb=8)
    assert "Operator kodunu seçin" in page.text
    assert "Ödəniş edəcəyiniz kartın növünü seçin" in page.text
    response = details(client, operator="55", subscriber="12a4567")
    assert "Nömrəni yalnız rəqəmlərlə yazın" in check_page(response, budget_kb=8).text


def test_the_card_page_shows_the_fee_and_the_card_fields_with_browser_conventions(client):
    check(client)
    details(client)
    response = client.get(f"{BASE}/odenis")
    page = check_page(response, budget_kb=8)
    html = response.get_data(as_text=True)
    assert "30.00 AZN" in page.text and "İrəli" in page.text and "CVV nədir?" in page.text
    for attribute in ('autocomplete="cc-number"', 'autocomplete="cc-exp-month"',
                      'autocomplete="cc-exp-year"', 'autocomplete="cc-csc"',
                      'inputmode="numeric"'):
        assert attribute in html
    for label in ("Sənədlər və İMEİ", "Məlumatlar", "Kartla ödəniş"):
        assert label in page.text


def test_the_stepper_says_what_each_step_is(client):
    """Not "Xidmətin növü" for the documents and IMEI, nor "Cəmi" for paying by card."""
    stepper = check_page(client.get(f"{BASE}/")).text
    assert "Sənədlər və İMEİ" in stepper and "Kartla ödəniş" in stepper
    assert "Xidmətin növü" not in stepper
    check(client)
    details(client)
    card = check_page(client.get(f"{BASE}/odenis"), budget_kb=8).text
    assert "Kartla ödəniş" in card and "Cəmi" not in card


def test_enter_in_a_field_of_step_1_checks_the_details_not_fetches_a_new_code(client):
    """Implicit submission (Enter, a phone's Go key) uses the form's first submit button."""
    import re

    html = client.get(f"{BASE}/").get_data(as_text=True)
    form_id = re.search(r'<form method="post" action="/mobil-cihazlarin-qeydiyyati/"[^>]*id="([^"]+)"',
                        html).group(1)
    form_start = html.index(f'id="{form_id}"')
    # the first submit button of that form in document order: inside it, or tied by form=
    buttons = [m for m in re.finditer(r"<button[^>]*>", html)
               if f'form="{form_id}"' in m.group(0) or m.start() > form_start]
    first = buttons[0].group(0)
    assert 'name="action"' not in first  # not "Yeni kod" (action=new_code)
    assert "formaction" not in first  # nor the language switch
