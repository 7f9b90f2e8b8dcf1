"""What the web layer knows about each catalogue service: where its journey starts and where
its guide is. A service is live only when its blueprint has registered a start endpoint."""
from __future__ import annotations

from flask import Flask, current_app, url_for

from core.platform.catalogue import Service


def register_start(app: Flask, service_slug: str, endpoint: str) -> None:
    app.extensions.setdefault("egov_service_starts", {})[service_slug] = endpoint


def service_slug_of_blueprint(blueprint: str | None) -> str | None:
    """The catalogue service whose journey `blueprint` serves (the one it registered a start
    for), e.g. "bill_payment" -> "rabite-ve-kommunal-odenisler"."""
    starts = current_app.extensions.get("egov_service_starts", {})
    return next((slug for slug, endpoint in starts.items()
                 if blueprint and endpoint.partition(".")[0] == blueprint), None)


def start_url(service: Service) -> str | None:
    endpoint = current_app.extensions.get("egov_service_starts", {}).get(service.slug)
    return url_for(endpoint) if endpoint and service.live else None


def service_url(service: Service) -> str:
    return url_for("catalogue.service_page", slug=service.slug)


def video_url(service: Service, locale: str) -> str | None:
    """The guide's Video təlimat (the guide page's video section) when the guide has a video
    in the citizen's language (guides/videos, make guide-videos)."""
    from web.portal.guides import guide_page_exists

    guide = guide_url(service, locale)
    if guide and guide_page_exists(f"videos/{service.guide_slug}/{locale}.webm"):
        return f"{guide}#video-telimat"
    return None


def guide_url(service: Service, locale: str) -> str | None:
    """The service's guide in the citizen's language; None while it has no guide (no link
    then, rather than one to the guides' index)."""
    from web.portal.guides import guide_page_exists

    prefix = "" if locale == "az" else f"{locale}/"
    if service.guide_slug and guide_page_exists(f"{prefix}{service.guide_slug}/"):
        return url_for("guides.page", path=f"{prefix}{service.guide_slug}/")
    return None
