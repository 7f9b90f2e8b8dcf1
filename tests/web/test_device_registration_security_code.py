"""The security code of device registration's first step is a signed token until it is
answered: showing the step writes nothing, answering records it, and a solved one replayed
from an old cookie is refused."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, func, select

from core.platform.models import SecurityChallenge
from tests.pagecheck import check_page
from tests.web.device_registration_support import BASE, check

COOKIE = "egov_session"


@contextmanager
def statements(app):
    """Every SQL statement the app sends while the block runs."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_):
        sent.append(statement.strip().split()[0].upper())

    engine = app.extensions["egov_db"].engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def picture(response) -> str:
    check_page(response)
    html = response.get_data(as_text=True)
    return html.split('class="security-code__image" src="')[1].split('"')[0]


def answered(db) -> int:
    count = db.scalar(select(func.count()).select_from(SecurityChallenge))
    db.rollback()  # hold no lock while the app answers
    return count


def test_showing_the_first_step_writes_nothing_to_the_database(app, client, db):
    before = answered(db)
    with statements(app) as sent:
        first = picture(client.get(f"{BASE}/"))  # a new browser: a new code
        again = picture(client.get(f"{BASE}/"))  # the same code shown again
        image = client.get(first)
    assert image.status_code == 200 and b"<svg" in image.data and first == again
    writes = [s for s in sent if s in ("INSERT", "UPDATE", "DELETE", "REPLACE")]
    assert writes == [] and answered(db) == before
    assert not [s for s in sent if s != "SELECT" and s not in ("BEGIN", "ROLLBACK")]


def test_answering_the_code_records_it_as_used(app, client, db):
    before = answered(db)
    assert check(client).status_code == 302
    assert answered(db) == before + 1


def test_a_solved_code_replayed_from_an_old_cookie_is_refused(client):
    client.get(f"{BASE}/")
    shown = client.get_cookie(COOKIE).value  # the session holding the code, before answering
    assert check(client).status_code == 302
    client.set_cookie(COOKIE, shown)
    replayed = check(client)
    assert replayed.status_code == 200
    assert "Təhlükəsizlik kodunun vaxtı bitib" in check_page(replayed).text


def test_a_tampered_picture_address_draws_nothing(client):
    src = picture(client.get(f"{BASE}/"))
    assert client.get(src).status_code == 200
    assert client.get(src.replace(".svg", "0.svg")).status_code == 404
    nonce, expires, signature = src.rsplit("/", 1)[1].removesuffix(".svg").split("-")
    later = src.replace(f"-{expires}-", f"-{int(expires) + 3600}-")
    assert client.get(later).status_code == 404
