"""What the guides' tests read: the journeys' figure calls (by parsing e2e/), the built site's
pages (by parsing HTML), and the mkdocs build itself."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from core.platform import catalogue

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "guides"
IMAGES = GUIDES / "images"
E2E = ROOT / "e2e"
FIGURE_SOURCE_KEY = "egov-journey"  # e2e/support.py writes it into every figure
# language -> (folder in the built site, the word a figure's label starts with)
LANGUAGES = {"az": ("", "Şəkil"), "en": ("en/", "Figure")}
GUIDE_SLUGS = ("mobil-cihazlarin-qeydiyyati", "rabite-ve-kommunal-odenisler",
               "sayga-zedelenmesinin-arasdirilmasi", "seherlerarasi-danisiqlar",
               "guzestli-menzil")


def service_for_guide(slug: str) -> catalogue.Service:
    return next(s for s in catalogue.SERVICES if s.guide_slug == slug)


def build_site(target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f",
         str(ROOT / "mkdocs.yml"), "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


# -- the journeys' figures --------------------------------------------------------------------
@dataclass(frozen=True)
class FigureCall:
    """One `journey.figure(...)` in a journey file: a literal name or an f-string pattern."""

    file: str
    line: int
    pattern: re.Pattern

    def takes(self, name: str) -> bool:
        return self.pattern.fullmatch(name) is not None


def _name_pattern(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):  # f"bill-payment/{language}/sekil-{number}.png"
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(re.escape(str(value.value)))
            else:
                parts.append(r"[^/]+")
        return "".join(parts)
    return None


def figure_calls_in(source: str, file: str) -> tuple[list[FigureCall], list[str]]:
    """The figure calls of one file, and the ones whose name cannot be read statically."""
    calls, unreadable = [], []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "figure" and node.args:
            pattern = _name_pattern(node.args[0])
            if pattern is None:
                unreadable.append(f"{file}:{node.lineno}")
            else:
                calls.append(FigureCall(file, node.lineno, re.compile(pattern)))
    return calls, unreadable


def journey_figure_calls() -> tuple[list[FigureCall], list[str]]:
    calls, unreadable = [], []
    for path in sorted(E2E.glob("test_journey_*.py")):
        found, bad = figure_calls_in(path.read_text("utf-8"), f"e2e/{path.name}")
        calls += found
        unreadable += bad
    return calls, unreadable


def figure_files() -> list[str]:
    """Every figure under guides/images, as the name a journey gives it (beside each, the text
    it shows: e2e/figure_text.py)."""
    return sorted(p.relative_to(IMAGES).as_posix() for p in IMAGES.rglob("*")
                  if p.is_file() and p.suffix != ".txt")


def figure_text_files() -> list[str]:
    return sorted(p.relative_to(IMAGES).as_posix() for p in IMAGES.rglob("*.txt"))


def figure_source(name: str) -> str:
    from PIL import Image

    with Image.open(IMAGES / name) as image:
        return image.text.get(FIGURE_SOURCE_KEY, "") if hasattr(image, "text") else ""


# -- the built pages --------------------------------------------------------------------------
@dataclass
class Page:
    path: Path
    lang: str = ""
    images: list[dict] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    resources: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) the browser fetches
    article_text: str = ""


class _PageParser(HTMLParser):
    FETCHED = {("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
               ("input", "src"), ("video", "poster")}
    NOT_FETCHED_RELS = {"alternate", "canonical", "next", "prev", "search"}

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._caption_depth = 0
        self._caption: list[str] = []
        self._article_depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang", "")
        if tag == "img":
            self.page.images.append(attrs)
        if tag == "a" and attrs.get("href") is not None:
            self.page.links.append(attrs["href"])
        for (name, attr) in self.FETCHED:
            if tag == name and attrs.get(attr):
                self.page.resources.append((tag, attrs[attr]))
        if tag in ("img", "source") and attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                self.page.resources.append((tag, candidate.strip().split(" ")[0]))
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").split())
            if not rels & self.NOT_FETCHED_RELS:
                self.page.resources.append(("link", attrs["href"]))
            else:
                self.page.links.append(attrs["href"])
        if tag == "figcaption":
            self._caption_depth += 1
        if tag == "article":
            self._article_depth += 1

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._caption_depth -= 1
            if self._caption_depth == 0:
                self.page.captions.append(" ".join("".join(self._caption).split()))
                self._caption = []
        if tag == "article":
            self._article_depth -= 1

    def handle_data(self, data):
        if self._caption_depth:
            self._caption.append(data)
        elif self._article_depth:
            self._text.append(data)

    def close(self):
        super().close()
        self.page.article_text = " ".join("".join(self._text).split())


def parse_page(path: Path) -> Page:
    page = Page(path)
    parser = _PageParser(page)
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return page


def guide_page_path(site: Path, lang: str, slug: str) -> Path:
    return site / LANGUAGES[lang][0] / slug / "index.html"


def image_name(page_path: Path, site: Path, src: str) -> str | None:
    """The figure name (relative to guides/images) an <img src> of a built page points at."""
    resolved = (page_path.parent / src).resolve()
    try:
        return resolved.relative_to((site / "images").resolve()).as_posix()
    except ValueError:
        return None
