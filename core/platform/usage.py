"""How many times each service has been completed ("İstifadə sayı")."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.platform.models import ServiceUsage


def usage_count(session: Session, service_slug: str) -> int:
    count = session.execute(
        select(ServiceUsage.count).where(ServiceUsage.service_slug == service_slug)
    ).scalar_one_or_none()
    return count or 0


CHANGED = "egov_usage_changed"  # in a session's info once it has counted a use


def all_counts(session: Session) -> dict[str, int]:
    """Every service's count, in one read."""
    rows = session.execute(select(ServiceUsage.service_slug, ServiceUsage.count))
    return {service_slug: count for service_slug, count in rows}


def record_completion(session: Session, service_slug: str) -> None:
    """Count one completed use. An UPDATE ... SET count = count + 1 never loses a concurrent one."""
    increment = (
        update(ServiceUsage)
        .where(ServiceUsage.service_slug == service_slug)
        .values(count=ServiceUsage.count + 1)
    )
    if session.execute(increment).rowcount == 0:
        try:
            with session.begin_nested():
                session.add(ServiceUsage(service_slug=service_slug, count=1))
        except IntegrityError:  # a concurrent first completion inserted the row first
            session.execute(increment)
    session.info[CHANGED] = True
    session.flush()
