"""The sandbox service forgets what it keeps only for a while (sign-in systems' answers by
Idempotency-Key), on the first request after its hourly clean-up is due."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from core.kernel.db import transaction, utcnow
from core.platform.settings import Settings
from sandbox_service import create_app
from sandbox_service.systems import eimza


def test_old_answers_are_forgotten_and_recent_ones_kept(tmp_path):
    app = create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"))
    factory = app.extensions["sandbox_db"]
    with transaction(factory) as session:
        session.add(eimza.Answer(key="/eimza/sign-ins old", status=200, body=json.dumps({}),
                                 created_at=utcnow() - timedelta(days=3)))
        session.add(eimza.Answer(key="/eimza/sign-ins new", status=200, body=json.dumps({}),
                                 created_at=utcnow() - timedelta(minutes=5)))
    assert app.test_client().get("/healthz").status_code == 200
    with transaction(factory) as session:
        kept = session.execute(select(eimza.Answer.key)).scalars().all()
    assert kept == ["/eimza/sign-ins new"]
    with transaction(factory) as session:  # not again within the hour
        session.add(eimza.Answer(key="/eimza/sign-ins older", status=200, body="{}",
                                 created_at=utcnow() - timedelta(days=9)))
    app.test_client().get("/healthz")
    with transaction(factory) as session:
        assert session.execute(select(func.count()).select_from(eimza.Answer)).scalar() == 2
