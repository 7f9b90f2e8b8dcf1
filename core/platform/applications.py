"""A citizen's applications, one port: every service that keeps a citizen's applications
lists them here, so "Müraciətlərim" shows them all without knowing any service.

    class MeterDamageApplications:                 # core/<package>/my_applications.py
        service_slug = "sayga-zedelenmesinin-arasdirilmasi"
        def list_for(self, session, fin): ...      # [ApplicationSummary], newest first
        def detail(self, session, fin, reference): ...   # ApplicationDetail or None
    SOURCE = MeterDamageApplications()

A package's `my_applications` module with a SOURCE is found through core.packages; `register`
adds another (tests, a service without a package). Statuses are keys, not words: the web
layer words them ("meter_damage.forwarded" -> "Azərişıq ASC-yə göndərilib"), so core stays
free of interface language. Only the citizen's own: `find` answers None for anyone else's
reference, and the pages answer 404."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ApplicationSummary:
    reference: str          # what the citizen quotes, unique across the portal
    service_slug: str       # core.platform.catalogue slug
    submitted_at: datetime  # naive UTC
    status_key: str         # e.g. "meter_damage.forwarded"; worded by the web layer
    # Where the service itself shows more (an endpoint and its arguments), if it does.
    link_endpoint: str | None = None
    link_args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    status_key: str
    note: str | None = None  # e.g. the result's own words


@dataclass(frozen=True)
class ApplicationDetail:
    summary: ApplicationSummary
    # (label key, value): what was asked, e.g. ("meter_damage.subscriber_code", "1002…")
    facts: tuple[tuple[str, str], ...]
    result_key: str | None       # None while nothing is decided
    result_note: str | None
    history: tuple[StatusChange, ...]  # oldest first


class CitizenApplications(Protocol):
    service_slug: str

    def list_for(self, session: Session, fin: str) -> list[ApplicationSummary]:
        """The citizen's applications in this service, newest first."""

    def detail(self, session: Session, fin: str, reference: str) -> ApplicationDetail | None:
        """One of the citizen's own applications, or None (unknown, or someone else's)."""


_registered: list[CitizenApplications] = []


def register(source: CitizenApplications) -> None:
    if all(existing is not source for existing in _registered):
        _registered.append(source)


def sources() -> list[CitizenApplications]:
    """Every package's `my_applications.SOURCE` (core.packages), then the registered ones."""
    from core import packages

    found = [module.SOURCE for module in packages.modules("my_applications")
             if getattr(module, "SOURCE", None) is not None]
    return found + [s for s in _registered if all(s is not f for f in found)]


def all_for(session: Session, fin: str) -> list[ApplicationSummary]:
    """Every application of the citizen across the portal, newest first."""
    found = [a for source in sources() for a in source.list_for(session, fin)]
    return sorted(found, key=lambda a: (a.submitted_at, a.reference), reverse=True)


def references_of(session: Session, fin: str) -> list[str]:
    return [a.reference for a in all_for(session, fin)]


def find(session: Session, fin: str, reference: str) -> ApplicationDetail | None:
    for source in sources():
        found = source.detail(session, fin, reference)
        if found is not None:
            return found
    return None
