"""Meter damage (seed 002) through the web: a signed-in citizen's household and business
applications, the bad inputs, the double submit, the sandbox Azərişıq and the notices."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.meter_damage.models import MeterApplication, SandboxAzerisiqCase
from core.notifications.models import OutboxMessage
from core.platform import usage
from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.web.auth_support import age_sessions
from tests.pagecheck import check_page

START = "/sayga-zedelenmesinin-arasdirilmasi/"
SLUG = "sayga-zedelenmesinin-arasdirilmasi"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOBS_IMMEDIATE": True}


def sign_in(client, citizen=AYSEL):
    page = client.get("/daxil-ol/sifre")
    response = client.post("/daxil-ol/sifre", data={
        "login": citizen.login, "password": citizen.password,
        "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 303
    return client


def walk_to_check(client, kind="household", codes=None, damage="seal", description="",
                  operator="50", number="1234567", email="aysel@example.az"):
    assert client.submit(START).status_code == 302
    step = START + "muraciet"
    assert client.submit(step, {"kind": kind}).status_code == 302
    step = START + "muraciet/abonent"
    codes = codes or {"subscriber_code": "100200300400501"}
    response = client.submit(step, {**codes, "damage_kind": damage, "description": description})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = client.submit(START + "elaqe", {"operator": operator, "subscriber": number,
                                               "email": email})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(START + "yoxla")


def applications(db):
    db.rollback()
    found = db.execute(select(MeterApplication)).scalars().all()
    db.expunge_all()  # plain records: reading them later opens no transaction
    db.rollback()  # SQLite: a reading transaction holds the write lock too
    return found


def test_aysel_sends_a_household_application_and_is_told_by_sms_and_e_mail(app, client, db):
    sign_in(client)
    basic = client.get(START)
    check_page(basic)
    text = basic.get_data(as_text=True)
    assert AYSEL.full_name in text and AYSEL.fin in text and AYSEL.id_card_number in text
    before = usage.usage_count(db, SLUG)
    db.rollback()  # SQLite: a reading transaction holds the write lock too
    check = walk_to_check(client)
    check_page(check)
    assert "100200300400501" in check.get_data(as_text=True)
    sent = client.submit(START + "yoxla", form_url=START + "yoxla")
    assert sent.status_code == 303
    confirmation = client.get(sent.headers["Location"])
    assert confirmation.status_code == 200
    check_page(confirmation)
    mine = [a for a in applications(db) if a.fin == AYSEL.fin and a.status != "resolved"]
    assert len(mine) == 1 and mine[0].reference in confirmation.get_data(as_text=True)
    assert mine[0].status == "forwarded"  # the job ran at once, the sandbox Azərişıq took it
    db.rollback()
    assert usage.usage_count(db, SLUG) == before + 1
    messages = db.execute(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like(f"meter:{mine[0].reference}:%"))).scalars().all()
    assert sorted((m.channel, m.recipient, m.delivery_status) for m in messages) == [
        ("email", "aysel@example.az", "delivered"), ("sms", "0501234567", "delivered")]
    db.rollback()
    outbox = client.get("/sandbox/outbox").get_data(as_text=True)
    assert mine[0].reference in outbox


def test_a_citizen_using_the_portal_in_english_is_told_in_english(app, client, db):
    sign_in(client)
    client.get("/dil/en")
    walk_to_check(client)
    assert client.submit(START + "yoxla", form_url=START + "yoxla").status_code == 303
    [mine] = [a for a in applications(db) if a.fin == AYSEL.fin and a.status != "resolved"]
    assert mine.locale == "en"
    messages = {m.channel: m for m in db.execute(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like(f"meter:{mine.reference}:%"))).scalars()}
    db.rollback()
    assert messages["sms"].body.startswith("Your meter damage application is registered.")
    assert messages["email"].subject == f"Your application is registered: {mine.reference}"


def test_pressing_send_twice_makes_one_application(app, client, db):
    sign_in(client)
    walk_to_check(client)
    token = csrf_token(client.get(START + "yoxla").get_data(as_text=True))
    first = client.post(START + "yoxla", data={"csrf_token": token})
    second = client.post(START + "yoxla", data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert len([a for a in applications(db) if a.status != "resolved"]) == 1
    assert db.execute(select(func.count()).select_from(OutboxMessage)).scalar() == 2
    db.rollback()


def test_reshad_sends_a_business_application_for_his_warehouse(app, client, db):
    sign_in(client, RESHAD)
    check = walk_to_check(client, kind="business",
                          codes={"base_code": "7001234567", "metering_point": "7001234567-02"},
                          damage="other", description="Sayğacın qapağı açıq qalıb",
                          operator="55", number="7654321", email="")
    text = check.get_data(as_text=True)
    assert "7001234567-02" in text and "Sənaye küç. 4" in text
    client.submit(START + "yoxla")
    [mine] = [a for a in applications(db) if a.fin == RESHAD.fin and a.status != "resolved"]
    assert (mine.kind, mine.base_code, mine.metering_point) == (
        "business", "7001234567", "7001234567-02")
    assert mine.email is None
    assert db.execute(select(SandboxAzerisiqCase.code).where(
        SandboxAzerisiqCase.application_ref == mine.reference)).scalar_one() == "7001234567-02"
    db.rollback()


def test_a_code_not_in_the_citizens_name_is_refused(app, client, db):
    sign_in(client, RESHAD)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    response = client.submit(START + "muraciet/abonent", {
        "subscriber_code": "100200300400501", "damage_kind": "seal"})
    assert response.status_code == 404
    # A metering point of his own, but under a Baş kod it does not belong to, by form value:
    client.submit(START + "muraciet", {"kind": "business"})
    response = client.submit(START + "muraciet/abonent", {
        "base_code": "7001234567", "metering_point": "100200300400527", "damage_kind": "seal"})
    assert response.status_code == 200
    assert "Bu uçot nöqtəsi seçdiyiniz baş koda aid deyil" in response.get_data(as_text=True)
    check_page(response)


def test_bad_contact_details_get_a_sentence_at_the_field_and_keep_the_input(app, client):
    sign_in(client)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    client.submit(START + "muraciet/abonent", {"subscriber_code": "100200300400519",
                                               "damage_kind": "burnt"})
    response = client.submit(START + "elaqe", {"operator": "50", "subscriber": "12345",
                                               "email": "aysel@localhost"})
    check_page(response)
    text = response.get_data(as_text=True)
    assert "Operator kodundan sonra 7 rəqəm yazın" in text
    assert "@ işarəsindən sonrakı hissəsində səhv var" in text
    assert 'value="aysel@localhost"' in text and 'value="12345"' in text
    response = client.submit(START + "elaqe", {"operator": "", "subscriber": ""})
    assert "Operator kodunu seçin" in response.get_data(as_text=True)


def test_a_description_over_500_characters_is_refused_and_kept(app, client):
    sign_in(client)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    response = client.submit(START + "muraciet/abonent", {
        "subscriber_code": "100200300400501", "damage_kind": "seal", "description": "ə" * 501})
    text = response.get_data(as_text=True)
    assert "500 simvoldan uzun olmamalıdır" in text and "ə" * 501 in text


def test_aysel_has_no_business_and_is_told_so(app, client):
    sign_in(client)
    client.submit(START)
    response = client.submit(START + "muraciet", {"kind": "business"})
    assert "Qeyri-Əhali abonenti (baş kod) yoxdur" in response.get_data(as_text=True)


def test_a_result_recorded_in_the_back_office_reaches_the_citizen(app, client, db):
    sign_in(client)
    walk_to_check(client)
    client.submit(START + "yoxla")
    [mine] = [a for a in applications(db) if a.fin == AYSEL.fin and a.status != "resolved"]
    office = client.get("/sandbox/azerisiq/")
    check_page(office)
    case = "AZS-" + mine.reference[3:]
    assert office.get_data(as_text=True).index(case) < office.get_data(as_text=True).index(
        "AZS-250514")  # newest first
    response = client.submit(f"/sandbox/azerisiq/{case}/netice", {"result": "replace"},
                             form_url="/sandbox/azerisiq/")
    assert response.status_code == 303
    again = client.submit(f"/sandbox/azerisiq/{case}/netice", {"result": "intact"},
                          form_url="/sandbox/azerisiq/")
    assert again.status_code == 303
    db.rollback()
    results = db.execute(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like(f"meter:{mine.reference}:result:%"))).scalars().all()
    assert len(results) == 2 and all("dəyişdiriləcək" in m.body for m in results)
    db.rollback()
    detail = client.get(f"/muracietlerim/{mine.reference}/")
    check_page(detail)
    text = detail.get_data(as_text=True)
    assert "sayğac zədələnib, dəyişdiriləcək" in text and "Vəziyyətin tarixçəsi" in text


def test_answers_typed_when_the_session_ended_are_kept_for_after_sign_in(app, client, db):
    """The session ran out (idle) while the citizen was typing; signing out on purpose is
    different: that forgets the citizen in this browser (issue 10, finding 8)."""
    sign_in(client)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    token = csrf_token(client.get(START + "muraciet/abonent").get_data(as_text=True))
    age_sessions(db, 31)
    response = client.post(START + "muraciet/abonent", data={
        "subscriber_code": "100200300400519", "damage_kind": "casing",
        "description": "Şüşə çatlayıb", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].startswith("/daxil-ol/")
    sign_in(client)
    page = client.get(START + "muraciet/abonent").get_data(as_text=True)
    assert "Şüşə çatlayıb" in page


def test_another_citizens_draft_on_a_shared_browser_is_never_shown(app, client):
    sign_in(client)
    client.submit(START)
    client.submit(START + "muraciet", {"kind": "household"})
    token = csrf_token(client.get(START + "muraciet").get_data(as_text=True))
    client.post("/cixis", data={"csrf_token": token})
    sign_in(client, RESHAD)
    response = client.get(START + "muraciet")
    assert response.status_code == 302  # back to the start: his own, new application
    assert AYSEL.fin not in client.get(START).get_data(as_text=True)
