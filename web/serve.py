"""`make run`: the portal under gunicorn, and beside it the job-queue consumer when the
project has one (core.worker.huey). Stops both together."""
from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys

from core.platform.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m web.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", default=str(Settings.from_environment().workers))
    args = parser.parse_args()
    processes = [subprocess.Popen([
        sys.executable, "-m", "gunicorn", "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers), "--access-logfile", "-", "web:create_app()",
    ])]
    if importlib.util.find_spec("core.worker") is not None:
        processes.append(subprocess.Popen([
            sys.executable, "-m", "huey.bin.huey_consumer", "core.worker.huey", "--workers", "2",
        ]))
    print(f"portal: http://{args.host}:{args.port}/   guides: http://{args.host}:{args.port}/guides/",
          flush=True)

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    finally:
        stop()
        for process in processes:
            process.wait(timeout=10)
    return processes[0].returncode or 0


if __name__ == "__main__":
    sys.exit(main())
