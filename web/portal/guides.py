"""The TƏLİMAT guides: the mkdocs site built into GUIDES_DIR, served under /guides/.

mkdocs-material writes a few small inline scripts; instead of allowing 'unsafe-inline' we
allow exactly those scripts by their SHA-256, computed from the built pages."""
from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, request, send_file

from web.platform.config import settings
from web.platform.errors import render_error

bp = Blueprint("guides", __name__, url_prefix="/guides")
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
# The guides' videos and captions (guides/videos), answered in ranges: a player asks for the part
# it plays or seeks to, and a download broken on a slow line goes on where it stopped.
MEDIA_TYPES = {".webm": "video/webm", ".vtt": "text/vtt"}
TEXT_TYPES = {"text/html", "text/css", "text/javascript", "application/javascript",
              "application/json", "image/svg+xml", "text/xml", "application/xml"}


def _site() -> Path:
    return Path(settings().guides_dir)


def _resolve(path: str) -> Path | None:
    """The file a guide URL names, or None: outside the site, not there, or not a name any file
    can have (a NUL, or a segment longer than the file system allows, raise instead of saying
    "no such file")."""
    site = _site().resolve()
    try:
        candidate = (site / path).resolve()
        if site not in candidate.parents and candidate != site:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None
    except (OSError, ValueError):
        return None


def _is_folder(path: str) -> bool:
    try:
        return (_site() / path).is_dir()
    except (OSError, ValueError):
        return False


def guide_page_exists(path: str) -> bool:
    """Asked several times by every catalogue page: answered once per build of the site."""
    marker = _site() / "index.html"
    return _exists_in_build(path, marker.stat().st_mtime if marker.exists() else 0.0,
                            str(_site()))


@lru_cache(maxsize=256)
def _exists_in_build(path: str, _built_at: float, _site_path: str) -> bool:
    return _resolve(path) is not None


@lru_cache(maxsize=8)
def _inline_script_hashes(site: Path, _built_at: float) -> str:
    hashes = set()
    for page in site.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return " ".join(sorted(hashes))


def guides_csp() -> str:
    site = _site()
    marker = site / "index.html"
    hashes = _inline_script_hashes(site, marker.stat().st_mtime if marker.exists() else 0.0)
    return ("default-src 'self'; "
            f"script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'")


@bp.get("/", defaults={"path": ""}, endpoint="index")
@bp.get("/<path:path>", endpoint="page")
def serve(path: str):
    if path and not path.endswith("/") and _is_folder(path):
        return Response(status=308, headers={"Location": f"{request.path}/"})
    file = _resolve(path)
    if file is None:
        if not (_site() / "index.html").exists():
            return render_error(503)
        abort(404)
    if file.suffix in MEDIA_TYPES:
        return send_file(file, mimetype=MEDIA_TYPES[file.suffix], conditional=True, max_age=3600)
    mimetype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = Response(file.read_bytes(), mimetype=mimetype)
    if mimetype != "text/html":
        response.headers["Cache-Control"] = "public, max-age=3600"
    if file.suffix == ".zip":  # the offline copy of the guides
        response.headers["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.after_request
    def guides_policy(response: Response) -> Response:
        if request.blueprint == "guides" and response.mimetype == "text/html" \
                and response.status_code == 200:
            response.headers["Content-Security-Policy"] = guides_csp()
        return response
