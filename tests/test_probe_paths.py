"""The probe's hostile URLs (bench/probe/paths.py): every number in a path or query gets the
hostile numbers, every other segment the hostile text, once per shape of URL."""
from __future__ import annotations

from bench.probe.hostile import ADDRESSES, cases
from bench.probe.paths import KNOWN_QUERY_NUMBERS, NUMBERS, QUERY_NUMBERS, SEGMENTS, targets


def test_each_number_and_each_segment_of_a_url_gets_every_hostile_value():
    found = targets({"/guzestli-menzil/satis/1/bolgu-jurnali?sehife=2"}, set())
    gets = {url for method, url in found if method == "GET"}
    for number in NUMBERS:
        assert f"/guzestli-menzil/satis/{number}/bolgu-jurnali?sehife=2" in gets
    for segment in SEGMENTS:
        assert f"/{segment}/satis/1/bolgu-jurnali?sehife=2" in gets
        assert f"/guzestli-menzil/satis/1/{segment}?sehife=2" in gets
    assert any("sehife=%C2%B2" in url for url in gets)  # the query's number too


def test_urls_of_one_shape_are_varied_once_and_actions_are_posted():
    found = targets({"/guzestli-menzil/menzil/3/tesdiq", "/guzestli-menzil/menzil/4/tesdiq"},
                    {"/guzestli-menzil/menzil/3/tesdiq", "/guzestli-menzil/menzil/4/tesdiq"})
    posted = [url for method, url in found if method == "POST"]
    assert len(posted) == len(NUMBERS) + 3 * len(SEGMENTS)
    known = len(KNOWN_QUERY_NUMBERS) * len(QUERY_NUMBERS)
    assert len(found) == len(posted) + known


def test_every_e_mail_field_gets_each_address_with_a_line_break_first():
    subs = list(cases(["csrf_token", "email", "fin"], [("csrf_token", "t"), ("email", "a@b.az"),
                                                       ("fin", "5ZX8K2P")], 40, 1))
    sent = [dict(s.pairs)["email"] for s in subs[:len(ADDRESSES)]]
    assert sent == ADDRESSES and len(subs) == 40
