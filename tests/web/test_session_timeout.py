"""The session's end, said and warned of (issue 27, finding 12): every signed-in page says when
the session ends if nothing is done (Güzəştli mənzil's 500 minutes included) and carries the
warning dialog portal.js opens before it; "Sessiyanı davam etdir" keeps the session; and once
it has ended, the sign-in page says so and that the answers are kept, even when the request that
found it ended was not the one that asked for sign-in."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.pagecheck import check_page
from tests.web.auth_support import age_sessions, sign_in_with_password
from tests.web.housing_support import CABINET, enter_with_token

CALLS = "/seherlerarasi-danisiqlar/"
NOTE = re.compile(r'<p class="site-header__session" id="session-note" data-seconds-left="(\d+)" '
                  r'data-warn-seconds="300" data-ended-url="([^"]+)">Heç nə etməsəniz, '
                  r'sessiyanız bitəcək: saat (\d\d:\d\d)\.</p>')
STAY = "/sessiya/uzat"
AS_JSON = {"Accept": "application/json"}


def said(html: str) -> tuple[int, str, str]:
    match = NOTE.search(html)
    assert match, "the header does not say when the session ends"
    return int(match.group(1)), match.group(2).replace("&amp;", "&"), match.group(3)


def baku_clock(after: timedelta) -> set[str]:
    now = datetime.now(ZoneInfo("Asia/Baku")) + after
    return {(now + timedelta(minutes=m)).strftime("%H:%M") for m in (-1, 0)}


def test_a_signed_in_page_says_when_the_session_ends_and_carries_the_warning(client):
    assert 'id="session-note"' not in client.get("/").get_data(as_text=True)
    sign_in_with_password(client, AYSEL)
    response = client.get(CALLS)
    check_page(response)
    html = response.get_data(as_text=True)
    seconds, ended_url, clock = said(html)
    assert 1790 <= seconds <= 1800 and clock in baku_clock(timedelta(minutes=30))
    assert ended_url == "/daxil-ol/?next=%2Fseherlerarasi-danisiqlar%2F&xidmet=" \
        "seherlerarasi-danisiqlar&bitdi=1"
    assert 'aria-labelledby="timeout-title"' in html and "Sessiyanız tezliklə bitəcək" in html
    assert f'action="{STAY}"' in html and "Sessiyanı davam etdir" in html


def test_guzestli_menzils_page_counts_its_500_minutes_from_the_first_page(app, client):
    enter_with_token(client, RESHAD)
    seconds, _url, clock = said(client.get(CABINET).get_data(as_text=True))
    assert 500 * 60 - 10 <= seconds <= 500 * 60 and clock in baku_clock(timedelta(minutes=500))


def test_staying_signed_in_keeps_the_session_open_for_its_whole_idle_time_again(client, db):
    sign_in_with_password(client, AYSEL)
    token = csrf_token(client.get(CALLS).get_data(as_text=True))
    age_sessions(db, 26)
    kept = client.post(STAY, data={"csrf_token": token, "next": CALLS}, headers=AS_JSON)
    state = json.loads(kept.get_data(as_text=True))
    assert state["signed_in"] and 1790 <= state["seconds_left"] <= 1800
    assert state["note"].startswith("Heç nə etməsəniz, sessiyanız bitəcək: saat ")
    age_sessions(db, 26)  # 52 minutes after signing in, 26 after staying
    assert client.get(CALLS).status_code == 200
    # without JavaScript the form goes back to its page
    back = client.post(STAY, data={"csrf_token": token, "next": CALLS})
    assert back.status_code == 303 and back.headers["Location"] == CALLS


@pytest.mark.parametrize("headers", [AS_JSON, {}], ids=["json", "form"])
def test_staying_signed_in_after_the_end_leads_to_the_sign_in_page_saying_so(
        client, db, headers):
    sign_in_with_password(client, AYSEL)
    token = csrf_token(client.get(CALLS).get_data(as_text=True))
    age_sessions(db, 31)
    answer = client.post(STAY, data={"csrf_token": token, "next": CALLS}, headers=headers)
    if headers:
        assert answer.status_code == 401
    else:
        assert answer.status_code == 303 and "bitdi=1" in answer.headers["Location"]


def test_a_session_found_ended_on_a_public_page_is_still_explained_at_sign_in(client, db):
    """The first request after the idle time was the home page: the next, a signed-in page,
    still leads to a sign-in page that says why, and that the answers are kept."""
    sign_in_with_password(client, AYSEL)
    age_sessions(db, 31)
    check_page(client.get("/"))
    response = client.get(CALLS)
    assert response.status_code == 303 and "bitdi=1" in response.headers["Location"]
    page = check_page(client.get("/daxil-ol/"))  # the mark is the cookie's, not the address's
    assert "Sessiyanızın müddəti bitdi" in page.text and "cavablarınız saxlanılıb" in page.text
    assert "Sessiyanızın müddəti bitdi" not in check_page(client.get("/daxil-ol/")).text  # once
