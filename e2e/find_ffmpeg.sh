#!/usr/bin/env bash
# Prints the ffmpeg that encodes the guide videos (e2e/guide_video.py): the one on PATH, else
# Debian's, installed with apt when missing (as find_browser.sh does for Chromium).
set -euo pipefail
if command -v ffmpeg >/dev/null; then command -v ffmpeg; exit 0; fi
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian's ffmpeg with apt…" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ffmpeg >&2
command -v ffmpeg
