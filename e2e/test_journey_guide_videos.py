"""Video təlimat as a citizen meets it: the service page's “Video təlimat” opens the guide at
its video, in the citizen's language; nothing of the video loads until it is played (the
guide page's own budget holds); played, it runs, and its captions are the guide's steps."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.video_scripts import SCRIPTS

BILLS = "rabite-ve-kommunal-odenisler"
LINK = {"az": "Video təlimat", "en": "Video guide"}
GUIDE_PAGE_KB = 30  # the guides' own budget for a page's HTML (issue 6)


@pytest.mark.parametrize("language", ["az", "en"])
def test_the_service_pages_video_link_opens_the_guides_video_which_loads_only_when_played(
        journey, language):
    page = journey.open(f"/xidmet/{BILLS}/", language)
    media = []
    page.on("request", lambda request: media.append(request.url)
            if re.search(r"\.(webm|vtt)$", request.url) else None)
    page.get_by_role("link", name=LINK[language], exact=True).click()
    prefix = "" if language == "az" else "en/"
    expect(page).to_have_url(re.compile(rf"/guides/{prefix}{BILLS}/#video-telimat$"))
    video = page.locator("video")
    expect(video).to_have_attribute("preload", "none")
    expect(video).to_have_attribute("poster", re.compile(rf"images/catalogue/{language}/"))
    expect(page.locator(".video-telimat__about")).to_contain_text(re.compile(r"\d+:\d\d, \d+ KB"))
    journey.check(budget_kb=GUIDE_PAGE_KB)
    assert media == [], f"loaded before play: {media}"
    if not journey.js_enabled:
        return  # the player's own controls; the rest needs a script to press play and look

    # muted, as a page may start it without a press (the video has no sound anyway)
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5",
                           timeout=15_000)
    assert any(url.endswith(f"/videos/{BILLS}/{language}.webm") for url in media)
    # pressing play turned the captions on
    cues = page.evaluate("""() => new Promise(resolve => {
        const track = document.querySelector('video').textTracks[0];
        if (track.mode !== 'showing') { resolve(['captions are ' + track.mode]); return; }
        const read = () => track.cues && track.cues.length
            ? resolve(Array.from(track.cues, cue => cue.text)) : setTimeout(read, 100);
        read();
    })""")
    names = [(step.en if language == "en" else step.az)[0] for step in SCRIPTS[BILLS].steps]
    assert [cue.splitlines()[0].split(". ", 1)[1] for cue in cues] == names
