"""A worker that dies between committing a hold and spending the admission (hardening round
three, "also seen"): the hold is there, the admission was left taken and the next in line kept
waiting for its 10 minutes. The minute's housing job ends it (core.housing.jobs), with the
app's own waiting room (the job consumer builds the same one)."""
from __future__ import annotations

import pytest

from core.housing.jobs import end_used_admissions
from tests.pagecheck import check_page
from core.sandbox.citizens import AYSEL, RESHAD
from tests.web.housing_support import FLATS, enter_with_token, free_flats, press
from tests.web.test_housing_waiting_room import QUEUE, sent_to_wait, set_capacity


class WorkerDied(Exception):
    pass


def test_the_next_in_line_goes_in_within_a_minute_of_a_worker_dying_mid_press(
        app, client, monkeypatch):
    set_capacity(client, 1)
    aysel, reshad = app.test_client(), app.test_client()
    enter_with_token(aysel, AYSEL)
    flat = free_flats(aysel)[0]  # she is inside: the flats page is hers
    enter_with_token(reshad, RESHAD)
    sent_to_wait(reshad.get(FLATS))  # he waits

    def die(_sale_id):
        raise WorkerDied

    monkeypatch.setattr("web.services.housing.choose.spend_admission", die)
    with pytest.raises(WorkerDied):
        press(aysel, flat)
    assert "Növbədə yeriniz: 1" in check_page(reshad.get(QUEUE)).text  # still taken

    end_used_admissions.call_local()
    assert 'id="flats-region"' in reshad.get(FLATS).get_data(as_text=True)  # his now
