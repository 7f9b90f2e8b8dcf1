"""Video təlimat: each guide's short video, recorded by the journey that takes its figures.

A journey says which guide it walks (`video = guide_video.start(guide, language)`) and marks
each step of its script (e2e/video_scripts.py) as it reaches it: `video.step("card", button)`.
Every run checks that the journey takes its script's steps in order, all of them; with
--record-guide-videos (`make guide-videos`) the JavaScript-on run also takes a frame at each
step (the page at the video's frame size, the element the citizen acts on outlined), and after
the last step writes guides/videos/<guide>/<language>.webm and its WebVTT captions, written
from the same steps: the step's name and what the citizen does, in the video's language.

Playwright's own recorder needs its own ffmpeg, whose download is blocked on our machines:
the frames are screenshots, encoded by Debian's ffmpeg (e2e/find_ffmpeg.sh) as VP8 WebM."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from e2e.video_scripts import SCRIPTS, VideoScript, durations, webvtt

ROOT = Path(__file__).resolve().parent.parent
VIDEOS_ROOT = ROOT / "guides" / "videos"
FRAME = {"width": 800, "height": 600}  # the video's size: a small screen, text at full size
OUTLINE = (255, 221, 0)  # the portal's focus yellow, around what the citizen acts on
CAPTIONS_TOP = 440  # px of the frame: what the citizen acts on stays above the captions
# Scroll so the element's bottom is just above the captions, with as much of the page above it
# as fits (the form it ends); an element taller than that starts at the top instead.
SCROLL_INTO_FRAME = """(element, limit) => {
  const r = element.getBoundingClientRect();
  const y = r.height > limit - 40 ? r.top + window.scrollY - 20 : r.bottom + window.scrollY - limit;
  window.scrollTo(0, Math.max(0, y));
}"""


@dataclass
class GuideVideo:
    """One journey's walk through its guide's video script (see the module's docstring)."""

    journey: object  # e2e.support.Journey
    record: bool
    root: Path = VIDEOS_ROOT
    script: VideoScript | None = None
    language: str = "az"
    taken: list[str] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)

    def start(self, guide: str, language: str) -> "GuideVideo":
        self.script, self.language = SCRIPTS[guide], language
        self.taken, self.frames = [], []
        return self

    @property
    def recording(self) -> bool:
        return self.record and self.journey.js_enabled

    def step(self, key: str, target: Locator | None = None, page: Page | None = None) -> None:
        assert self.script is not None, "call guide_video.start(guide, language) first"
        expected = [s.key for s in self.script.steps]
        position = len(self.taken)
        assert position < len(expected) and expected[position] == key, (
            f"the journey took step {key!r} where the script of {self.script.guide} has "
            f"{expected[position] if position < len(expected) else 'no more steps'}: change "
            "e2e/video_scripts.py with the journey, then run make guide-videos")
        self.taken.append(key)
        if self.recording:
            self.frames.append(self._frame(page or self.journey.page, target))
        if len(self.taken) == len(expected) and self.recording:
            self._write()

    def complete(self) -> bool:
        return self.script is None or len(self.taken) == len(self.script.steps)

    def _frame(self, page: Page, target: Locator | None) -> bytes:
        from PIL import Image, ImageDraw

        if page is self.journey.page:
            self.journey.settle()
        viewport = page.viewport_size
        page.set_viewport_size(FRAME)
        try:
            page.mouse.move(0, 0)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            box = None
            if target is not None:
                target.evaluate(SCROLL_INTO_FRAME, CAPTIONS_TOP)
                box = target.bounding_box()
            png = page.screenshot(animations="allow", caret="initial")
        finally:
            page.set_viewport_size(viewport)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        if box:
            draw = ImageDraw.Draw(image)
            left, top = box["x"] - 5, box["y"] - 5
            right, bottom = box["x"] + box["width"] + 5, box["y"] + box["height"] + 5
            draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), outline=(11, 12, 12), width=2)
            draw.rectangle((left, top, right, bottom), outline=OUTLINE, width=4)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def _write(self) -> None:
        target = self.root / self.script.guide
        target.mkdir(parents=True, exist_ok=True)
        source = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
        captions = webvtt(self.script, self.language, source)
        encode(self.frames, durations(self.script, self.language),
               target / f"{self.language}.webm")
        (target / f"{self.language}.vtt").write_text(captions, "utf-8")


def ffmpeg() -> str:
    found = os.environ.get("EGOV_FFMPEG_PATH") or shutil.which("ffmpeg")
    assert found, "no ffmpeg: run make guide-videos, which installs Debian's"
    return found


def encode(frames: list[bytes], durations: list[float], target: Path) -> None:
    """The frames as a VP8 WebM, each shown for its duration: few frames a second (the picture
    changes once a step), a key frame every 10 s for seeking, no audio, no encoder tags."""
    with tempfile.TemporaryDirectory() as work:
        listing = ["ffconcat version 1.0"]
        for number, (frame, seconds) in enumerate(zip(frames, durations)):
            name = f"frame-{number:03d}.png"
            Path(work, name).write_bytes(frame)
            listing += [f"file '{name}'", f"duration {seconds}"]
        listing.append(f"file 'frame-{len(frames) - 1:03d}.png'")  # the last one's duration holds
        Path(work, "frames.txt").write_text("\n".join(listing) + "\n")
        partial = Path(work, "video.webm")
        subprocess.run(
            [ffmpeg(), "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
             "-i", "frames.txt", "-vf", "fps=4,format=yuv420p", "-c:v", "libvpx",
             "-b:v", "160k", "-crf", "12", "-qmin", "4", "-qmax", "40", "-g", "40",
             "-auto-alt-ref", "0", "-an", "-map_metadata", "-1", "-fflags", "+bitexact",
             "-flags:v", "+bitexact", "video.webm"],
            cwd=work, check=True)
        shutil.move(partial, target)


# -- pytest wiring (imported by e2e/conftest.py) -------------------------------------------------
def add_option(parser) -> None:
    parser.addoption("--record-guide-videos", action="store_true", default=False,
                     help="write the guide videos (guides/videos/…) from the journeys")


def pytest_collection_modifyitems(config, items):
    """With --record-guide-videos only the journeys that walk a video script run, JavaScript on."""
    if not config.getoption("record_guide_videos"):
        return
    keep = [item for item in items if "guide_video" in getattr(item, "fixturenames", ())
            and "nojs" not in item.name]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.guide_video_passed = report.passed


@pytest.fixture
def guide_video(journey, request) -> GuideVideo:
    video = GuideVideo(journey=journey, record=request.config.getoption("record_guide_videos"))
    yield video
    if getattr(request.node, "guide_video_passed", False):
        assert video.complete(), (
            f"the journey took {len(video.taken)} of the {len(video.script.steps)} steps of "
            f"{video.script.guide}'s video: change e2e/video_scripts.py with the journey")
