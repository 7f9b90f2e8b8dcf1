"""Müraciətlərim: the signed-in citizen's applications across the portal's services
(core.platform.applications), newest first, each with a detail page: the result and the
history of status changes. Only the citizen's own: any other reference is 404, by the
ownership rule (web.auth.guard) and again by the port, which answers only for the citizen's FİN."""
from __future__ import annotations

from flask import Blueprint, abort, url_for
from flask_babel import get_locale

from core.platform import applications, catalogue
from web.auth.guard import Ownership, current_citizen, protect_blueprint
from web.platform.db import db
from web.platform.rendering import render
from web.portal.my_applications.words import word

bp = Blueprint("my_applications", __name__, url_prefix="/muracietlerim")
REFERENCES = Ownership("application", lambda fin: applications.references_of(db(), fin),
                       lambda value: value.strip().upper())
protect_blueprint(bp, None, owned={"ref": REFERENCES})


def service_name(slug: str) -> str:
    service = catalogue.service(slug)
    return service.name(str(get_locale() or "az")) if service else slug


def service_link(summary) -> str | None:
    if not summary.link_endpoint:
        return None
    try:
        return url_for(summary.link_endpoint, **summary.link_args)
    except Exception:  # the service is not offered here (e.g. production without it)
        return None


@bp.get("/")
def index():
    found = applications.all_for(db(), current_citizen().fin)
    return render("my_applications/index.html", applications=found, word=word,
                  service_name=service_name)


@bp.get("/<ref>/")
def detail(ref: str):
    found = applications.find(db(), current_citizen().fin, ref)
    if found is None:
        abort(404)
    return render("my_applications/detail.html", application=found, word=word,
                  service_name=service_name, service_link=service_link(found.summary))
