"""The e-gov identity app's PIN lock is kept by the database: wrong PINs entered through two
portal instances add up, and the 15-minute lock holds across a restart."""
from __future__ import annotations

from core.sandbox.citizens import AYSEL
from tests.conftest import PortalClient
from tests.pagecheck import check_page
from tests.web.egov_identity_support import app_answer, app_open, request_code, sign_in_url
from web import create_app


def another_app(app_config):
    """A second instance of the portal on the same database: another worker, or a restart."""
    second = create_app(app_config)
    second.test_client_class = PortalClient
    return second


def stop(*apps):
    for running in apps:
        running.extensions["egov_db"].engine.dispose()


def test_five_wrong_pins_through_two_instances_lock_the_app_across_a_restart(app, app_config):
    second = another_app(app_config)
    try:
        for n in range(5):
            instance = second if n % 2 else app
            phone = instance.test_client()
            app_open(phone, AYSEL, request_code(instance.test_client().get(sign_in_url())))
            app_answer(phone, AYSEL, pin="0000")
        for instance in (app, second):
            screen = check_page(instance.test_client().get(f"/sandbox/e-gov-identity/{AYSEL.fin}"))
            assert "5 dəfə ardıcıl yanlış" in screen.text
    finally:
        stop(app, second)
    restarted = another_app(app_config)
    try:
        request_code(restarted.test_client().get(sign_in_url()))  # a request waits on a screen
        response = restarted.test_client().get(f"/sandbox/e-gov-identity/{AYSEL.fin}")
        assert "bloklanıb" in check_page(response).text
        html = response.get_data(as_text=True)  # neither a code nor a PIN can be entered
        assert 'name="code"' not in html and 'name="pin"' not in html
    finally:
        stop(restarted)
