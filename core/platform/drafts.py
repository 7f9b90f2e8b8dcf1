"""Server-side drafts of step-by-step services: a dropped connection or a restart loses nothing.

Never put a card number or CVV in a draft: only what the citizen may safely see again."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.kernel.db import delete_older_than, utcnow
from core.platform.models import Draft

FORBIDDEN_KEYS = frozenset({"card_number", "pan", "cvv", "cvc", "csc"})
DRAFT_LIFETIME = timedelta(days=2)


def create(session: Session, service_slug: str) -> Draft:
    draft = Draft(id=str(uuid.uuid4()), service_slug=service_slug, data={})
    session.add(draft)
    session.flush()
    return draft


def load(session: Session, draft_id: str | None, service_slug: str) -> Draft | None:
    if not draft_id:
        return None
    draft = session.get(Draft, draft_id)
    if draft is None or draft.service_slug != service_slug:
        return None
    if utcnow() - draft.updated_at > DRAFT_LIFETIME:
        return None
    return draft


def update(session: Session, draft: Draft, **answers) -> None:
    leaked = FORBIDDEN_KEYS.intersection(k.lower() for k in answers)
    if leaked:
        raise ValueError(f"card data must never be kept in a draft: {sorted(leaked)}")
    draft.data = {**draft.data, **answers}
    draft.updated_at = utcnow()
    session.flush()


def discard(session: Session, draft: Draft) -> None:
    session.delete(draft)
    session.flush()


def purge_expired(session: Session, now: datetime | None = None) -> int:
    return delete_older_than(session, Draft.updated_at, DRAFT_LIFETIME, now)
