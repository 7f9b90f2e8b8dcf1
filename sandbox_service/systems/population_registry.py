"""The population registry (contracts/population_registry.yaml): the demo citizens of
demo-data.md (core.sandbox.citizens), looked up by FİN, and by FİN and ID card. Read-only
reference data: no tables of its own."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request

from core.sandbox import population_registry

bp = Blueprint("population_registry", __name__, url_prefix="/population_registry")


@bp.get("/people")
def find_person():
    fin = request.args.get("fin", "").strip()
    if not fin:
        return jsonify(code="bad_request", message="fin is required"), 400
    found = population_registry.person(fin, request.args.get("id_card_number"))
    if found is None:
        return jsonify(code="not_found", message="no such person"), 404
    return jsonify(asdict(found))
