"""`python -m sandbox_service --port 8001`: the sandbox as its own process (gunicorn, one
worker: its faults switchboard is per process)."""
from __future__ import annotations

import argparse
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox_service")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8001")
    args = parser.parse_args()
    os.execv(sys.executable, [
        sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "16",
        "--worker-class", "gthread", "--bind", f"{args.host}:{args.port}",
        "--graceful-timeout", "5", "--log-level", "warning", "sandbox_service.wsgi:app"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
