"""Static assets from our own origin: the stylesheet, our small script, and htmx installed
from npm (pinned in package.json), each under a content-hashed URL cached for a year."""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request, url_for

from core.platform.settings import PROJECT_ROOT

STATIC = Path(__file__).resolve().parents[1] / "static"
ASSET_FILES = {
    "portal.css": STATIC / "css" / "portal.css",
    "print.css": STATIC / "css" / "print.css",
    "portal.js": STATIC / "js" / "portal.js",
    "htmx.js": PROJECT_ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js",
}
MIMETYPES = {".css": "text/css", ".js": "text/javascript"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    digest: str
    mimetype: str


def _load(name: str, path: Path) -> Asset | None:
    if not path.exists():
        return None  # e.g. npm packages not installed: pages still work without JS
    body = path.read_bytes()
    return Asset(body, gzip.compress(body, 9, mtime=0), hashlib.sha256(body).hexdigest()[:12],
                 MIMETYPES[Path(name).suffix])


def init_app(app: Flask) -> None:
    assets = {name: asset for name, path in ASSET_FILES.items() if (asset := _load(name, path))}
    app.extensions["egov_assets"] = assets

    built: dict[tuple[str, str], str | None] = {}

    def asset_url(name: str) -> str | None:
        """Every page asks for the same few: built once per mount point (a proxy's prefix)."""
        key = (request.script_root, name)
        if key not in built:
            asset = assets.get(name)
            built[key] = url_for("asset", name=name, v=asset.digest) if asset else None
        return built[key]

    app.jinja_env.globals["asset_url"] = asset_url

    icon = (STATIC / "favicon.ico").read_bytes()

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """Browsers ask for it on every page: a 404 there is an error in every console."""
        response = Response(icon, mimetype="image/vnd.microsoft.icon")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @app.get("/assets/<name>")
    def asset(name: str) -> Response:
        found = assets.get(name)
        if found is None:
            abort(404)
        compressed = "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(found.gzipped if compressed else found.body, mimetype=found.mimetype)
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
