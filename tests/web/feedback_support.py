"""Sending feedback from tests as a browser does: the component's form (its CSRF token and
ticket, from the page it is on) and the problem report page."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from core.feedback.models import FeedbackEntry

SERVICE = "mobil-cihazlarin-qeydiyyati"
SERVICE_PAGE = f"/xidmet/{SERVICE}/"
PROBLEM = f"/eks-elaqe/problem?xidmet={SERVICE}&sehife=service"
COMPONENT_FIELDS = re.compile(r'name="(csrf_token|ticket)"(?: type="hidden")? value="([^"]+)"')


def component_form(html: str) -> dict[str, str]:
    """The hidden fields of the feedback form on a page."""
    section = html[html.index('id="feedback"'):]
    return dict(COMPONENT_FIELDS.findall(section[:section.index("</form>")]))


def answer(client, answer_value: str = "yes", page_url: str = SERVICE_PAGE, **kwargs):
    fields = component_form(client.get(page_url).get_data(as_text=True))
    return client.post("/eks-elaqe/", data={**fields, "answer": answer_value}, **kwargs)


def problem_form(client, url: str = PROBLEM) -> dict[str, str]:
    return dict(COMPONENT_FIELDS.findall(client.get(url).get_data(as_text=True)))


def report(client, went_wrong: str, doing: str = "", reply_to: str = "", url: str = PROBLEM,
           **kwargs):
    data = {**problem_form(client, url), "doing": doing, "went_wrong": went_wrong,
            "reply_to": reply_to}
    return client.post(url, data=data, **kwargs)


def entries(db, **where) -> list[FeedbackEntry]:
    db.rollback()
    found = list(db.scalars(select(FeedbackEntry).filter_by(**where).order_by(FeedbackEntry.id)))
    db.expunge_all()
    db.rollback()  # SQLite: a reading transaction holds the write lock too
    return found


def count(db) -> int:
    db.rollback()
    total = db.scalar(select(func.count()).select_from(FeedbackEntry))
    db.rollback()
    return total
