"""The job consumer's entry point: `python -m huey.bin.huey_consumer core.worker.huey`.
It loads every package's tasks (core.packages) before the consumer starts reading the queue."""
from __future__ import annotations

from core.platform.job_metrics import count_jobs
from core.platform.job_queue import huey, load_task_modules

TASK_MODULES = load_task_modules()
count_jobs()

__all__ = ["huey", "TASK_MODULES"]
