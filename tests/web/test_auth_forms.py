"""Whatever is typed into a sign-in form, the citizen gets a page that says what to do, never
a server error; and without the sandbox only the methods with a real provider are offered."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.pagecheck import check_page

ANY_TEXT = st.text(max_size=80)
FORMS = {
    "/daxil-ol/sifre": ("login", "password"),
    "/daxil-ol/asan-imza": ("mobile", "user_id"),
    "/daxil-ol/e-imza": ("certificate", "pin"),
}
QUICK = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("url", sorted(FORMS))
@QUICK
@given(first=ANY_TEXT, second=ANY_TEXT)
def test_any_input_gets_a_page_never_a_server_error(client, url, first, second):
    names = FORMS[url]
    response = client.submit(url, {names[0]: first, names[1]: second})
    assert response.status_code in (200, 303), response.status_code
    if response.status_code == 200:
        check_page(response)


@QUICK
@given(ANY_TEXT)
def test_any_next_address_stays_on_this_site(client, target):
    response = client.get("/daxil-ol/", query_string={"next": target, "xidmet": target})
    assert response.status_code in (200, 303)
    if response.status_code == 303:
        assert response.headers["Location"].startswith("/")


def test_without_the_sandbox_only_login_and_password_are_offered(app_config):
    from web import create_app

    production = create_app({**app_config, "SANDBOX": False})
    try:
        client = production.test_client()
        page = check_page(client.get("/daxil-ol/"))
        assert "İstifadəçi adı və şifrə ilə daxil ol" in page.text
        assert "Asan İmza ilə daxil ol" not in page.text
        assert client.get("/daxil-ol/asan-imza").status_code == 303
        assert client.get("/sandbox/asan-imza/0501234567").status_code == 404
    finally:
        production.extensions["egov_db"].engine.dispose()
