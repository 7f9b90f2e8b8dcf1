"""How many times each service has been completed ("İstifadə sayı")."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.models.foundation import ServiceUsage


def usage_count(session: Session, service_slug: str) -> int:
    count = session.execute(
        select(ServiceUsage.count).where(ServiceUsage.service_slug == service_slug)
    ).scalar_one_or_none()
    return count or 0


def record_completion(session: Session, service_slug: str) -> None:
    """Count one completed use. An UPDATE ... SET count = count + 1 never loses a concurrent one."""
    result = session.execute(
        update(ServiceUsage)
        .where(ServiceUsage.service_slug == service_slug)
        .values(count=ServiceUsage.count + 1)
    )
    if result.rowcount == 0:
        session.add(ServiceUsage(service_slug=service_slug, count=1))
    session.flush()
