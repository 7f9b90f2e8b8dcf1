"""The waiting room as citizens meet it: without a queue they never see it; before the opening
and when the sale is full they wait on /novbe (their place, refreshing itself with htmx and by a
Yenilə button), are let in with an HttpOnly cookie and sent on; a forged or another citizen's
token is refused with a sentence; Təsdiq et goes at a person's pace."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from core.sandbox.citizens import AYSEL, RESHAD
from tests.conftest import csrf_token
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.housing_support import (
    CLOCK, FLATS, SALE, enter_with_token, free_flats, press, set_phase,
)

QUEUE = "/guzestli-menzil/satis/1/novbe"
COOKIE, COOKIE_PATH = "novbe-1", "/guzestli-menzil/"
REGION = {"HX-Request": "true", "HX-Target": "queue-region"}


def set_capacity(client, capacity: int):
    return client.submit(CLOCK + "tutum", {"capacity": str(capacity)}, form_url=CLOCK)


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
    assert client.get(FLATS).status_code == 200


def test_before_the_opening_the_citizen_waits_for_the_draw_and_is_let_in_at_the_opening(
        app, client):
    set_phase(app.test_client(), "not_open")
    enter_with_token(client, AYSEL)
    sent = client.get(SALE)
    assert sent.status_code == 303 and sent.headers["Location"].startswith(QUEUE + "?next=")
    page = check_page(client.get(sent.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "Siz növbədəsiniz." in page.text and "püşklə" in page.text
    assert "Püşkü gözləyənlər: 1 nəfər." in page.text
    html = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'hx-trigger="every 10s"' in html and 'method="get"' in html and "Yenilə" in html
    assert client.get(QUEUE, headers=REGION).get_data(as_text=True).startswith(
        '<div id="queue-region"')
    client.get(FLATS)  # another tab, another page of the sale: still the one place
    assert "Püşkü gözləyənlər: 1 nəfər." in check_page(client.get(QUEUE)).text

    set_phase(app.test_client(), "open")
    admitted = client.get(sent.headers["Location"])
    assert admitted.status_code == 303 and admitted.headers["Location"] == SALE
    assert client.get_cookie(COOKIE, path=COOKIE_PATH) is not None
    assert "İpoteka kreditinin vəsaiti hesabına" in check_page(client.get(SALE)).text


def test_when_the_sale_is_full_the_next_waits_with_a_place_and_goes_in_when_one_frees(
        app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    assert client.get(FLATS).status_code == 200
    reshad = citizen(app, RESHAD)
    sent = reshad.get(FLATS)
    assert sent.status_code == 303
    assert parse_qs(urlsplit(sent.headers["Location"]).query)["next"] == [FLATS]
    page = check_page(reshad.get(sent.headers["Location"]), LATER_STEP_BUDGET_KB)
    assert "Növbədə yeriniz: 1" in page.text and "Qarşınızda təxminən 0 nəfər var." in page.text
    assert "Eyni anda 1 nəfər mənzil seçə bilər." in page.text
    polled = reshad.get(FLATS, headers={"HX-Request": "true", "HX-Target": "flats-region"})
    assert polled.headers["HX-Redirect"].startswith(QUEUE + "?next=")
    for _ in range(5):  # polling faster does not move him
        assert "Növbədə yeriniz: 1" in reshad.get(sent.headers["Location"]).get_data(as_text=True)

    held = press(client, free_flats(client)[0])  # Aysel holds a flat: her admission is spent
    assert held.headers["Location"].endswith("netice=held")
    let_in = reshad.get(sent.headers["Location"], headers=REGION)
    assert let_in.headers["HX-Redirect"] == FLATS
    assert reshad.get_cookie(COOKIE, path=COOKIE_PATH) is not None
    assert reshad.get(FLATS).status_code == 200


def test_a_forged_or_another_citizens_token_is_refused_with_a_sentence(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    client.get(FLATS)
    aysels = client.get_cookie(COOKIE, path=COOKIE_PATH).value
    reshad = citizen(app, RESHAD)
    reshad.set_cookie(COOKIE, aysels, path=COOKIE_PATH)
    refused = reshad.get(FLATS)
    assert refused.status_code == 303 and "netice=other" in refused.headers["Location"]
    assert "başqa vətəndaşa" in check_page(reshad.get(refused.headers["Location"])).text
    reshad.set_cookie(COOKIE, aysels[:-2] + "xx", path=COOKIE_PATH)
    refused = reshad.get(FLATS)
    assert "netice=forged" in refused.headers["Location"]
    assert "Giriş icazəniz etibarsızdır." in check_page(reshad.get(refused.headers["Location"])).text
    assert reshad.get(FLATS).status_code == 303  # still waiting: a forged token lets nobody in


def test_a_spent_token_does_not_let_a_second_press_past_the_queue(app, client):
    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    page = client.get(FLATS).get_data(as_text=True)
    spent_cookie = client.get_cookie(COOKIE, path=COOKIE_PATH).value
    flats = free_flats(client)
    client.post(f"/guzestli-menzil/menzil/{flats[0]}/tesdiq",
                data={"csrf_token": csrf_token(page), "usul": "ipoteka"})
    reshad = citizen(app, RESHAD)
    assert reshad.get(FLATS).status_code == 200  # the place Aysel left is his
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
    waiting = reshad.get(FLATS).headers["Location"]
    assert "Satışdan çıx" in page
    left = client.post("/guzestli-menzil/satis/1/novbe/cix", data={"csrf_token": csrf_token(page)})
    assert left.status_code == 303 and left.headers["Location"] == "/guzestli-menzil/"
    assert reshad.get(waiting).headers["Location"] == FLATS
    client.set_cookie(COOKIE, left_behind, path=COOKIE_PATH)
    assert "netice=spent" in client.get(FLATS).headers["Location"]


def test_when_every_flat_is_chosen_the_queue_page_says_so(app, client, db):
    from core.housing import holds
    from core.housing.models import Cabinet, Flat
    from core.kernel.db import utcnow

    set_capacity(app.test_client(), 1)
    enter_with_token(client, AYSEL)
    assert client.get(FLATS).status_code == 200  # Aysel is inside: Rəşad has to wait
    reshad = citizen(app, RESHAD)
    queue = reshad.get(FLATS).headers["Location"]
    assert "bütün mənzillər seçilib" not in reshad.get(queue).get_data(as_text=True)
    for number, flat in enumerate(db.query(Flat).filter_by(sale_id=1).all()):
        fin = f"Q{number:06d}"
        db.add(Cabinet(fin=fin, full_name=f"Alıcı {number}", mobile="0501112233",
                       opened_at=utcnow()))
        db.flush()
        assert holds.press_confirm(db, fin=fin, flat_id=flat.id,
                                   payment_method="ipoteka").outcome is holds.Outcome.HELD
    db.commit()
    app.extensions["housing"].pop("free_flats", None)  # as if 2 s had passed
    page = check_page(reshad.get(queue), LATER_STEP_BUDGET_KB)
    assert "Hazırda bütün mənzillər seçilib." in page.text and "Növbədə yeriniz: 1" in page.text
