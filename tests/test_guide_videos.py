"""Video təlimat: every guide has a short video in Azerbaijani and English, recorded by its
journey (make guide-videos), with WebVTT captions written from the journey's steps. The
captions must be the journey's steps as they are now (else the video is stale), the journey
named in them must still walk those steps, the videos stay small, and the guide pages, the
service pages and the offline copy show them without loading a byte before play."""
from __future__ import annotations

import ast
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from e2e.video_scripts import SCRIPTS, SOURCE_KEY, webvtt
from tests.guides_support import (GUIDE_SLUGS, LANGUAGES, ROOT, guide_page_path,
                                  parse_page, service_for_guide)
from tests.test_guides import app_config, hooks, site  # noqa: F401 (fixtures: the built site)

VIDEOS = ROOT / "guides" / "videos"
MAX_VIDEO_BYTES = 1.5 * 1024 * 1024
MAX_ALL_VIDEOS_BYTES = 12 * 1024 * 1024
RERECORD = "run make guide-videos"
VIDEOS_OF = [(guide, lang) for guide in GUIDE_SLUGS for lang in LANGUAGES]


def _video(guide: str, lang: str) -> Path:
    return VIDEOS / guide / f"{lang}.webm"


def _captions(guide: str, lang: str) -> str:
    return (VIDEOS / guide / f"{lang}.vtt").read_text("utf-8")


def _source(captions: str) -> str:
    found = re.search(rf"^{SOURCE_KEY}: (.+)$", captions, re.M)
    assert found, f"the captions do not say which journey recorded them: {RERECORD}"
    return found.group(1)


def _captions_end(captions: str) -> float:
    h, m, s, ms = (int(x) for x in re.findall(r"--> (\d\d):(\d\d):(\d\d)\.(\d{3})", captions)[-1])
    return h * 3600 + m * 60 + s + ms / 1000


def webm_seconds(data: bytes) -> float:
    """The Duration of a WebM's Segment Info (EBML 0x4489, a float in TimecodeScale units)."""
    scale = 1_000_000
    at = data.find(b"\x2a\xd7\xb1")  # TimecodeScale
    if at != -1 and data[at + 3] & 0x80:
        size = data[at + 3] & 0x7F
        scale = int.from_bytes(data[at + 4:at + 4 + size], "big")
    at = data.find(b"\x44\x89")  # Duration
    assert at != -1, "the video has no duration"
    size = data[at + 2] & 0x7F
    value = data[at + 3:at + 3 + size]
    duration = struct.unpack(">d" if size == 8 else ">f", value)[0]
    return duration * scale / 1e9


# -- the files ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("guide", "lang"), VIDEOS_OF)
def test_each_guide_has_a_vp8_webm_video_with_captions_in_each_language(guide, lang):
    assert _video(guide, lang).exists() and (VIDEOS / guide / f"{lang}.vtt").exists(), RERECORD
    head = _video(guide, lang).read_bytes()[:4096]
    assert head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head and b"V_VP8" in head
    assert _captions(guide, lang).startswith("WEBVTT")


def test_every_video_is_at_most_1_5_mb_and_all_of_them_at_most_12_mb():
    sizes = {f"{g}/{lang}": _video(g, lang).stat().st_size for g, lang in VIDEOS_OF}
    assert {name: size for name, size in sizes.items() if size > MAX_VIDEO_BYTES} == {}
    assert sum(sizes.values()) <= MAX_ALL_VIDEOS_BYTES
    stray = sorted(p.relative_to(VIDEOS).as_posix() for p in VIDEOS.rglob("*") if p.is_file()
                   and p.relative_to(VIDEOS).as_posix().rsplit(".", 1)[0]
                   not in {f"{g}/{lang}" for g, lang in VIDEOS_OF})
    assert stray == [], f"no guide shows these: delete them: {stray}"


@pytest.mark.parametrize(("guide", "lang"), VIDEOS_OF)
def test_the_captions_are_the_journeys_steps_as_they_are_now(guide, lang):
    """Changing a journey's steps (e2e/video_scripts.py, which the journey must walk in order)
    without recording the video again fails here."""
    captions = _captions(guide, lang)
    assert captions == webvtt(SCRIPTS[guide], lang, _source(captions)), (
        f"the steps of {guide}'s journey are not the ones its {lang} video shows: {RERECORD}")


@pytest.mark.parametrize(("guide", "lang"), VIDEOS_OF)
def test_each_video_lasts_as_long_as_its_captions(guide, lang):
    """Written together by one recording: a video left from another recording runs longer or
    shorter than the captions made for it."""
    seconds = webm_seconds(_video(guide, lang).read_bytes())
    assert abs(seconds - _captions_end(_captions(guide, lang))) < 0.75, RERECORD


def _step_calls(function: ast.FunctionDef) -> tuple[list[str], list[str]]:
    """The guides a journey function starts a video of, and the steps it marks, in order."""
    started, steps = [], []
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                and isinstance(node.args[0], ast.Constant):
            if node.func.attr == "start" and ast.unparse(node.func.value) == "guide_video":
                started.append(node.args[0].value)
            elif node.func.attr == "step" and ast.unparse(node.func.value) == "video":
                steps.append((node.lineno, node.args[0].value))
    return started, [key for _, key in sorted(steps)]


@pytest.mark.parametrize(("guide", "lang"), VIDEOS_OF)
def test_the_journey_that_recorded_a_video_still_walks_its_steps_in_order(guide, lang):
    source = _source(_captions(guide, lang))
    file, _, test = source.partition("::")
    name = test.split("[")[0]
    assert file.startswith("e2e/test_journey_") and (ROOT / file).exists(), \
        f"{guide}'s video came from {file}, which is gone: {RERECORD}"
    tree = ast.parse((ROOT / file).read_text("utf-8"))
    function = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                     and n.name == name), None)
    assert function is not None, f"{guide}'s video came from {source}, which is gone: {RERECORD}"
    started, steps = _step_calls(function)
    assert started == [guide]
    assert steps == [step.key for step in SCRIPTS[guide].steps], \
        f"{file}::{name} no longer walks the steps of {guide}'s video: {RERECORD}"


def test_the_step_reader_finds_the_steps_in_the_order_written():
    function = ast.parse(
        "def test_x(journey, guide_video, language):\n"
        "    video = guide_video.start('g', language)\n"
        "    video.step('one', target)\n"
        "    if x:\n"
        "        video.step('two')\n"
        "    journey.step('not-a-video-step')\n").body[0]
    assert _step_calls(function) == (["g"], ["one", "two"])


# -- the built guides --------------------------------------------------------------------------
@pytest.mark.parametrize(("guide", "lang"), VIDEOS_OF)
def test_a_guide_page_shows_its_video_with_captions_the_first_figure_and_its_size(
        site, guide, lang):
    path = guide_page_path(site, lang, guide)
    html = path.read_text("utf-8")
    videos = re.findall(r"<video\b([^>]*)>(.*?)</video>", html, re.S)
    assert len(videos) == 1
    attributes, inside = videos[0]
    assert 'preload="none"' in attributes and "controls" in attributes
    first_figure = next(i["src"] for i in parse_page(path).images if "/images/" in i["src"])
    assert f'poster="{first_figure}"' in attributes
    source = re.search(r'<source src="([^"]+)" type="video/webm">', inside).group(1)
    track = re.search(r'<track kind="captions" src="([^"]+)" srclang="(\w+)"[^>]*>', inside)
    assert "default" not in track.group(0)  # fetched with the page: turned on at play instead
    assert re.search(r"</video><script>[^<]*mode='showing'[^<]*</script>", html)
    assert (path.parent / source).resolve() == (site / "videos" / guide / f"{lang}.webm").resolve()
    assert (path.parent / track.group(1)).resolve() == \
        (site / "videos" / guide / f"{lang}.vtt").resolve() and track.group(2) == lang
    size = hooks.human_size(_video(guide, lang).stat().st_size)
    assert re.search(rf"Video: \d+:\d\d, {re.escape(size)} \(WebM", html)
    assert 'id="video-telimat"' in html


def test_the_offline_copy_carries_every_video_and_its_captions(site):
    archive = zipfile.ZipFile(site / hooks.OFFLINE_ZIP)
    names = set(archive.namelist())
    for guide, lang in VIDEOS_OF:
        for suffix in ("webm", "vtt"):
            assert f"telimat/videos/{guide}/{lang}.{suffix}" in names
    assert archive.getinfo(f"telimat/videos/{GUIDE_SLUGS[0]}/az.webm").compress_type == \
        zipfile.ZIP_STORED


# -- served by the portal ----------------------------------------------------------------------
@pytest.mark.parametrize("slug", GUIDE_SLUGS)
def test_a_service_page_links_its_video_in_the_citizens_language(client, slug):
    service = service_for_guide(slug)
    link = re.compile(r'<a href="([^"]+)"[^>]*>(?:Video təlimat|Video guide)</a>')
    assert link.search(client.get(f"/xidmet/{service.slug}/").text).group(1) == \
        f"/guides/{slug}/#video-telimat"
    client.get("/dil/en?next=/")
    assert link.search(client.get(f"/xidmet/{service.slug}/").text).group(1) == \
        f"/guides/en/{slug}/#video-telimat"


def test_a_video_is_served_in_ranges_and_its_captions_as_webvtt(client):
    url = f"/guides/videos/{GUIDE_SLUGS[0]}/az.webm"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.mimetype == "video/webm"
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = client.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    assert part.headers["Content-Range"].startswith("bytes 0-99/")
    captions = client.get(f"/guides/videos/{GUIDE_SLUGS[0]}/az.vtt")
    assert captions.mimetype == "text/vtt" and captions.text.startswith("WEBVTT")
    assert io.BytesIO(whole.data).read(4) == b"\x1a\x45\xdf\xa3"
