"""The bill payment journey through the app: city and number, debts, amount and card type,
confirmation with İmtina et, card, success and the e-mail notice."""
from __future__ import annotations

import pytest

from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page

START = "/rabite-ve-kommunal-odenisler/"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BILLING_DELAY_SECONDS": 0}


def enter_line(client, city="12", number="4212372"):
    return client.submit(START, {"city": city, "number": number})


def test_the_first_step_asks_for_the_city_with_its_code_and_the_number(client):
    response = client.get(START)
    page = check_page(response)
    html = response.get_data(as_text=True)
    assert "Bakı, Abşeron (12)" in html and "Sumqayıt (18)" in html
    assert "İrəli" in html and "Nömrə" in html


def test_aysels_number_shows_the_six_debts_of_the_demo_data(client):
    response = enter_line(client)
    assert response.status_code == 302 and response.location.endswith("/borclar")
    page = client.get(response.location)
    check_page(page, budget_kb=LATER_STEP_BUDGET_KB)
    html = page.get_data(as_text=True)
    for name, amount in [("Telefon abunə haqqı", "2.50"), ("İnternet abunə haqqı", "15.00"),
                         ("Şəhərlərarası qəbzlər üzrə borc", "1.20"),
                         ("Şəhərlərarası danışıqlar üzrə cari borc", "0.80"),
                         ("Qaz", "12.40"), ("İşıq", "23.75")]:
        assert name in html and f"{amount} AZN" in html
    assert html.count(">Ödə<") == 6


def choose(client, service="telefon"):
    return client.submit("/rabite-ve-kommunal-odenisler/borclar", {"service": service})


def amount_and_card(client, amount="2.50", card_type="maestro_mastercard"):
    return client.submit("/rabite-ve-kommunal-odenisler/mebleg",
                         {"amount": amount, "card_type": card_type})


def test_a_number_with_nothing_owed_says_so(client):
    enter_line(client, number="4212312")
    response = client.get("/rabite-ve-kommunal-odenisler/borclar")
    check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    assert "Bu nömrə üzrə borc yoxdur." in response.get_data(as_text=True)


def test_an_unknown_number_is_explained_and_the_form_keeps_what_was_typed(client):
    response = enter_line(client, number="4219999")
    page = check_page(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and page.title.startswith("Xəta:")
    assert "Bakı, Abşeron (12) 4219999 nömrəsi üzrə abonent tapılmadı" in html
    assert 'value="4219999"' in html and 'href="#number"' in html


@pytest.mark.parametrize("number, message", [
    ("", "Telefon nömrəsini yazın"),
    ("421237", "Nömrə 7 rəqəmdən ibarət olmalıdır"),
    ("42l2372", "Nömrəni yalnız rəqəmlərlə yazın"),
    ("0212372", "Nömrəni şəhər kodu və 0 olmadan"),
])
def test_a_badly_typed_number_gets_a_sentence_that_says_what_to_do(client, number, message):
    response = enter_line(client, number=number)
    check_page(response)
    assert message in response.get_data(as_text=True)


def test_no_city_chosen_is_asked_for(client):
    response = enter_line(client, city="")
    assert "Şəhəri seçin" in response.get_data(as_text=True)


def test_spaces_and_dashes_in_the_number_are_ignored(client):
    assert enter_line(client, number="421-23 72").status_code == 302


def test_the_steps_cannot_be_skipped(client):
    response = client.get("/rabite-ve-kommunal-odenisler/tesdiq")
    assert response.status_code == 302 and response.location.endswith("/rabite-ve-kommunal-odenisler/")


def test_a_provider_that_is_down_shows_try_later_while_the_other_debts_show(app_config, client):
    enter_line(client, city="22", number="2554411")
    html = client.get("/rabite-ve-kommunal-odenisler/borclar").get_data(as_text=True)
    assert "Azəriqaz sistemi hazırda cavab vermir" in html
    assert "16.30 AZN" in html and html.count(">Ödə<") == 5


def test_the_amount_offered_is_the_debt_and_the_card_type_is_asked(client):
    enter_line(client)
    assert choose(client, "qaz").location.endswith("/mebleg")
    response = client.get("/rabite-ve-kommunal-odenisler/mebleg")
    check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    html = response.get_data(as_text=True)
    assert 'value="12.40"' in html
    assert "Maestro / MasterCard" in html and "Visa / Visa Electron" in html


@pytest.mark.parametrize("amount, message", [
    ("", "Ödəniləcək məbləği yazın"),
    ("0", "Məbləğ ən azı 0.01 AZN olmalıdır"),
    ("2.505", "nöqtədən sonra ən çoxu iki rəqəm"),
    ("iki", "Məbləği rəqəmlərlə yazın"),
    ("5000", "Bir ödəniş 1000.00 AZN-dən çox ola bilməz"),
])
def test_a_wrong_amount_is_explained_and_kept(client, amount, message):
    enter_line(client)
    choose(client)
    response = amount_and_card(client, amount=amount)
    check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    html = response.get_data(as_text=True)
    assert message in html and f'value="{amount}"' in html.replace('value=""', 'value=""')


def test_a_missing_card_type_is_asked_for(client):
    enter_line(client)
    choose(client)
    response = amount_and_card(client, card_type="")
    assert "Kartın növünü seçin" in response.get_data(as_text=True)


def test_the_confirmation_shows_city_number_amount_and_card_type(client):
    enter_line(client)
    choose(client)
    assert amount_and_card(client).location.endswith("/tesdiq")
    response = client.get("/rabite-ve-kommunal-odenisler/tesdiq")
    check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    html = response.get_data(as_text=True)
    for text in ("Bakı, Abşeron (12)", "4212372", "2.50 AZN", "Maestro / MasterCard",
                 "İrəli", "İmtina et"):
        assert text in html
    assert "avans" not in html


def test_paying_more_than_owed_says_the_rest_is_an_advance(client):
    enter_line(client)
    choose(client)
    amount_and_card(client, amount="4")
    html = client.get("/rabite-ve-kommunal-odenisler/tesdiq").get_data(as_text=True)
    assert "1.50 AZN hissəsi borcdan artıqdır və avans kimi" in html


def test_imtina_et_returns_to_the_debts_without_charging(client, db):
    from sqlalchemy import func, select
    from core.bill_payment.models import BillPayment
    from core.payments.models import SandboxBankCharge

    enter_line(client)
    choose(client)
    amount_and_card(client)
    response = client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "cancel"})
    assert response.location.endswith("/borclar")
    html = client.get(response.location).get_data(as_text=True)
    assert "Ödəniş ləğv edildi" in html and "2.50 AZN" in html
    assert db.scalar(select(func.count()).select_from(SandboxBankCharge)) == 0
    assert db.scalar(select(func.count()).select_from(BillPayment)) == 0
    db.rollback()  # release SQLite's lock before the next request
    # Cancelled steps are undone: the card step sends the citizen back to choose a debt.
    assert client.get("/rabite-ve-kommunal-odenisler/kart").location.endswith("/borclar")


def test_confirming_twice_creates_one_payment(client, db):
    from sqlalchemy import func, select
    from core.bill_payment.models import BillPayment

    enter_line(client)
    choose(client)
    amount_and_card(client)
    client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    assert db.scalar(select(func.count()).select_from(BillPayment)) == 1


def test_pressing_tesdiqle_again_unchanged_goes_on_with_the_same_payment(client, db):
    """Back from the card step to the confirmation, Təsdiqlə again: the same payment, not a
    new one beside a cancelled one. A changed amount is a new payment, the old one cancelled."""
    from sqlalchemy import select
    from core.bill_payment.models import BillPayment

    def payments():
        rows = db.execute(select(BillPayment.reference, BillPayment.status, BillPayment.amount)
                          .order_by(BillPayment.id)).all()
        db.rollback()  # release SQLite's lock before the next request
        return rows

    enter_line(client)
    choose(client)
    amount_and_card(client)
    first = client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    assert first.location.endswith("/kart")
    for _press in range(3):
        again = client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
        assert again.location.endswith("/kart")
    [(reference, status, amount)] = payments()
    assert (status, amount) == ("new", 250)
    amount_and_card(client, amount="2.00")
    client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    assert [(r == reference, s, a) for r, s, a in payments()] == [
        (True, "cancelled", 250), (False, "new", 200)]


def test_the_sandbox_outbox_lists_every_message_newest_first(client, app):
    from core.notifications import outbox as notifications
    from core.kernel.db import transaction

    with transaction(app.extensions["egov_db"].session_factory) as session:
        notifications.queue_email(session, "aysel@example.az", "Birinci", "Mətn bir")
        notifications.queue_sms(session, "0501234567", "İkinci mətn")
    response = client.get("/sandbox/outbox")
    check_page(response)
    html = response.get_data(as_text=True)
    assert html.index("İkinci mətn") < html.index("Birinci")
    assert "aysel@example.az" in html and "0501234567" in html


def test_there_is_no_outbox_outside_the_sandbox(app_config):
    from web import create_app

    production = create_app({**app_config, "SANDBOX": False})
    assert production.test_client().get("/sandbox/outbox").status_code == 404
    production.extensions["egov_db"].engine.dispose()


def test_the_journey_speaks_english_when_asked(client):
    client.get("/dil/en")
    enter_line(client)
    html = client.get("/rabite-ve-kommunal-odenisler/borclar").get_data(as_text=True)
    assert "Debts of Bakı, Abşeron (12) 4212372" in html
    assert "Telephone subscription fee" in html and ">Pay<" in html


def pay(client, number="5555 5555 5555 4444", service="telefon", amount="2.50",
        card_type="maestro_mastercard"):
    enter_line(client)
    choose(client, service)
    amount_and_card(client, amount=amount, card_type=card_type)
    client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    return client.submit("/rabite-ve-kommunal-odenisler/kart", {
        "number": number, "exp_month": "12", "exp_year": "2030", "cvv": "123"})


def test_paying_2_50_for_the_telephone_leaves_0_00_on_that_debt(client, db):
    from core.bill_payment.models import BillPayment

    response = pay(client)
    assert response.status_code == 302 and "/qebz/RK-" in response.location
    page = client.get(response.location)
    check_page(page, budget_kb=LATER_STEP_BUDGET_KB)
    html = page.get_data(as_text=True)
    assert "Ödəniş uğurla həyata keçirildi" in html
    for text in ("Telefon abunə haqqı", "Bakı, Abşeron (12)", "4212372", "2.50 AZN",
                 "MasterCard •••• 4444", "Bakı vaxtı", "Baktelekom"):
        assert text in html
    assert "5555 5555" not in html and "5555555555554444" not in html
    again = client.submit("/rabite-ve-kommunal-odenisler/yeni-odenis", form_url=response.location)
    assert again.location.endswith("/borclar")
    html = client.get(again.location).get_data(as_text=True)
    row = html[html.index("Telefon abunə haqqı"):]
    assert "0.00 AZN" in row[:300]
    assert db.query(BillPayment).one().status == "posted"
    db.rollback()


def test_the_card_step_shows_what_is_paid_and_the_shared_card_fields(client):
    enter_line(client)
    choose(client)
    amount_and_card(client)
    response = client.submit("/rabite-ve-kommunal-odenisler/tesdiq", {"action": "next"})
    assert response.location.endswith("/kart")
    page = client.get(response.location)
    check_page(page, budget_kb=LATER_STEP_BUDGET_KB)
    html = page.get_data(as_text=True)
    assert 'autocomplete="cc-number"' in html and "2.50 AZN" in html


def test_a_declined_card_is_explained_and_nothing_is_paid(client, db):
    from core.bill_payment.models import BillingAccount

    response = pay(client, number="4000 0000 0000 0002", card_type="visa")
    page = check_page(response, budget_kb=LATER_STEP_BUDGET_KB)
    html = response.get_data(as_text=True)
    assert page.title.startswith("Xəta:") and 'class="error-summary"' in html
    assert "Bank ödənişi rədd etdi" in html and "4000 0000" not in html
    balance = db.query(BillingAccount.balance).filter_by(number="4212372",
                                                         service="telefon").scalar()
    assert balance == 250
    db.rollback()


def test_a_replayed_card_post_charges_once(client, app):

    first = pay(client)
    again = client.submit("/rabite-ve-kommunal-odenisler/kart", {
        "number": "5555 5555 5555 4444", "exp_month": "12", "exp_year": "2030", "cvv": "123"},
        form_url=first.location)
    assert again.status_code == 302 and again.location == first.location
    gateway = app.extensions["payments"].gateway
    assert gateway.charge_count() == 1


def test_the_usage_count_rises_by_one_per_payment(client, db):
    from core.platform import usage

    pay(client)
    assert usage.usage_count(db, "rabite-ve-kommunal-odenisler") == 1
    db.rollback()


def test_the_notice_is_sent_by_e_mail_and_appears_in_the_outbox(client):
    """Both answers of the e-mail form are redirects (Post/Redirect/Get), so Back never shows
    "Confirm Form Resubmission" (issue 27, finding 9): a mistyped address comes back to the
    page once with its sentence and what was typed; "sent" is announced (focused) once."""
    paid_url = pay(client).location
    bad = client.submit(paid_url + "/e-poct", {"email": "aysel@"}, form_url=paid_url)
    assert bad.status_code == 303 and bad.location == paid_url + "#email"
    shown = client.get(paid_url)
    page = check_page(shown, budget_kb=LATER_STEP_BUDGET_KB)
    assert page.title.startswith("Xəta:")
    html = shown.get_data(as_text=True)
    assert '<a href="#email">E-poçt ünvanını ad@example.az şəklində yazın</a>' in html
    assert 'value="aysel@"' in html
    notice_form = html.split('/e-poct"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in notice_form  # it can be sent again
    assert "Xəta:" not in check_page(client.get(paid_url)).title  # once
    sent = client.submit(paid_url + "/e-poct", {"email": "aysel@example.az"}, form_url=paid_url)
    assert sent.status_code == 303 and sent.location == paid_url + "#notice-sent"
    announced = client.get(paid_url).get_data(as_text=True)
    assert "aysel@example.az ünvanına göndərilir" in announced
    assert 'id="notice-sent" tabindex="-1" data-focus>' in announced  # focused once (JS)
    again = client.get(paid_url).get_data(as_text=True)
    assert "aysel@example.az ünvanına göndərilir" in again and "data-focus" not in again
    outbox = client.get("/sandbox/outbox").get_data(as_text=True)
    assert "Ödəniş qəbul edildi: Telefon abunə haqqı, (12) 4212372" in outbox
    assert "aysel@example.az" in outbox


def test_someone_elses_payment_page_is_not_found(client, app):
    paid_url = pay(client).location
    stranger = app.test_client()
    assert stranger.get(paid_url).status_code == 404


def test_the_service_page_starts_the_journey_and_counts_each_payment(client):
    pay(client)
    response = client.get("/xidmet/rabite-ve-kommunal-odenisler/")
    check_page(response)
    html = response.get_data(as_text=True)
    assert f'action="{START}"' in html  # Xidmətə keç: a real button (issue 16, row 10)
    assert '<span class="usage-count">1</span>' in html


def test_no_card_number_or_cvv_reaches_the_database_file(client, app_config):
    from pathlib import Path

    assert "/qebz/" in pay(client, number="5555555555554444").location
    path = Path(app_config["DATABASE_URL"].removeprefix("sqlite:///"))
    if not path.exists():
        pytest.skip("the database is a server, not a file")
    stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"5555555555554444" not in stored and b"5555 5555 5555 4444" not in stored
    assert "5555555555554444".encode("utf-16-le") not in stored


def test_qa_restores_the_demo_debts_so_a_journey_can_pay_them_again(client):
    """A long-lived sandbox deployment: nothing a journey pays is gone for good."""
    assert "/qebz/RK-" in pay(client).location
    enter_line(client)
    assert "0.00 AZN" in client.get("/rabite-ve-kommunal-odenisler/borclar").get_data(as_text=True)
    check_page(client.get("/sandbox/borclar"))
    restored = client.submit("/sandbox/borclar", {})
    assert restored.status_code == 302
    assert "Sınaq borcları bərpa olundu" in client.get(restored.location).get_data(as_text=True)
    enter_line(client)
    html = client.get("/rabite-ve-kommunal-odenisler/borclar").get_data(as_text=True)
    row = html[html.index("Telefon abunə haqqı"):][:400]
    assert "2.50 AZN" in row
