"""The TƏLİMAT guides: they build strictly in both languages, every figure in them was taken by a
journey step that still takes it, no journey figure goes unused, figures are numbered in order,
and the site stays small, lazy and self-contained, with an offline copy that works from disk."""
from __future__ import annotations

import gzip
import importlib.util
import io
import re
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from tests.guides_support import (E2E, GUIDE_SLUGS, GUIDES, IMAGES, LANGUAGES, ROOT, build_site,
                                  figure_calls_in, figure_files, figure_source, figure_text_files,
                                  guide_page_path, image_name, journey_figure_calls, parse_page,
                                  service_for_guide)

GUIDE_PAGES = [(lang, slug) for lang in LANGUAGES for slug in GUIDE_SLUGS]
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def _load_hooks():
    spec = importlib.util.spec_from_file_location("telimat_hooks", GUIDES / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _load_hooks()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(target)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return target


@pytest.fixture(scope="module")
def guide_pages(site):
    return {(lang, slug): parse_page(guide_page_path(site, lang, slug))
            for lang, slug in GUIDE_PAGES}


def _shown_figures(site, pages) -> dict[str, list[str]]:
    """figure name -> the pages that show it (guides and index pages)."""
    shown: dict[str, list[str]] = {}
    for page in pages:
        for image in page.images:
            name = image_name(page.path, site, image.get("src", ""))
            if name is not None:
                shown.setdefault(name, []).append(str(page.path.relative_to(site)))
    return shown


# -- the build ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_the_strict_build_has_every_guide_in_both_languages(site, guide_pages, lang, slug):
    page = guide_pages[(lang, slug)]
    assert page.lang == lang
    assert page.article_text, f"{lang}/{slug} has no text"


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_each_guide_links_back_to_its_service_page(guide_pages, lang, slug):
    service = service_for_guide(slug)
    assert f"/xidmet/{service.slug}/" in guide_pages[(lang, slug)].links


# -- figures ----------------------------------------------------------------------------------
def test_every_figure_name_in_the_journeys_can_be_read_without_running_them():
    _, unreadable = journey_figure_calls()
    assert unreadable == [], ("journey.figure() needs a literal or f-string name so the guides' "
                              f"tests can see it: {unreadable}")


def test_every_image_a_guide_shows_was_taken_by_a_journey_step_that_still_takes_it(
        site, guide_pages):
    calls, _ = journey_figure_calls()
    on_disk = set(figure_files())
    for name, shown_on in _shown_figures(site, guide_pages.values()).items():
        assert name in on_disk, f"{shown_on} show {name}, which is not in guides/images"
        source = figure_source(name)
        assert source.startswith("e2e/test_journey_"), \
            f"{name} was not written by a journey (run make guide-figures)"
        journey_file = source.split("::")[0]
        assert (ROOT / journey_file).exists(), f"{name} came from {journey_file}, which is gone"
        assert any(call.file == journey_file and call.takes(name) for call in calls), \
            f"{name} came from {journey_file}, which no longer takes it"


def test_every_figure_the_journeys_take_is_committed_and_shown_in_a_guide(site, guide_pages):
    calls, _ = journey_figure_calls()
    files = figure_files()
    shown = _shown_figures(site, guide_pages.values())
    for call in calls:
        taken = [name for name in files if call.takes(name)]
        assert taken, (f"{call.file}:{call.line} takes {call.pattern.pattern} but no such figure "
                       "is in guides/images: run make guide-figures")
    unshown = [name for name in files if name not in shown]
    assert unshown == [], f"figures no guide shows: {unshown}"


def test_nothing_in_guides_images_is_left_over_from_a_journey_that_no_longer_takes_it():
    calls, _ = journey_figure_calls()
    stale = [name for name in figure_files() if not any(call.takes(name) for call in calls)]
    assert stale == [], f"no journey takes these any more: delete them: {stale}"


def test_beside_every_figure_is_the_text_it_shows_and_no_text_without_its_figure():
    """The journeys compare each figure's page with this text on every run: a figure cannot
    drift from the portal unnoticed (issue 27, finding 16; e2e/figure_text.py)."""
    figures = {str(PurePosixPath(name).with_suffix(".txt")) for name in figure_files()}
    texts = set(figure_text_files())
    assert sorted(figures - texts) == [], "figures without their text: run make guide-figures"
    assert sorted(texts - figures) == [], "texts whose figure is gone: delete them"


def test_the_figures_texts_stay_out_of_the_built_guides(site):
    assert not list((site / "images").rglob("*.txt"))


@pytest.mark.parametrize("name", figure_files() or ["(none yet)"])
def test_every_figure_is_a_compressed_png_under_150_kb(name):
    if name == "(none yet)":
        pytest.skip("no figures yet")
    from PIL import Image

    path = IMAGES / name
    assert path.suffix == ".png" and path.stat().st_size < 150 * 1024
    with Image.open(path) as image:
        assert image.mode == "P", f"{name} is not palette-compressed"
        assert image.width <= 1280


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_each_guide_numbers_its_figures_in_order_and_refers_to_each_of_them(
        guide_pages, lang, slug):
    word = LANGUAGES[lang][1]
    page = guide_pages[(lang, slug)]
    numbers = []
    for caption in page.captions:
        match = re.match(rf"{word} (\d+)\. \S", caption)
        assert match, f"{lang}/{slug}: caption {caption!r} must read '{word} N. …'"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(1, len(numbers) + 1)), f"{lang}/{slug}: {numbers}"
    figures = [i for i in page.images if "/images/" in i.get("src", "")]
    assert len(figures) == len(numbers), f"{lang}/{slug}: every figure needs a caption"
    referred = {int(n) for n in re.findall(rf"\b{word} (\d+)\b", page.article_text)}
    assert referred == set(numbers), \
        f"{lang}/{slug}: the steps refer to {sorted(referred)}, the figures are {numbers}"


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_a_guide_shows_the_interface_in_its_own_language(site, guide_pages, lang, slug):
    page = guide_pages[(lang, slug)]
    for image in page.images:
        name = image_name(page.path, site, image["src"])
        if name is not None:
            assert f"/{lang}/" in f"/{name}", f"{lang}/{slug} shows {name}"


# -- low bandwidth ----------------------------------------------------------------------------
def test_the_built_site_asks_no_other_site_for_scripts_styles_images_or_fonts(site):
    for path in site.rglob("*.html"):
        page = parse_page(path)
        external = [(tag, url) for tag, url in page.resources if EXTERNAL.match(url)]
        assert external == [], f"{path.relative_to(site)}: {external}"
    for path in site.rglob("*.css"):
        css = path.read_text("utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css), path.name


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_a_guide_page_is_at_most_30_kb_gzipped(site, lang, slug):
    size = len(gzip.compress(guide_page_path(site, lang, slug).read_bytes(), 6))
    assert size <= 30 * 1024, f"{lang}/{slug} is {size / 1024:.1f} KB gzip"


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES)
def test_every_guide_image_loads_lazily_with_its_size_reserved(guide_pages, lang, slug):
    for image in guide_pages[(lang, slug)].images:
        assert image.get("loading") == "lazy", image
        assert image.get("width", "").isdigit() and image.get("height", "").isdigit(), image
        assert image.get("alt"), f"{lang}/{slug}: {image['src']} needs alt text"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_index_lists_every_guide_links_the_offline_copy_and_stays_small(site, lang):
    path = site / LANGUAGES[lang][0] / "index.html"
    page = parse_page(path)
    for slug in GUIDE_SLUGS:
        assert f"{slug}/" in page.links, f"{lang} index does not list {slug}"
    zip_links = [link for link in page.links if link.endswith(hooks.OFFLINE_ZIP)]
    assert zip_links and (path.parent / zip_links[0]).resolve() == (site / hooks.OFFLINE_ZIP)
    assert re.search(r'class="offline-size">ZIP, \d+(\.\d)? [KM]B<', path.read_text("utf-8"))
    assert len(gzip.compress(path.read_bytes(), 6)) <= 14 * 1024


def test_the_offline_copy_has_both_languages_and_every_link_in_it_works_from_disk(site):
    archive = zipfile.ZipFile(site / hooks.OFFLINE_ZIP)
    names = set(archive.namelist())
    for lang, slug in GUIDE_PAGES:
        assert f"telimat/{LANGUAGES[lang][0]}{slug}/index.html" in names
    for name in figure_files():
        assert f"telimat/images/{name}" in names
    assert not [n for n in names if n.endswith(".map") or "/lunr/" in n]
    broken = []
    for name in (n for n in names if n.endswith(".html")):
        html = archive.read(name).decode("utf-8")
        for url in re.findall(r'\b(?:href|src)="([^"]*)"', html):
            if not url or url.startswith(("#", "/", "data:", "mailto:", "tel:")) \
                    or "://" in url or url.endswith(hooks.OFFLINE_ZIP):
                continue
            target = str(PurePosixPath(name).parent / url.split("#")[0])
            if _normalise(target) not in names:
                broken.append((name, url))
    assert broken == []
    videos = sum(archive.getinfo(n).compress_size for n in names if n.startswith("telimat/videos/"))
    assert (site / hooks.OFFLINE_ZIP).stat().st_size - videos < 8 * 1024 * 1024


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


# -- the hook's pieces, on their own ---------------------------------------------------------
@pytest.mark.parametrize(("link", "offline"), [
    ("./", "./index.html"), ("..", "../index.html"), ("en/", "en/index.html"),
    ("../mobil/#addim-2", "../mobil/index.html#addim-2"), ("#top", "#top"),
    ("/xidmet/guzestli-menzil/", "/xidmet/guzestli-menzil/"), ("https://x.az/", "https://x.az/"),
    ("assets/main.css", "assets/main.css"),
])
def test_offline_links_open_index_files_and_leave_other_sites_alone(link, offline):
    assert hooks.offline_link(link) == offline


def test_images_get_lazy_loading_and_the_size_of_their_file(tmp_path):
    from PIL import Image

    png = tmp_path / "f.png"
    Image.new("P", (320, 200)).save(png)

    class File:
        abs_src_path = str(png)

    html = hooks.lazy_images('<p><img alt="a" src="../images/f.png" /></p>', "guide/",
                             {"images/f.png": File()})
    assert 'loading="lazy"' in html and 'width="320" height="200"' in html


def test_the_figure_scanner_reads_literal_and_formatted_names_and_reports_the_rest():
    calls, unreadable = figure_calls_in(
        'journey.figure("catalogue/az/agency.png")\n'
        'journey.figure(f"bill-payment/{lang}/sekil-{n}.png")\n'
        'journey.figure(NAMES[lang])\n', "e2e/test_journey_x.py")
    assert [c.takes("catalogue/az/agency.png") for c in calls] == [True, False]
    assert calls[1].takes("bill-payment/en/sekil-5.png")
    assert not calls[1].takes("bill-payment/en/x/sekil-5.png")
    assert unreadable == ["e2e/test_journey_x.py:3"]


def test_the_journeys_record_each_figures_source_under_the_key_these_tests_read():
    assert (E2E / "support.py").read_text("utf-8").count('FIGURE_SOURCE_KEY = "egov-journey"') == 1


# -- served by the portal under /guides/ ---------------------------------------------------
@pytest.fixture
def app_config(app_config, site):
    return {**app_config, "GUIDES_DIR": site}


LINK_OR_SOURCE = re.compile(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]*)"')


@pytest.mark.parametrize("slug", GUIDE_SLUGS)
def test_a_service_page_links_its_guide_in_the_citizens_language(client, slug):
    service = service_for_guide(slug)
    guide_link = re.compile(r'<a href="([^"]+)"[^>]*>(?:İstifadə təlimatı|User guide)</a>')
    page = client.get(f"/xidmet/{service.slug}/").get_data(as_text=True)
    assert guide_link.search(page).group(1) == f"/guides/{slug}/"
    client.get("/dil/en?next=/")
    page = client.get(f"/xidmet/{service.slug}/").get_data(as_text=True)
    assert guide_link.search(page).group(1) == f"/guides/en/{slug}/"


def test_every_link_and_file_of_the_served_guides_opens(client):
    """From both index pages, every page, stylesheet, script and figure the guides point at,
    and every portal page they link back to, answers 200 when served under /guides/."""
    from urllib.parse import urljoin, urlsplit

    queue, seen, broken = ["/guides/", "/guides/en/"], set(), []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            broken.append((path, response.status_code))
            continue
        if not (path.startswith("/guides/") and response.mimetype == "text/html"):
            continue
        for url in LINK_OR_SOURCE.findall(response.get_data(as_text=True)):
            if not url or url.startswith(("#", "mailto:", "tel:", "data:")) or EXTERNAL.match(url):
                continue
            target = urlsplit(urljoin(f"http://portal{path}", url))
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert broken == []
    pages = {p for p in seen if p.endswith("/")}
    for lang, slug in GUIDE_PAGES:
        assert f"/guides/{LANGUAGES[lang][0]}{slug}/" in pages
    assert f"/guides/{hooks.OFFLINE_ZIP}" in seen


@pytest.mark.parametrize(("lang", "slug"), GUIDE_PAGES[:1] + GUIDE_PAGES[-1:])
def test_a_guide_is_served_with_a_policy_that_allows_exactly_its_own_inline_scripts(
        client, lang, slug):
    import base64
    import hashlib

    response = client.get(f"/guides/{LANGUAGES[lang][0]}{slug}/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "style-src 'self'" in policy
    inline = re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.data, re.S)
    assert inline, "mkdocs-material writes inline scripts; the test must see them"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_the_offline_copy_downloads_as_a_zip_file(client):
    response = client.get(f"/guides/{hooks.OFFLINE_ZIP}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{hooks.OFFLINE_ZIP}"'
    assert zipfile.ZipFile(io.BytesIO(response.data)).testzip() is None


def test_the_guides_toolchain_is_pinned_to_the_lines_that_work_together_and_the_move_is_written():
    """MkDocs 2.0 drops the plugin system Material and static-i18n need; Material 9.x is its
    last line (issue 27, finding 17): both pinned, and CONTRIBUTING.md says what comes next."""
    import tomllib

    from packaging.requirements import Requirement

    wanted = {Requirement(line).name: Requirement(line).specifier for line in tomllib.loads(
        (ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]}
    assert "1.6.1" in wanted["mkdocs"] and "2.0" not in wanted["mkdocs"]
    assert "9.8.2" in wanted["mkdocs-material"] and "10.0" not in wanted["mkdocs-material"]
    contributing = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "Zensical" in contributing and "2027-05-05" in contributing


def test_no_guide_page_names_another_language_with_an_address_that_is_not_absolute(site):
    """A <link hreflang> must be fully qualified (Lighthouse: "Document doesn't have a valid
    hreflang"); the site, served under /guides/ on any host, could only write them relative, and
    the theme fetched sitemap.xml beside each one: a 404 on every page (issue 27, 15 and 18)."""
    for page in site.rglob("*.html"):
        for link in re.findall(r"<link\b[^>]*\bhreflang=[^>]*>", page.read_text("utf-8")):
            href = re.search(r'\bhref="([^"]*)"', link).group(1)
            assert href.startswith(("https://", "http://")), f"{page.relative_to(site)}: {link}"


def test_every_guide_page_title_names_the_site_once(site):
    for page in site.rglob("*.html"):
        title = re.search(r"<title>([^<]*)</title>", page.read_text("utf-8")).group(1)
        assert not re.fullmatch(r"(.+) - \1", title), f"{page.relative_to(site)}: {title}"
    assert "<title>User guides</title>" in (site / "en" / "index.html").read_text("utf-8")
