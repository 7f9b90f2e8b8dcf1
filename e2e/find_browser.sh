#!/usr/bin/env bash
# Prints the Chromium the journeys drive: Playwright's own if it was downloaded, otherwise
# Debian's /usr/bin/chromium, installed with apt when missing (Playwright's download is
# blocked on our machines).
set -euo pipefail
cd "$(dirname "$0")/.."
own=$(.venv/bin/python - <<'PY' 2>/dev/null || true
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    print(p.chromium.executable_path)
PY
)
if [ -n "$own" ] && [ -x "$own" ]; then echo "$own"; exit 0; fi
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian's chromium with apt…" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
echo /usr/bin/chromium
