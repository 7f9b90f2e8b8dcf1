"""The checks every rendered page must pass. Call check_page on every page a test renders."""
from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

FIRST_PAGE_BUDGET_KB = 14
LATER_STEP_BUDGET_KB = 8
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class ParsedPage:
    h1_count: int = 0
    ids: list[str] = field(default_factory=list)
    title: str = ""
    scripts: list[dict] = field(default_factory=list)
    inline_styles: int = 0
    unclosed: list[str] = field(default_factory=list)
    text: str = ""
    whole_document: bool = False
    description: str | None = None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self.stack: list[str] = []
        self._in_title = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self.page.h1_count += 1
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if "style" in attributes:
            self.page.inline_styles += 1
        if tag == "script":
            self.page.scripts.append(attributes)
        if tag == "title":
            self._in_title = True
        if tag == "html":
            self.page.whole_document = True
        if tag == "meta" and attributes.get("name") == "description":
            self.page.description = attributes.get("content") or ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in VOID:
            return
        if tag not in self.stack:
            raise AssertionError(f"closing </{tag}> that was never opened")
        while self.stack and self.stack[-1] != tag:
            # Only elements whose end tag HTML allows to omit may be left open.
            omitted = self.stack.pop()
            if omitted not in {"p", "li", "dt", "dd", "option", "tr", "td", "th"}:
                raise AssertionError(f"<{omitted}> is not closed before </{tag}>")
        self.stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data
        self._text.append(data)


def parse(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.unclosed = [t for t in parser.stack if t not in {"p", "li", "html", "body"}]
    parser.page.text = re.sub(r"\s+", " ", " ".join(parser._text))
    return parser.page


def gzip_kb(body: bytes) -> float:
    return len(gzip.compress(body, 6)) / 1024


def check_page(response, budget_kb: float = FIRST_PAGE_BUDGET_KB) -> ParsedPage:
    """HTML parses, exactly one h1, unique ids, a title (and a whole page, a meta description:
    search engines show it, Lighthouse's SEO audit asks for it), every script carries the CSP
    nonce, no inline style attributes, and the gzip size is within budget."""
    assert response.mimetype == "text/html", response.mimetype
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    html = body.decode("utf-8")
    page = parse(html)
    assert not page.unclosed, f"unclosed elements: {page.unclosed}"
    assert page.h1_count == 1, f"expected one <h1>, found {page.h1_count}"
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert page.title.strip(), "empty <title>"
    if page.whole_document:
        assert (page.description or "").strip(), "no <meta name=description>"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy, policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for script in page.scripts:
        assert nonce and script.get("nonce") == nonce.group(1), f"script without nonce: {script}"
    assert page.inline_styles == 0, "style attributes are blocked by the CSP"
    size = gzip_kb(body)
    assert size <= budget_kb, f"page is {size:.1f} KB gzip, budget {budget_kb} KB"
    return page
