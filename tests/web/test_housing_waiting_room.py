"""The waiting room as citizens meet it: without a queue they never see it; before the opening
and when the sale is full they wait on /novbe with a place given once in a signed ticket, the
page refreshing itself (Refresh header without JavaScript; with it, a script asking the sale's
shared status), and are let in with an HttpOnly admission cookie and sent on; a forged or
another citizen's ticket or token is refused with a sentence; Təsdiq et goes at a person's pace."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.housing_support import (
    CLOCK, FLATS, SALE, a_second_later, enter_with_token, free_flats, press, set_phase,
)

QUEUE = "/guzestli-menzil/satis/1/novbe"
STATUS = "/guzestli-menzil/satis/1/novbe/veziyyet"
COOKIE, TICKET, COOKIE_PATH = "novbe-1", "yer-1", "/guzestli-menzil/"


def set_capacity(client, capacity: int):
    return client.submit(CLOCK + "tutum", {"capacity": str(capacity)}, form_url=CLOCK)


def inside(answer) -> bool:
    """The step answered with the sale's own page (the flats list), not the waiting page."""
    return answer.status_code == 200 and 'id="flats-region"' in answer.get_data(as_text=True)


def sent_to_wait(answer) -> str:
    """A newcomer's step answers with the waiting page itself (one request, not a redirect),
    refreshing itself to the queue page: that page's address."""
    assert answer.status_code == 200 and "Satışa növbə" in answer.get_data(as_text=True)
    seconds, queue = answer.headers["Refresh"].split("; url=")
    assert int(seconds) > 0 and queue.startswith(QUEUE + "?next=")
    return queue


def citizen(app, person):
    browser = app.test_client()
    enter_with_token(browser, person)
    return browser


def test_without_a_queue_the_flats_open_at_once_with_an_httponly_admission_cookie(app, client):
    enter_with_token(client, AYSEL)
    flats = client.get(FLATS)
    assert flats.status_code == 200
    cookie = next(h for h in flats.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and f"Path={COOKIE_PATH}" in cookie
    assert "Secure" not in cookie  # plain HTTP here; Secure when the request came over HTTPS
    assert inside(client.get(FLATS))


def test_before_the_opening_the_citizen_waits_for_the_draw_and_is_let_in_at_the_opening(
        app, client):
    set_phase(app.test_client(), "not_open")
    enter_with_token(client, AYSEL)
    first = client.get(SALE)
    queue = sent_to_wait(first)
    assert "Siz növbədəsiniz." in check_page(first, LATER_STEP_BUDGET_KB).text
    ticket = client.get_cookie(TICKET, path=COOKIE_PATH)
    assert ticket is not None and AYSEL.fin not in ticket.value
    answer = client.get(queue)
    page = check_page(answer, LATER_STEP_BUDGET_KB)
    assert "Siz növbədəsiniz." in page.text and "püşklə" in page.text
    assert "Püşkü gözləyənlər: 1 nəfər." in page.text
    assert answer.headers["Refresh"] == f"5; url={queue}"  # without JavaScript it asks again
    html = answer.get_data(as_text=True)
    assert f'data-queue-status="{STATUS}"' in html and 'data-place="0"' in html
    assert 'method="get"' in html and "Yenilə" in html
    client.get(FLATS)  # another tab, another page of the sale: still the one place
    assert "Püşkü gözləyənlər: 1 nəfər." in check_page(client.get(QUEUE)).text
    assert client.get(STATUS).json["drawn"] is False

    set_phase(app.test_client(), "open")
    admitted = client.get(queue)  # the page sends him on: the step decides
    assert admitted.status_code == 303 and admitted.headers["Location"] == SALE
    assert "İpoteka kreditinin vəsaiti hesabına" in check_page(client.get(SALE)).text
    assert client.get_cookie(COOKIE, path=COOKIE_PATH) is not None


def test_with_javascript_the_page_asks_the_status_instead_of_refreshing_itself(app, client):
    set_phase(app.test_client(), "not_open")
    enter_with_token(client, AYSEL)
    client.set_cookie("js", "1", path="/")  # what portal.js sets where fetch works
    for answer in (client.get(SALE), client.get(QUEUE, query_string={"next": SALE})):
        assert answer.status_code == 200 and "Refresh" not in answer.headers
        assert "data-queue-status" in answer.get_data(as_text=True)


def test_when_the_sale_is_full_the_next_waits_with_a_place_and_goes_in_when_one_frees(
        app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    assert inside(client.get(FLATS))
    reshad = citizen(app, RESHAD)
    queue = sent_to_wait(reshad.get(FLATS))
    assert parse_qs(urlsplit(queue).query)["next"] == [FLATS]
    page = check_page(reshad.get(queue), LATER_STEP_BUDGET_KB)
    assert "Növbədə yeriniz: 1" in page.text and "Qarşınızda təxminən 0 nəfər var." in page.text
    assert "Növbə nömrəniz: 2." in page.text
    assert "Eyni anda ən çoxu 1 nəfər mənzil seçə bilər" in page.text
    assert reshad.get(STATUS).json["frontier"] == 1  # his page compares 2 with it
    polled = reshad.get(FLATS, headers={"HX-Request": "true", "HX-Target": "flats-region"})
    assert polled.headers["HX-Redirect"].startswith(QUEUE + "?next=")
    for _ in range(5):  # asking faster does not move him
        assert "Növbədə yeriniz: 1" in check_page(reshad.get(queue)).text

    held = press(client, free_flats(client)[0])  # Aysel holds a flat: her admission is spent
    assert held.headers["Location"].endswith("netice=held")
    a_second_later(app)
    assert reshad.get(STATUS).json["frontier"] == 2  # his turn: his page goes on by itself
    let_in = reshad.get(queue, headers={"HX-Request": "true"})
    assert let_in.headers["HX-Redirect"] == FLATS
    assert inside(reshad.get(FLATS))
    assert reshad.get_cookie(COOKIE, path=COOKIE_PATH) is not None


def test_the_status_is_the_same_for_every_citizen_and_carries_nobodys_data(app, client, db):
    from flask import template_rendered
    from sqlalchemy import event

    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    client.get(FLATS)
    reshad = citizen(app, RESHAD)
    reshad.get(FLATS)
    a_second_later(app)
    statements, templates = [], []
    engine = app.extensions["egov_db"].engine
    count = lambda *args, **kwargs: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", count)
    template_rendered.connect(lambda *a, **k: templates.append(k), app)
    try:
        answers = [c.get(STATUS) for c in (client, reshad, app.test_client())] + \
            [reshad.get(STATUS) for _ in range(20)]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    first = statements[:]
    assert {a.get_data() for a in answers} == {answers[0].get_data()}  # one answer for all
    body = answers[0].get_data(as_text=True)
    for private in (AYSEL.fin, RESHAD.fin, "Aysel", "Rəşad"):
        assert private not in body
    assert set(answers[0].json) == {"sale", "phase", "queue", "drawn", "preQueued",
                                    "frontier", "issued", "perMinute", "allChosen"}
    answer = answers[1]
    assert answer.headers["Cache-Control"] == "public, max-age=1"
    assert "Set-Cookie" not in answer.headers and "Cookie" not in answer.headers.get("Vary", "")
    assert templates == []
    # 23 answers, the store and the sale read once (this second's copy), no session read
    assert "citizen_session" not in " ".join(first)
    assert len(first) <= 12


def test_a_forged_or_another_citizens_token_is_refused_with_a_sentence(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    client.get(FLATS)
    aysels = client.get_cookie(COOKIE, path=COOKIE_PATH).value
    reshad = citizen(app, RESHAD)
    reshad.set_cookie(COOKIE, aysels, path=COOKIE_PATH)
    refused = reshad.get(FLATS)
    sent_to_wait(refused)
    assert "başqa vətəndaşa" in check_page(refused).text
    reshad.set_cookie(COOKIE, aysels[:-2] + "xx", path=COOKIE_PATH)
    refused = reshad.get(FLATS)
    sent_to_wait(refused)
    assert "Giriş icazəniz etibarsızdır." in check_page(refused).text
    sent_to_wait(reshad.get(FLATS))  # still waiting: a forged token lets nobody in
    pressed = press(reshad, 1)  # a press is a POST: it is sent to the queue page, with why
    assert pressed.status_code == 303 and pressed.headers["Location"].startswith(QUEUE)


def test_a_ticket_copied_from_another_citizen_does_not_give_his_place(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    client.get(FLATS)  # Aysel inside with ticket 1
    reshad = citizen(app, RESHAD)
    reshad.set_cookie(TICKET, client.get_cookie(TICKET, path=COOKIE_PATH).value,
                      path=COOKIE_PATH)
    sent = reshad.get(FLATS)
    sent_to_wait(sent)  # not let in on her ticket
    assert "Növbə nömrəniz: 2." in check_page(sent).text  # a place of his own, at the back
    forged = reshad.get_cookie(TICKET, path=COOKIE_PATH).value
    reshad.set_cookie(TICKET, "1" + forged[1:], path=COOKIE_PATH)
    sent_to_wait(reshad.get(FLATS))


def test_a_spent_token_does_not_let_a_second_press_past_the_queue(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    page = client.get(FLATS).get_data(as_text=True)
    spent_cookie = client.get_cookie(COOKIE, path=COOKIE_PATH).value
    flats = free_flats(client)
    client.post(f"/guzestli-menzil/menzil/{flats[0]}/tesdiq",
                data={"csrf_token": csrf_token(page), "usul": "ipoteka"})
    reshad = citizen(app, RESHAD)
    assert inside(reshad.get(FLATS))  # the place Aysel left is his
    client.set_cookie(COOKIE, spent_cookie, path=COOKIE_PATH)
    again = client.post(f"/guzestli-menzil/menzil/{flats[1]}/tesdiq",
                        data={"csrf_token": csrf_token(page), "usul": "ipoteka"})
    assert again.status_code == 303 and "netice=spent" in again.headers["Location"]


def test_the_queue_page_sends_on_only_to_this_service(app, client):
    enter_with_token(client, AYSEL)
    for bad in ("https://evil.example/", "//evil.example/", "/xidmet/"):
        answer = client.get(QUEUE, query_string={"next": bad})
        assert answer.headers["Location"] == SALE


def test_pressing_faster_than_a_person_says_when_to_try_again_and_keeps_the_method(
        app, client):
    reshad = citizen(app, RESHAD)
    taken = free_flats(reshad)[0]
    press(reshad, taken)
    enter_with_token(client, AYSEL)
    first = press(client, taken)
    assert "netice=flat_taken" in first.headers["Location"]
    second = press(client, taken)
    assert "netice=pace" in second.headers["Location"]
    page = check_page(client.get(second.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "çox tez sıxdınız" in page.text and "saniyədən sonra cəhd edin" in page.text
    assert "İpoteka kreditinin vəsaiti hesabına" in page.text  # the method chosen is kept


def test_leaving_the_sale_lets_the_next_in_and_refuses_the_token_left_behind(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    page = client.get(FLATS).get_data(as_text=True)
    left_behind = client.get_cookie(COOKIE, path=COOKIE_PATH).value
    reshad = citizen(app, RESHAD)
    waiting = sent_to_wait(reshad.get(FLATS))
    assert "Satışdan çıx" in page
    left = client.post("/guzestli-menzil/satis/1/novbe/cix", data={"csrf_token": csrf_token(page)})
    assert left.status_code == 303 and left.headers["Location"] == "/guzestli-menzil/"
    assert reshad.get(waiting).headers["Location"] == FLATS
    client.set_cookie(COOKIE, left_behind, path=COOKIE_PATH)
    refused = client.get(FLATS)
    sent_to_wait(refused)
    assert "Bu giriş icazəsi artıq istifadə olunub." in check_page(refused).text


def test_when_every_flat_is_chosen_the_queue_page_and_the_status_say_so(app, client, db):
    from core.housing import holds
    from core.housing.models import Cabinet, Flat
    from core.kernel.db import utcnow

    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    assert inside(client.get(FLATS))  # Aysel is inside: Rəşad has to wait
    reshad = citizen(app, RESHAD)
    queue = sent_to_wait(reshad.get(FLATS))
    assert 'id="all-chosen" hidden' in reshad.get(queue).get_data(as_text=True)
    for number, flat in enumerate(db.query(Flat).filter_by(sale_id=1).all()):
        fin = f"Q{number:06d}"
        db.add(Cabinet(fin=fin, full_name=f"Alıcı {number}", mobile="0501112233",
                       opened_at=utcnow()))
        db.flush()
        assert holds.press_confirm(db, fin=fin, flat_id=flat.id,
                                   payment_method="ipoteka").outcome is holds.Outcome.HELD
    db.commit()
    a_second_later(app)
    page = check_page(reshad.get(queue), LATER_STEP_BUDGET_KB)
    assert "Hazırda bütün mənzillər seçilib." in page.text and "Növbədə yeriniz: 1" in page.text
    assert 'id="all-chosen" hidden' not in reshad.get(queue).get_data(as_text=True)
    assert reshad.get(STATUS).json["allChosen"] is True


def test_the_list_refreshes_with_nothing_while_nothing_changed(app, client):
    enter_with_token(client, AYSEL)
    html = client.get(FLATS).get_data(as_text=True)
    poll = html.split('id="flats-region" hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "versiya=" in poll
    region = {"HX-Request": "true", "HX-Target": "flats-region"}
    unchanged = client.get(poll, headers=region)
    assert unchanged.status_code == 204 and unchanged.get_data() == b""
    reshad = citizen(app, RESHAD)
    press(reshad, free_flats(reshad)[0])
    a_second_later(app)
    changed = client.get(poll, headers=region)
    assert changed.status_code == 200 and "Seçilib" in changed.get_data(as_text=True)
    html = changed.get_data(as_text=True)
    poll = html.split('id="flats-region" hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert client.get(poll, headers=region).status_code == 204
    set_phase(app.test_client(), "waiting_list")  # what may be pressed changes with the phase
    assert client.get(poll, headers=region).status_code == 200


def test_no_sale_number_is_too_big_for_the_status(client):
    assert client.get("/guzestli-menzil/satis/999/novbe/veziyyet").status_code == 404


def test_a_waiting_citizens_refresh_reads_no_session_and_asks_the_database_at_most_once_a_second(
        app, client):
    from sqlalchemy import event

    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    client.get(FLATS)
    reshad = citizen(app, RESHAD)
    queue = sent_to_wait(reshad.get(FLATS))
    reshad.get(queue)  # this second's copies of the sale and the line are made
    statements = []
    engine = app.extensions["egov_db"].engine
    count = lambda *args, **kwargs: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", count)
    try:
        pages = [check_page(reshad.get(queue)) for _ in range(10)]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert all("Növbədə yeriniz: 1" in page.text for page in pages)
    assert not any("auth_session" in s for s in statements)  # the ticket, not the session
    assert len(statements) <= 12  # at most one second's reading of the sale and the line
    assert "Çıxış" not in pages[0].text and "Daxil ol" not in pages[0].text
