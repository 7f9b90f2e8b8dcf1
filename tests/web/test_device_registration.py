"""Mobile device registration through the app: the check, details and fee, card, receipt."""
from __future__ import annotations

from core import jobs
from core.usage import usage_count
from tests.pagecheck import check_page
from tests.web.device_registration_support import BASE, check, details, pay, register


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
    assert jobs.drain() >= 1  # the job queue's worker hands the application to MCQS
    page = check_page(client.get(response.location), budget_kb=8)
    assert "Qeydiyyata alınıb" in page.text
