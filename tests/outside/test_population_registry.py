"""The population registry over HTTP against the sandbox service (contracts/
population_registry.yaml): the demo citizens are found, by FİN and by FİN and ID card, no one
else is, and a registry that is down is "try again shortly" at once."""
from __future__ import annotations

import logging
import time

import pytest

from core.kernel.http_population_registry import HttpPopulationRegistry
from core.kernel.identity import RegistryUnavailable
from core.platform.outside import CircuitBreaker, OutsideSystem
from core.platform.settings import Settings
from core.sandbox.citizens import AYSEL, RESHAD
from sandbox_service import InProcessTransport, create_app


@pytest.fixture
def sandbox(tmp_path):
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"))


def registry_on(sandbox, **options) -> HttpPopulationRegistry:
    return HttpPopulationRegistry(OutsideSystem(
        "population_registry", "http://sandbox/population_registry",
        transport=InProcessTransport(app=sandbox), sleep=lambda s: None, **options))


def switch(sandbox, mode: str | None, **fault):
    with sandbox.test_client() as client:
        if mode is None:
            assert client.delete("/faults/population_registry").status_code == 204
        else:
            assert client.post("/faults/population_registry",
                               json={"mode": mode, **fault}).status_code == 200


def test_the_registry_finds_the_demo_citizens_by_id_card_and_fin(sandbox):
    registry = registry_on(sandbox)
    aysel = registry.find("aze 1234 5678", "5zx8k2p")
    assert (aysel.fin, aysel.full_name, aysel.address) == (
        AYSEL.fin, AYSEL.full_name, AYSEL.address)
    assert registry.find(RESHAD.id_card_number, RESHAD.fin).id_card_number == "AA1234567"


def test_someone_elses_card_and_an_unknown_fin_are_no_one(sandbox):
    registry = registry_on(sandbox)
    assert registry.find(RESHAD.id_card_number, AYSEL.fin) is None
    assert registry.find(AYSEL.id_card_number, "ZZZZZZZ") is None
    assert registry.find("", AYSEL.fin) is None


def test_a_person_is_found_by_fin_alone_as_meter_damage_asks(sandbox):
    registry = registry_on(sandbox)
    found = registry.person(RESHAD.fin)
    assert (found.surname, found.name, found.patronymic) == ("Əliyev", "Rəşad", "Vaqif oğlu")
    assert registry.person("ZZZZZZZ") is None
    assert registry.person("") is None  # the registry answers 400: no one


def test_a_registry_that_is_down_is_unavailable_and_the_circuit_then_answers_at_once(sandbox):
    switch(sandbox, "down")
    registry = registry_on(sandbox, breaker=CircuitBreaker(failures_to_open=3))
    with pytest.raises(RegistryUnavailable):
        registry.find(AYSEL.id_card_number, AYSEL.fin)
    assert registry.system.breaker.is_open
    switch(sandbox, "slow", seconds=3)  # would hold a call for 3 s, were it made
    started = time.perf_counter()
    with pytest.raises(RegistryUnavailable):
        registry.person(AYSEL.fin)
    assert time.perf_counter() - started < 1


def test_a_failed_lookup_is_asked_again_and_answers(sandbox):
    switch(sandbox, "error", count=2)
    registry = registry_on(sandbox, retries=2)
    assert registry.person(AYSEL.fin).fin == AYSEL.fin


def test_neither_fin_nor_id_card_is_in_a_log_line(sandbox, caplog):
    with caplog.at_level(logging.INFO, logger="egov.outside"):
        registry_on(sandbox).find(AYSEL.id_card_number, AYSEL.fin)
    lines = [f"{r.getMessage()} {vars(r)}" for r in caplog.records]
    assert lines and not any(AYSEL.fin in line or AYSEL.id_card_number in line
                             for line in lines)
