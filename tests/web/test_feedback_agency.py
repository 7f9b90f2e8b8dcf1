"""Əks əlaqə, the agency's side: the sandbox back office counts Bəli / Xeyr per service and
day, lists problem reports newest first (masked), exports everything as CSV that a spreadsheet
cannot run as formulas; Prometheus counts what was stored per service and answer."""
from __future__ import annotations

import csv
import io
import re

from tests.web.feedback_support import SERVICE, answer, component_form, report

AGENCY = "/sandbox/eks-elaqe/"
CSV_URL = "/sandbox/eks-elaqe/eks-elaqe.csv"
HOUSING_PAGE = "/xidmet/guzestli-menzil/"


def _csv_rows(client) -> list[dict]:
    response = client.get(CSV_URL)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="eks-elaqe-')
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _total(page: str, slug: str) -> tuple[int, int]:
    section = page[page.index(f'id="service-{slug}"'):]
    section = section[:section.index("</section>")]
    found = re.search(r"Bəli <strong>(\d+)</strong>, Xeyr <strong>(\d+)</strong>", section)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def test_the_agency_sees_answers_per_service_and_problem_reports_newest_first(client):
    for value in ("yes", "yes", "no"):
        answer(client, value)
    answer(client, "no", page_url=HOUSING_PAGE)
    report(client, went_wrong="Birinci: kart 4111 1111 1111 1111 keçmədi")
    report(client, went_wrong="İkinci: FİN 5ZX8K2P qəbul olunmadı", doing="qeydiyyat")
    page = client.get(AGENCY).text
    assert _total(page, SERVICE) == (2, 1)
    assert _total(page, "guzestli-menzil") == (0, 1)
    assert _total(page, "seherlerarasi-danisiqlar") == (0, 0)
    assert page.index("İkinci: FİN [FİN]") < page.index("Birinci: kart [kart]")
    assert "4111" not in page and "5ZX8K2P" not in page
    only_housing = client.get(f"{AGENCY}?xidmet=guzestli-menzil").text
    assert "Birinci" not in only_housing and f'id="service-{SERVICE}"' not in only_housing


def test_the_csv_has_every_entry_newest_first_masked_with_formulas_kept_as_text(client):
    answer(client, "yes")
    report(client, went_wrong="=HYPERLINK(\"http://x\") zəng: 050 123 45 67",
           doing="+1 ödəmək", reply_to="aysel@example.az")
    client.get("/dil/en?next=/")
    answer(client, "no", page_url=HOUSING_PAGE)
    rows = _csv_rows(client)
    assert [(r["service"], r["kind"], r["answer"], r["language"]) for r in rows] == [
        ("guzestli-menzil", "answer", "no", "en"),
        (SERVICE, "problem", "", "az"),
        (SERVICE, "answer", "yes", "az"),
    ]
    problem = rows[1]
    assert problem["went_wrong"] == "'=HYPERLINK(\"http://x\") zəng: [telefon]"
    assert problem["doing"] == "'+1 ödəmək"
    assert (problem["reply_to"], problem["masked"], problem["page"]) == (
        "aysel@example.az", "1", "service")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", problem["time_baku"])


def test_the_agency_view_is_a_sandbox_page_only(app_config):
    from web import create_app

    production = create_app({**app_config, "SANDBOX": False}).test_client()
    assert production.get(AGENCY).status_code == 404
    assert production.get(CSV_URL).status_code == 404


def _counted(client, service: str, value: str) -> float:
    found = re.search(
        rf'egov_feedback_total{{answer="{value}",service="{service}"}} ([0-9.e+]+)',
        client.get("/metrics").text)
    return float(found.group(1)) if found else 0.0


def test_prometheus_counts_what_was_stored_per_service_and_answer(client):
    before = {v: _counted(client, SERVICE, v) for v in ("yes", "no", "problem")}
    answer(client, "yes")
    fields_page = client.get(f"/xidmet/{SERVICE}/").text
    twice = {**component_form(fields_page), "answer": "no"}
    client.post("/eks-elaqe/", data=twice)
    client.post("/eks-elaqe/", data=twice)  # the same form again: stored once, counted once
    report(client, went_wrong="alınmadı")
    after = {v: _counted(client, SERVICE, v) for v in ("yes", "no", "problem")}
    assert {v: after[v] - before[v] for v in after} == {"yes": 1, "no": 1, "problem": 1}
