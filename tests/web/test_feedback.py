"""Əks əlaqə through the web: the component on every service page and every journey's last
page, one stored answer per form (a double click stores one), a problem report stored masked
and without the citizen, and a public form that holds against what a hostile client sends:
no CSRF token, a forged ticket, over-long or strange text, a large body, too many sends."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sandbox.citizens import AYSEL
from tests.pagecheck import check_page
from tests.web.auth_support import sign_in_with_password, sign_in_with_token
from tests.web.device_registration_support import register
from tests.web.feedback_support import (PROBLEM, SERVICE, SERVICE_PAGE, answer, component_form,
                                        count, entries, report)
from web.portal.feedback import tickets

HTMX = {"HX-Request": "true", "HX-Target": "feedback", "HX-Current-URL": "http://localhost/"}


def _ticket_of(app, html: str) -> tickets.Ticket:
    with app.test_request_context():
        return tickets.read(component_form(html)["ticket"])


@pytest.mark.parametrize("slug", ["mobil-cihazlarin-qeydiyyati", "rabite-ve-kommunal-odenisler",
                                  "seherlerarasi-danisiqlar", "sayga-zedelenmesinin-arasdirilmasi",
                                  "guzestli-menzil"])
def test_every_service_page_asks_whether_the_service_was_useful(app, client, slug):
    page = client.get(f"/xidmet/{slug}/")
    assert "Bu xidmət faydalı oldu?" in page.text and "Problem bildirin" in page.text
    assert f"/eks-elaqe/problem?xidmet={slug}&amp;sehife=service" in page.text
    found = _ticket_of(app, page.text)
    assert (found.service_slug, found.page) == (slug, "service")


def _receipt(client) -> str:
    return register(client).location


def _call_records(client) -> str:
    sign_in_with_password(client, AYSEL)
    return "/seherlerarasi-danisiqlar/"


def _cabinet(client) -> str:
    sign_in_with_token(client, AYSEL, service="guzestli-menzil")
    return "/guzestli-menzil/"


def _paid(client) -> str:
    from tests.web.test_bill_payment import pay
    return pay(client).location


def _confirmation(client) -> str:
    from tests.web.test_meter_damage import sign_in, walk_to_check
    sign_in(client)
    walk_to_check(client)
    return client.submit("/sayga-zedelenmesinin-arasdirilmasi/yoxla").location


@pytest.mark.parametrize(("reach", "slug", "page_key"), [
    (_receipt, "mobil-cihazlarin-qeydiyyati", "receipt"),
    (_paid, "rabite-ve-kommunal-odenisler", "paid"),
    (_call_records, "seherlerarasi-danisiqlar", "call-records"),
    (_confirmation, "sayga-zedelenmesinin-arasdirilmasi", "confirmation"),
    (_cabinet, "guzestli-menzil", "cabinet"),
])
def test_every_journeys_last_page_asks_too_and_names_its_service_and_page(
        app, client, reach, slug, page_key):
    page = client.get(reach(client))
    assert page.status_code == 200
    check_page(page, budget_kb=8)
    found = _ticket_of(app, page.text)
    assert (found.service_slug, found.page) == (slug, page_key)
    sent = client.post("/eks-elaqe/", data={**component_form(page.text), "answer": "yes"})
    assert sent.status_code == 303


def test_a_double_click_on_xeyr_stores_one_answer(client, db):
    fields = component_form(client.get(SERVICE_PAGE).text)
    first = client.post("/eks-elaqe/", data={**fields, "answer": "no"})
    second = client.post("/eks-elaqe/", data={**fields, "answer": "no"})
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    stored = entries(db)
    assert [(e.service_slug, e.page, e.kind, e.helpful, e.language) for e in stored] == [
        (SERVICE, "service", "answer", False, "az")]
    thanks = client.get(first.location)
    assert "Təşəkkür edirik" in thanks.text and PROBLEM.replace("&", "&amp;") in thanks.text


def test_two_visitors_answers_are_two_rows(app, client, db):
    assert answer(client, "yes").status_code == 303
    assert answer(app.test_client(), "yes").status_code == 303
    assert count(db) == 2


def test_with_javascript_the_answer_replaces_the_component_in_place(client, db):
    sent = answer(client, "no", headers=HTMX)
    assert sent.status_code == 200 and "<main" not in sent.text
    assert "Təşəkkür edirik: rəyiniz qeydə alındı." in sent.text
    assert "Problem bildirin" in sent.text  # after Xeyr, the way to say what went wrong
    assert count(db) == 1


def test_a_problem_report_is_stored_masked_with_no_trace_of_the_signed_in_citizen(
        app, client, db):
    sign_in_with_password(client, AYSEL)
    client.get("/dil/en?next=/")
    sent = report(client, doing=f"paying, my FIN is {AYSEL.fin}",
                  went_wrong=f"card 4111 1111 1111 1111 refused, call {AYSEL.mobile}, "
                             f"or write to aysel@example.az. ID {AYSEL.id_card_number}",
                  reply_to="aysel@example.az")
    assert sent.status_code == 303 and sent.location.endswith("cavab=problem")
    assert "Your report has been recorded" in client.get(sent.location).text
    (entry,) = entries(db)
    assert (entry.kind, entry.language, entry.masked) == ("problem", "en", 5)
    assert entry.doing == "paying, my FIN is [FİN]"
    assert entry.went_wrong == ("card [kart] refused, call [telefon], or write to [e-poçt]. "
                                "ID [vəsiqə]")
    stored = " ".join(str(getattr(entry, c)) for c in ("ticket", "service_slug", "page",
                                                        "doing", "went_wrong"))
    for trace in (AYSEL.fin, AYSEL.id_card_number, AYSEL.name, AYSEL.surname, "4111",
                  client.get_cookie("egov_session").value[:20]):
        assert trace not in stored


@pytest.mark.parametrize(("went_wrong", "reply_to", "message"), [
    ("", "", "Nə baş verdiyini yazın"),
    ("   \n ", "", "Nə baş verdiyini yazın"),
    ("ə" * 1201, "", "Mətn 1200 simvoldan uzun olmamalıdır (siz 1201 simvol yazmısınız)"),
    ("Ödəniş alınmadı", "aysel@", "E-poçt ünvanını ad@example.az şəklində yazın"),
])
def test_a_bad_report_gets_a_sentence_at_the_field_and_keeps_what_was_typed(
        client, db, went_wrong, reply_to, message):
    sent = report(client, doing="borcu ödəmək", went_wrong=went_wrong, reply_to=reply_to)
    assert sent.status_code == 400
    assert sent.text.count(message) == 2  # in the error summary and at the field
    assert sent.text.startswith("<!doctype html>") and "<title>Xəta:" in sent.text
    assert "borcu ödəmək" in sent.text and (not reply_to or f'value="{reply_to}"' in sent.text)
    assert count(db) == 0


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=1500))
def test_any_text_gets_an_answer_that_is_never_a_server_error(client, text):
    sent = report(client, doing=text, went_wrong=text)
    assert sent.status_code in (303, 400, 429), sent.status_code


def test_hostile_markup_is_stored_as_text_and_shown_as_text(client, db):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("x")'
    assert report(client, went_wrong=hostile).status_code == 303
    page = client.get("/sandbox/eks-elaqe/").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert entries(db)[0].went_wrong == hostile


def test_without_the_csrf_token_nothing_is_stored(client, db):
    fields = component_form(client.get(SERVICE_PAGE).text)
    sent = client.post("/eks-elaqe/", data={"ticket": fields["ticket"], "answer": "yes"})
    assert sent.status_code == 400 and "Formun vaxtı bitib" in sent.text
    assert count(db) == 0


@pytest.mark.parametrize("ticket", ["", "forged.ticket.value", "x" * 5000])
def test_a_forged_or_missing_ticket_is_refused_with_a_sentence(client, db, ticket):
    fields = component_form(client.get(SERVICE_PAGE).text)
    sent = client.post("/eks-elaqe/", data={**fields, "ticket": ticket, "answer": "yes"})
    assert sent.status_code in (400, 413)
    assert "Formun vaxtı bitib" in sent.text or "çox böyükdür" in sent.text
    assert count(db) == 0


def test_a_ticket_for_another_service_or_an_unknown_answer_stores_nothing(app, client, db):
    fields = component_form(client.get(SERVICE_PAGE).text)
    assert client.post("/eks-elaqe/", data={**fields, "answer": "maybe"}).status_code == 400
    other = f"/eks-elaqe/problem?xidmet=guzestli-menzil&sehife=service"
    sent = client.post(other, data={**fields, "went_wrong": "bir şey", "doing": ""})
    assert sent.status_code == 400 and "Formun vaxtı bitib" in sent.text
    assert client.get("/eks-elaqe/problem?xidmet=yox&sehife=service").status_code == 404
    assert client.get(f"/eks-elaqe/problem?xidmet={SERVICE}&sehife=yox").status_code == 404
    assert count(db) == 0


def test_a_body_larger_than_a_report_needs_is_refused_with_a_sentence(client, db):
    sent = report(client, went_wrong="a" * 20_000)
    assert sent.status_code == 413 and "Göndərilən məlumat çox böyükdür" in sent.text
    assert count(db) == 0


def test_a_client_that_sends_too_much_is_told_to_wait_and_others_are_not(app, client, db):
    for _ in range(30):
        assert answer(client, "yes").status_code == 303
    refused = answer(client, "yes")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 60
    assert "Qısa müddətdə çox sayda rəy göndərilib" in refused.text
    assert "dəqiqə sonra yenidən cəhd edin" in refused.text
    in_place = answer(client, "no", headers=HTMX)
    assert in_place.status_code == 429 and "çox sayda rəy" in in_place.text
    assert report(client, went_wrong="x").status_code == 429
    assert count(db) == 30
    other = app.test_client()
    assert answer(other, "yes", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 303
    assert count(db) == 31
