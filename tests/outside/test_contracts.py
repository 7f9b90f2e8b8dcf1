"""Each outside system has a written OpenAPI 3 contract (contracts/<system>.yaml), the sandbox
service serves exactly its paths, and everything that changes something takes an
Idempotency-Key (contracts/README.md)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from core.platform.settings import OUTSIDE_SYSTEMS

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
CHANGING = {"post", "put", "patch", "delete"}


def _contract(system: str) -> dict:
    return yaml.safe_load((CONTRACTS / f"{system}.yaml").read_text())


def _parameters(operation: dict, path_item: dict, document: dict) -> list[dict]:
    found = []
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        if "$ref" in parameter:
            name = parameter["$ref"].rsplit("/", 1)[-1]
            parameter = document["components"]["parameters"][name]
        found.append(parameter)
    return found


@pytest.mark.parametrize("system", OUTSIDE_SYSTEMS)
def test_every_outside_system_has_a_valid_openapi_3_contract(system):
    document = _contract(system)
    validate(document)
    assert document["openapi"].startswith("3.")


@pytest.mark.parametrize("system", OUTSIDE_SYSTEMS)
def test_every_change_takes_an_idempotency_key(system):
    document = _contract(system)
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in CHANGING:
                continue
            names = {(p["in"], p["name"].lower(), p.get("required", False))
                     for p in _parameters(operation, item, document)}
            if ("header", "idempotency-key", True) not in names:
                missing.append(f"{method.upper()} {path}")
    assert missing == []


def _served(system: str) -> set[tuple[str, str]]:
    from sandbox_service import create_app
    from core.platform.settings import Settings
    app = create_app(Settings.from_environment({}, sandbox_database_url="sqlite://"))
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(f"/{system}/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(system) + 1:])
        served |= {(method.lower(), path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return served


@pytest.mark.parametrize("system", OUTSIDE_SYSTEMS)
def test_the_sandbox_serves_exactly_the_contract(system):
    document = _contract(system)
    written = {(method, re.sub(r"\{[^}]+\}", "{}", path))
               for path, item in document["paths"].items()
               for method in item if method in CHANGING | {"get"}}
    served = {(method, re.sub(r"\{[^}]+\}", "{}", path)) for method, path in _served(system)}
    assert served == written
