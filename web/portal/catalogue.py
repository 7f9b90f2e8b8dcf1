"""Home, the catalogue of agencies and services (E-xidmətlər → Bütün xidmətlər), the language switch."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, redirect, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core.platform import catalogue
from core.platform import usage
from web.auth.guard import safe_next
from web.auth.messages import method_name
from web.platform.db import db
from web.platform.i18n import LANGUAGES
from web.platform.rendering import render
from web.platform.service_links import guide_url, start_url

bp = Blueprint("catalogue", __name__)


def _locale() -> str:
    return str(get_locale() or "az")


@bp.get("/")
def home():
    live = [s for s in catalogue.SERVICES if s.live]
    return render("catalogue/home.html", live_services=live, locale_code=_locale())


@bp.get("/e-xidmetler/")
def all_services():
    return render("catalogue/all_services.html", agencies=catalogue.AGENCIES, locale_code=_locale())


@bp.get("/e-xidmetler/<slug>/")
def agency_page(slug: str):
    agency = catalogue.agency(slug) or abort(404)
    return render("catalogue/agency.html", agency=agency, locale_code=_locale())


@bp.get("/xidmet/<slug>/")
def service_page(slug: str):
    service = catalogue.service(slug) or abort(404)
    agency = catalogue.agency(service.agency_slug)
    locale = _locale()
    return render(
        "catalogue/service.html", service=service, agency=agency, locale_code=locale,
        usage_count=usage.usage_count(db(), service.slug),
        start=start_url(service), guide=guide_url(service, locale),
        method_names=[method_name(m) for m in service.sign_in_methods],
    )


@bp.get("/dil/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        return render("errors/error.html", status=404, status_code=404,
                      heading=_("Bu dil dəstəklənmir"),
                      message=_("Portal azərbaycan və ingilis dillərindədir. "
                                "Dili səhifənin yuxarısındakı keçiddən seçin."))
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.get("/healthz")
    def healthz():
        try:
            db().execute(text("SELECT 1"))
        except SQLAlchemyError:
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}
