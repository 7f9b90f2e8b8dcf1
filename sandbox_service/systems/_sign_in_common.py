"""What the sandbox's sign-in systems (asan_imza, eimza, egov_identity) share: their own table
of answers given per Idempotency-Key (the same key again gets the first answer and changes
nothing more), the JSON error shape of contracts/README.md, and reads in one transaction.

The answer tables are on a base of their own, not the portal's: they exist only in the
sandbox's database and never in the portal's migrations."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Callable

from flask import jsonify, request
from sqlalchemy import DateTime, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

from core.kernel.db import NAMING_CONVENTION, delete_older_than, transaction, utcnow
from sandbox_service import faults, session_factory

MAX_KEY_LENGTH = 200
Work = Callable[[Session], tuple[dict, int]]


class SandboxBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def answers_table(system: str) -> type:
    """The model of `system`'s answers by Idempotency-Key (one table per system)."""
    return type(f"{system.title().replace('_', '')}Answer", (SandboxBase,), {
        "__tablename__": f"sandbox_{system}_answer",
        "key": mapped_column(String(MAX_KEY_LENGTH + 100), primary_key=True),
        "status": mapped_column(Integer, nullable=False),
        "body": mapped_column(Text, nullable=False),
        "created_at": mapped_column(DateTime, nullable=False),
    })


ANSWERS_KEPT = timedelta(days=2)  # a retry comes within minutes; a day's margin, and then some


def forget_old_answers(session: Session, answers: type, now=None) -> int:
    """The nightly clean-up of a system's kept answers (sandbox_service.housekeeping)."""
    return delete_older_than(session, answers.created_at, ANSWERS_KEPT, now)


def problem(status: int, code: str, message: str, **extra) -> tuple:
    return jsonify(code=code, message=message, **extra), status


def body() -> dict:
    found = request.get_json(silent=True)
    return found if isinstance(found, dict) else {}


def once(system: str, answers: type, work: Work):
    """A changing call: done once per Idempotency-Key (scoped to the path), its answer kept;
    with a "lost" fault the work is committed and then the answer is not sent."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        return problem(400, "idempotency_key_missing",
                       "Every changing call needs an Idempotency-Key header")
    scoped = f"{request.path} {key}"
    with transaction(session_factory()) as session:
        kept = session.get(answers, scoped)
        if kept is None:
            answer, status = work(session)
            session.add(answers(key=scoped, status=status, body=json.dumps(answer),
                                created_at=utcnow()))
        else:
            answer, status = json.loads(kept.body), kept.status
    faults.lose_answer(system)
    return jsonify(answer), status


def read(work: Work):
    """A read (it may still mark an expired request so, as the systems do)."""
    with transaction(session_factory()) as session:
        answer, status = work(session)
    return jsonify(answer), status
