"""mkdocs hooks for the TƏLİMAT site (mkdocs.yml: `hooks:`).

- Every image gets loading="lazy", decoding="async" and its real width/height, so a guide's
  text arrives first on a slow line and the page does not jump while figures load.
- The language switcher links relatively: the site is served under /guides/, not at /.
- No <link rel="alternate" hreflang> in a page's head: served under /guides/ on whatever host,
  the site can only write them relative, which is not a valid hreflang (Lighthouse), and the
  theme fetched sitemap.xml next to each of them (a 404 on every page). The language menu's
  links stay. A page title that is the site's name twice ("User guides - User guides", the
  English index) is said once.
- A guide's `<!-- video-telimat -->` becomes its video (guides/videos/<guide>/<lang>.webm,
  recorded by its journey: make guide-videos) with its captions, the guide's first figure as
  the poster, preload="none" and its length and size written beside it.
- After the whole site (every language) is built, an offline copy is zipped into
  OFFLINE_ZIP with links rewritten to work from disk (file://), and the guides' index
  pages are told its size.
"""
from __future__ import annotations

import io
import logging
import posixpath
import re
import struct
import zipfile
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

OFFLINE_ZIP = "telimat-offline.zip"
# The index pages write <span class="offline-size">ZIP</span>; the size is filled in after the build.
SIZE_MARK = '<span class="offline-size">ZIP</span>'
IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.I)
SRC = re.compile(r'\bsrc="([^"]+)"')
LINK = re.compile(r'\b(href|src)="([^"]*)"')
# What the site does not need offline: source maps, and the search engine (no search plugin).
NOT_OFFLINE = re.compile(r"(\.map$|^assets/javascripts/(lunr|workers)/|^sitemap\.xml|^404\.html$)")
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so the same site gives the same bytes
ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
REPEATED_TITLE = re.compile(r"<title>(.+?) - \1</title>")
ALREADY_COMPRESSED = (".png", ".webm")  # stored in the zip as they are
VIDEO_MARK = "<!-- video-telimat -->"
VIDEO_FRAME = (800, 600)  # e2e/guide_video.py's FRAME
VIDEO_WORDS = {
    "az": {"language": "Azərbaycanca", "download": "Videonu yükləyin",
           "about": "Video: {length}, {size} (WebM, altyazılarla). Yalnız oynatdıqda yüklənir. "
                    "Videodakı addımların mətni bu təlimatın özüdür."},
    "en": {"language": "English", "download": "Download the video",
           "about": "Video: {length}, {size} (WebM, with captions). It loads only when you play "
                    "it. The text of its steps is this guide itself."},
}
# A `default` track is fetched with the page, even with preload="none": the captions are turned
# on when the reader presses play instead, so nothing of the video loads before. Without
# JavaScript the player's own captions menu offers them. (Inline: the guides' policy allows
# each inline script by its hash, web/portal/guides.py.)
CAPTIONS_ON_PLAY = ("(function(v){v.addEventListener('play',function(){var t=v.textTracks[0];"
                    "if(t&&t.mode==='disabled'){t.mode='showing';}},{once:true});})"
                    "(document.currentScript.previousElementSibling);")
CUE_END = re.compile(r"--> (\d\d):(\d\d):(\d\d)\.(\d{3})")
log = logging.getLogger("mkdocs.plugins.telimat")


def png_size(path: Path) -> tuple[int, int] | None:
    with open(path, "rb") as handle:
        head = handle.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def lazy_images(html: str, page_url: str, files_by_url: dict[str, File]) -> str:
    """Add loading/decoding and width/height (from the file) to every <img>."""

    def rewrite(match: re.Match) -> str:
        attrs = match.group(1)
        if "loading=" not in attrs:
            attrs += ' loading="lazy"'
        if "decoding=" not in attrs:
            attrs += ' decoding="async"'
        source = SRC.search(attrs)
        if source and "width=" not in attrs:
            url = posixpath.normpath(posixpath.join(posixpath.dirname(page_url + "x"), source.group(1)))
            file = files_by_url.get(url)
            size = png_size(Path(file.abs_src_path)) if file and file.abs_src_path else None
            if size:
                attrs += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attrs}>"

    return IMG.sub(rewrite, html)


def video_length(captions: str) -> str:
    """m:ss of a video, from where its last caption ends (the captions span the whole video)."""
    ends = CUE_END.findall(captions)
    if not ends:
        return "0:00"
    hours, minutes, seconds, millis = (int(part) for part in ends[-1])
    total = round(hours * 3600 + minutes * 60 + seconds + millis / 1000)
    return f"{total // 60}:{total % 60:02d}"


def video_block(html: str, page_url: str, language: str, files_by_path: dict[str, File]) -> str:
    """The guide's video in place of VIDEO_MARK: nothing loads before the reader presses play."""
    guide = page_url.strip("/").split("/")[-1]
    video = files_by_path.get(f"videos/{guide}/{language}.webm")
    captions = files_by_path.get(f"videos/{guide}/{language}.vtt")
    if video is None or captions is None:
        log.warning("%s has no video: run make guide-videos", page_url)
        return html.replace(VIDEO_MARK, "")
    base = page_url.rstrip("/") or "."

    def relative(file: File) -> str:
        return posixpath.relpath(file.url, base)

    first_figure = next((m for m in SRC.finditer(html) if "/images/" in m.group(1)), None)
    poster = f' poster="{first_figure.group(1)}"' if first_figure else ""
    words = VIDEO_WORDS[language]
    about = words["about"].format(
        length=video_length(Path(captions.abs_src_path).read_text("utf-8")),
        size=human_size(Path(video.abs_src_path).stat().st_size))
    block = (
        f'<div class="video-telimat">'
        f'<video controls preload="none" width="{VIDEO_FRAME[0]}" height="{VIDEO_FRAME[1]}"{poster}>'
        f'<source src="{relative(video)}" type="video/webm">'
        f'<track kind="captions" src="{relative(captions)}" srclang="{language}" '
        f'label="{words["language"]}">'
        f'<a href="{relative(video)}">{words["download"]}</a></video>'
        f'<script>{CAPTIONS_ON_PLAY}</script>'
        f'<p class="video-telimat__about">{about}</p></div>')
    return html.replace(VIDEO_MARK, block)


def offline_link(value: str) -> str:
    """A link that works from disk: directories end in index.html; other sites stay as they are."""
    if not value or value.startswith(("#", "/", "data:", "mailto:", "tel:")) or "://" in value:
        return value
    path, hash_, fragment = value.partition("#")
    if path in (".", ".."):
        path += "/"
    if path.endswith("/"):
        path += "index.html"
    return path + hash_ + fragment


def offline_html(html: str) -> str:
    return LINK.sub(lambda m: f'{m.group(1)}="{offline_link(m.group(2))}"', html)


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def build_offline_zip(site: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            name = path.relative_to(site).as_posix()
            if name == OFFLINE_ZIP or NOT_OFFLINE.search(name):
                continue
            data = path.read_bytes()
            if name.endswith(".html"):
                data = offline_html(data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(f"telimat/{name}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(ALREADY_COMPRESSED) \
                else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_offline_copy(site: Path) -> int:
    """Zip the built site; then tell the index pages the size (twice: the size is in the zip too)."""
    indexes = [p for p in site.rglob("index.html") if SIZE_MARK in p.read_text("utf-8")]
    originals = {p: p.read_text("utf-8") for p in indexes}
    size = 0
    for _ in range(2):
        label = SIZE_MARK.replace(">ZIP<", f">ZIP, {human_size(size)}<") if size else SIZE_MARK
        for page, text in originals.items():
            page.write_text(text.replace(SIZE_MARK, label), "utf-8")
        data = build_offline_zip(site)
        size = len(data)
    (site / OFFLINE_ZIP).write_bytes(data)
    return size


# -- mkdocs events -------------------------------------------------------------------------
_site_root: dict[str, Path] = {}


@event_priority(-150)  # after mkdocs-static-i18n (-100) has laid out the files of this language
def on_files(files, config):
    _site_root.setdefault("root", Path(config.site_dir))
    if files.get_file_from_path(OFFLINE_ZIP) is None:
        # A stand-in so links to the copy validate in strict mode; on_post_build writes the real one.
        files.append(File.generated(config, OFFLINE_ZIP, content=b""))
    return files


def on_page_content(html, page, config, files):
    by_url = {f.url: f for f in files if f.url.endswith((".png", ".webp", ".jpg", ".svg"))}
    html = lazy_images(html, page.url, by_url)
    if VIDEO_MARK in html:
        language = "en" if page.url.startswith("en/") else "az"
        videos = {f.src_uri: f for f in files if f.src_uri.startswith("videos/")}
        html = video_block(html, page.url, language, videos)
    return html


def on_page_context(context, page, config, nav):
    # Runs after the i18n plugin (priority 50) set the switcher's links for this page; it sets
    # them as an attribute, which is what the theme's templates read first.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    for alternate in alternates:
        link = alternate.get("link", "")
        if link.startswith("/") and not link.startswith("//"):
            alternate["link"] = link.lstrip("/") or "./"
    return context


def head_without_relative_alternates(html: str) -> str:
    return REPEATED_TITLE.sub(r"<title>\1</title>", ALTERNATE_LINK.sub("", html), count=1)


def on_post_page(output, page, config):
    return head_without_relative_alternates(output)


def on_post_template(output_content, template_name, config):  # 404.html
    return head_without_relative_alternates(output_content)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # one language's inner build; the outer build zips the whole site
    write_offline_copy(_site_root.pop("root", Path(config.site_dir)))
