"""The step-by-step form pattern every service shares.

One URL per step; GET shows the step, a valid POST saves the answers in a server-side
draft and redirects (Post/Redirect/Get). The signed session cookie holds only the draft's
id, so a dropped connection, a refresh or a server restart resumes where the citizen was.
A step whose earlier steps are not done sends the citizen to the first unfinished one: its view
is decorated with `@wizard.step` (below `@bp.route`), or `@guarded(...)` for a service that
checks more than the steps."""
from __future__ import annotations

from functools import wraps
from typing import Callable, Sequence

from flask import g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from core.platform import drafts
from core.platform.models import Draft
from web.platform.db import db

DONE = "_done"


class Wizard:
    def __init__(self, service_slug: str, steps: Sequence[str]):
        """steps: endpoint names in order, e.g. ("device_registration.check", ...)."""
        self.service_slug = service_slug
        self.steps = tuple(steps)

    # -- the draft ------------------------------------------------------------------------
    def draft(self) -> Draft | None:
        draft_id = session.get("drafts", {}).get(self.service_slug)
        draft = drafts.load(db(), draft_id, self.service_slug)
        if draft is not None:
            # The session's identity map holds loaded rows weakly: without a reference for the
            # rest of the request, each of a step's several draft() calls queried again.
            g.setdefault("loaded_drafts", set()).add(draft)
        return draft

    def answers(self) -> dict:
        draft = self.draft()
        return {k: v for k, v in (draft.data if draft else {}).items() if k != DONE}

    def start(self) -> Draft:
        draft = drafts.create(db(), self.service_slug)
        session["drafts"] = {**session.get("drafts", {}), self.service_slug: draft.id}
        return draft

    def finish(self) -> None:
        """Forget the draft once the service is complete (its result lives elsewhere)."""
        draft = self.draft()
        if draft is not None:
            drafts.discard(db(), draft)
        session["drafts"] = {k: v for k, v in session.get("drafts", {}).items()
                             if k != self.service_slug}

    # -- steps ----------------------------------------------------------------------------
    def done_steps(self) -> list[str]:
        draft = self.draft()
        return list(draft.data.get(DONE, [])) if draft else []

    def guard(self, step: str) -> Response | None:
        """A redirect to the first unfinished step, or None when `step` may be shown."""
        done = self.done_steps()
        for earlier in self.steps[: self.steps.index(step)]:
            if earlier not in done:
                return redirect(url_for(earlier))
        return None

    def step(self, view: Callable) -> Callable:
        """Decorates a step's view: the step is shown only when the steps before it are done."""
        return guarded(self.guard)(view)

    def save(self, step: str, **answers) -> Response:
        """Keep the answers of `step`, mark it done (later steps are undone), commit, go on."""
        draft = self.draft() or self.start()
        drafts.update(db(), draft, **answers, **{DONE: [*self._done_before(draft, step), step]})
        db().commit()
        position = self.steps.index(step)
        following = self.steps[position + 1] if position + 1 < len(self.steps) else step
        return redirect(url_for(following))

    def reopen(self, step: str) -> None:
        """Mark `step` and everything after it as not done (e.g. the citizen cancelled)."""
        draft = self.draft()
        if draft is None:
            return
        drafts.update(db(), draft, **{DONE: self._done_before(draft, step)})
        db().commit()

    def _done_before(self, draft: Draft, step: str) -> list[str]:
        position = self.steps.index(step)
        return [s for s in draft.data.get(DONE, []) if self.steps.index(s) < position]


def guarded(guard: Callable[[str], Response | None]) -> Callable[[Callable], Callable]:
    """A decorator for a step's view: `guard` is asked first about the step (the view's
    endpoint, e.g. "bill_payment.amount"), and its redirect, if any, is the answer instead."""
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def step_view(*args, **kwargs):
            redirect_to = guard(request.endpoint)
            return redirect_to if redirect_to is not None else view(*args, **kwargs)
        return step_view
    return decorate
