"""The benchmark's own arithmetic: the slow-link floor and the fresh IMEIs it registers."""
from __future__ import annotations

import random

import pytest

from bench.floor import SLOW_3G, TWO_G, floor_seconds, fresh_imei, luhn_check_digit
from core.kernel.luhn import is_valid


def test_the_floor_is_one_latency_per_round_trip_plus_the_bytes_at_the_link_speed():
    # Slow 3G: 2 s latency, 400 kbit/s = 50,000 bytes/s both ways
    assert floor_seconds(8, 100_000, SLOW_3G) == pytest.approx(16 + 2)
    # 2G: 0.3 s latency, 31,250 bytes/s down, 12,500 up
    assert floor_seconds(2, 31_250, TWO_G, bytes_up=12_500) == pytest.approx(0.6 + 1 + 1)


def test_the_check_digit_of_the_demo_samsung_is_the_one_in_the_demo_data():
    assert luhn_check_digit("35332511123456") == "7"
    assert luhn_check_digit("35209900176148") == "1"


def test_fresh_imeis_are_valid_samsungs_and_differ():
    rng = random.Random(15)
    imeis = {fresh_imei(rng=rng) for _ in range(200)}
    assert len(imeis) > 190
    for imei in imeis:
        assert len(imei) == 15 and imei.startswith("35332511") and is_valid(imei)
