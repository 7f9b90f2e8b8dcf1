"""What happened to the job queue's tasks, counted in whichever process runs them (the web
app with EGOV_JOBS_IMMEDIATE, or the consumer): Prometheus counters, which web.serve's
multiprocess folder adds up across processes for /metrics (web/platform/metrics.py)."""
from __future__ import annotations

from huey import signals
from prometheus_client import Counter

from core.platform.job_queue import huey

JOB_EVENTS = Counter("egov_jobs_total", "Job-queue tasks by what happened to them",
                     ["task", "event"])
COUNTED = {signals.SIGNAL_ENQUEUED: "enqueued", signals.SIGNAL_COMPLETE: "complete",
           signals.SIGNAL_ERROR: "failed", signals.SIGNAL_RETRYING: "retrying"}


_counting = False


def count_jobs() -> None:
    """Count this process's tasks from now on (once, however often it is called)."""
    global _counting
    if not _counting:
        huey.signal(*COUNTED)(_count)
        _counting = True


def _count(signal, task, exc=None):
    JOB_EVENTS.labels(task=task.name, event=COUNTED[signal]).inc()
