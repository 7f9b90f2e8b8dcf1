"""Home, the catalogue of agencies and services (E-xidmətlər → Bütün xidmətlər), and the
Texniki dəstək page."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Flask, abort
from flask_babel import get_locale

from core.platform import catalogue
from web.auth.guard import current_citizen
from web.auth.messages import method_name
from web.platform.service_links import guide_url, start_url, video_url
from web.platform.usage_counts import shown_count
from web.portal.feedback.tickets import feedback_tokens
from web.portal.page_cache import render_shared

bp = Blueprint("catalogue", __name__)


def _locale() -> str:
    return str(get_locale() or "az")


@bp.get("/")
def home():
    live = [s for s in catalogue.SERVICES if s.live]
    return render_shared("catalogue/home.html", live_services=live, locale_code=_locale())


@bp.get("/e-xidmetler/")
def all_services():
    return render_shared("catalogue/all_services.html", agencies=catalogue.AGENCIES,
                         locale_code=_locale())


@bp.get("/e-xidmetler/<slug>/")
def agency_page(slug: str):
    agency = catalogue.agency(slug) or abort(404)
    return render_shared("catalogue/agency.html", agency=agency, locale_code=_locale())


@bp.get("/xidmet/<slug>/")
def service_page(slug: str):
    service = catalogue.service(slug) or abort(404)
    agency = catalogue.agency(service.agency_slug)
    locale = _locale()
    start = start_url(service)
    citizen = current_citizen()
    used = shown_count(service.slug)
    return render_shared(
        "catalogue/service.html", fill={"usage_count": used, **feedback_tokens(service.slug)},
        service=service, agency=agency,
        locale_code=locale, start=start, start_fields=_query_fields(start), guide=guide_url(service, locale),
        video=video_url(service, locale),
        method_names=[method_name(m) for m in service.sign_in_methods],
        signed_in_with=method_name(citizen.method) if citizen is not None
        and citizen.method in service.sign_in_methods else None,
    )


@bp.get("/texniki-destek/")
def support():
    """Texniki dəstək: linked from the card step (seed 000, Şəkil 6)."""
    return render_shared("catalogue/support.html")


def _query_fields(url: str | None) -> list[tuple[str, str]]:
    """Xidmətə keç is a button of a GET form (Space and Enter press it): the start address's
    query goes along as hidden fields, since a GET form replaces the action's query."""
    return parse_qsl(urlsplit(url).query) if url else []


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
