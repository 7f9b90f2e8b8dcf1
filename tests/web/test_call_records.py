"""Call records of the current month (seed 003 Şəkil 5): Aysel's five calls totalling 0,80,
Rəşad's own line with a paid call, and nobody else's number by any URL or form value."""
from __future__ import annotations

import pytest

from core.platform import usage
from core.call_records.adapters import Adapters
from core.sandbox.call_records import SandboxCallRecords
from core.kernel.phones import Landline
from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import check_page
from tests.web.auth_support import sign_in_with_password

START = "/seherlerarasi-danisiqlar/"
SLUG = "seherlerarasi-danisiqlar"


@pytest.fixture
def aysel(client):
    sign_in_with_password(client, AYSEL)
    return client


@pytest.fixture
def reshad(app):
    other = app.test_client()
    sign_in_with_password(other, RESHAD)
    return other


def test_a_visitor_is_sent_to_sign_in_with_the_methods_of_the_service(client):
    response = client.get(START)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/daxil-ol/?next=")
    assert "xidmet=seherlerarasi-danisiqlar" in response.headers["Location"]


def test_the_service_page_starts_the_service(client):
    page = check_page(client.get("/xidmet/seherlerarasi-danisiqlar/"))
    assert "Xidmətə keç" in page.text


def test_aysel_sees_her_line_and_five_calls_totalling_eighty_qepik(aysel):
    response = aysel.get(START)
    page = check_page(response)
    html = response.get_data(as_text=True)
    assert "Telefon: (12) 4212372" in page.text
    assert "Bildiriş!" in page.text
    for header in ("№", "Tarix", "Vaxt", "Müddət (saniyə)", "Nömrə", "Məbləğ (AZN)", "Ödəniş"):
        assert f">{header}<" in html or f">{header}*<" in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 5
    for amount in ("0,28", "0,02", "0,24", "0,09", "0,17"):
        assert f'data-label="Məbləğ (AZN)">{amount}</td>' in html
    assert "Ödənilməmiş: 5 0,80" in page.text
    assert "Ödənilmiş: 0 0,00" in page.text
    assert "Cəmi: 5 0,80" in page.text
    assert "+994 22 XXXXX78" in page.text and "2564578" not in html


def test_english_shows_amounts_with_a_point(aysel):
    aysel.get("/dil/en?next=/")
    page = check_page(aysel.get(START))
    assert "Total: 5 0.80" in page.text and "Duration (seconds)" in page.text


def test_the_first_view_of_the_records_counts_as_a_use(aysel, db):
    before = usage.usage_count(db, SLUG)
    db.rollback()  # let go of SQLite's write lock before the app counts
    page = check_page(aysel.get(START))
    assert usage.usage_count(db, SLUG) == before + 1
    assert f"İstifadə sayı: {before + 1}" in page.text


def test_looking_again_in_the_same_session_is_the_same_use(aysel, reshad, db):
    check_page(aysel.get(START))
    check_page(aysel.get(START))  # a refresh, the other line, back: one use (issue 29)
    counted = usage.usage_count(db, SLUG)
    db.rollback()
    page = check_page(reshad.get(START))  # another citizen's session: another use
    assert usage.usage_count(db, SLUG) == counted + 1
    assert f"İstifadə sayı: {counted + 1}" in page.text


def test_reshad_sees_his_own_line_with_one_paid_call(reshad):
    page = check_page(reshad.get(START))
    assert "Telefon: (18) 6541234" in page.text
    assert "Ödənilib" in page.text
    assert "Ödənilməmiş: 3 3,15" in page.text and "Ödənilmiş: 1 0,26" in page.text
    assert "4212372" not in page.text


@pytest.mark.parametrize("url", [
    "/seherlerarasi-danisiqlar/124212372/",
    "/seherlerarasi-danisiqlar/?nomre=124212372",
    "/seherlerarasi-danisiqlar/?nomre=(12)%204212372",
    "/seherlerarasi-danisiqlar/?nomre=12+421-23-72",
    "/seherlerarasi-danisiqlar/186541234/?nomre=124212372",
    "/seherlerarasi-danisiqlar/124212312/",      # nobody's line
    "/seherlerarasi-danisiqlar/999/",
])
def test_reshad_cannot_see_a_line_that_is_not_his_by_any_url(reshad, url):
    response = reshad.get(url)
    assert response.status_code == 404
    page = check_page(response)
    assert "4212372" not in page.text and "Məmmədova" not in page.text


def test_the_refusal_of_someone_elses_line_looks_like_a_missing_page(reshad):
    someone_elses = reshad.get("/seherlerarasi-danisiqlar/124212372/").get_data(as_text=True)
    missing = reshad.get("/seherlerarasi-danisiqlar/555555555/").get_data(as_text=True)
    strip = lambda html: html.split('nonce="')[0]  # noqa: E731  nonces differ per response
    assert strip(someone_elses) == strip(missing)


def test_aysel_reaches_her_line_by_its_own_url_too(aysel):
    page = check_page(aysel.get("/seherlerarasi-danisiqlar/124212372/"))
    assert "Cəmi: 5 0,80" in page.text


def test_a_month_without_calls_says_so(app, reshad):
    quiet = Landline("18", "6541234")
    app.extensions["call_records"] = Adapters(records=SandboxCallRecords({RESHAD.fin: (quiet,)}, {}))
    page = check_page(reshad.get(START))
    assert "Bu ay (18) 6541234 nömrəsindən şəhərlərarası və ya beynəlxalq danışıq aparılmayıb." in page.text
    assert "<table" not in reshad.get(START).get_data(as_text=True)


def test_a_citizen_with_two_lines_chooses_between_them(app, reshad):
    second = Landline("18", "5550011")
    own = (Landline("18", "6541234"), second)
    app.extensions["call_records"] = Adapters(records=SandboxCallRecords({RESHAD.fin: own}, {}))
    page = check_page(reshad.get(START))
    assert "Telefon nömrəsi" in page.text and "Göstər" in page.text
    page = check_page(reshad.get(START + "?nomre=185550011"))
    assert "Telefon: (18) 5550011" in page.text


def test_a_citizen_without_a_line_is_told_what_to_do(app, reshad):
    app.extensions["call_records"] = Adapters(records=SandboxCallRecords({}, {}))
    page = check_page(reshad.get(START))
    assert "Adınıza qeydiyyatda olan şəhər telefonu nömrəsi tapılmadı." in page.text


def test_paying_the_intercity_current_debt_marks_the_calls_paid_and_the_totals_agree(
        app, aysel):
    """Bill payment and the call list read one operator's ledger (issue 16, row 17)."""
    from tests.web.test_bill_payment import pay

    payer = app.test_client()
    assert "/qebz/RK-" in pay(payer, service="cari", amount="0.30").location
    page = check_page(aysel.get(START))
    assert "Ödənilməmiş: 3 0,50" in page.text and "Ödənilmiş: 2 0,30" in page.text
    assert "Cəmi: 5 0,80" in page.text
    assert "/qebz/RK-" in pay(app.test_client(), service="cari", amount="0.50").location
    response = aysel.get(START)
    page = check_page(response)
    assert response.get_data(as_text=True).count("Ödənilib") == 5
    assert "Ödənilməmiş: 0 0,00" in page.text and "Ödənilmiş: 5 0,80" in page.text
    assert "Cəmi: 5 0,80" in page.text
