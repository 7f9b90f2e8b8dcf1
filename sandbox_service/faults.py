"""Faults switched on the sandbox per system at run time, as QA and the fault tests need:

    POST /faults/<system>  {"mode": "down"}             every call answers 503 until cleared
    POST /faults/<system>  {"mode": "slow", "seconds": 3}
    POST /faults/<system>  {"mode": "error", "count": 2} the next 2 calls answer 500
    POST /faults/<system>  {"mode": "lost", "count": 1}  the next call takes effect, then
                                                         hangs up without its answer
    DELETE /faults/<system>                              back to normal
    GET /faults                                          what is switched on

"lost" is applied by the system itself after it has done the work (see `lose_answer`): the
request took effect and the caller hears nothing, the case the portal's reconciliation is for."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, jsonify, request

MODES = ("down", "slow", "error", "lost")

bp = Blueprint("faults", __name__, url_prefix="/faults")


@dataclass
class Fault:
    mode: str
    seconds: float = 0.0
    count: int | None = None  # None: until cleared


class AnswerLostOnPurpose(Exception):
    """Raised after the work is done; the WSGI layer drops the connection without answering."""


class Switchboard:
    def __init__(self):
        self._faults: dict[str, Fault] = {}
        self._lock = threading.Lock()

    def set(self, system: str, fault: Fault | None) -> None:
        with self._lock:
            if fault is None:
                self._faults.pop(system, None)
            else:
                self._faults[system] = fault

    def current(self) -> dict[str, Fault]:
        with self._lock:
            return dict(self._faults)

    def _take(self, system: str, modes: tuple[str, ...]) -> Fault | None:
        with self._lock:
            fault = self._faults.get(system)
            if fault is None or fault.mode not in modes:
                return None
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.pop(system, None)
            return fault

    def apply(self, system: str):
        """Before the call: a response for down/error, a pause for slow, None to go on."""
        fault = self._take(system, ("down", "error", "slow"))
        if fault is None:
            return None
        if fault.mode == "slow":
            time.sleep(fault.seconds)
            return None
        if fault.mode == "down":
            return jsonify(code="unavailable", message=f"{system} is down"), 503
        return jsonify(code="internal_error", message=f"{system} failed"), 500

    def answer_lost(self, system: str) -> bool:
        return self._take(system, ("lost",)) is not None


def switchboard() -> Switchboard:
    return current_app.extensions["sandbox_faults"]


def lose_answer(system: str) -> None:
    """Call after the work is committed: with a "lost" fault on, the caller gets no answer."""
    if switchboard().answer_lost(system):
        raise AnswerLostOnPurpose(system)


@bp.get("")
def listing():
    return jsonify({name: vars(fault) for name, fault in switchboard().current().items()})


@bp.post("/<system>")
def switch_on(system: str):
    body = request.get_json(silent=True) or {}
    mode = body.get("mode")
    if mode not in MODES:
        abort(400)
    switchboard().set(system, Fault(mode=mode, seconds=float(body.get("seconds") or 0),
                                    count=int(body["count"]) if body.get("count") else None))
    return jsonify(system=system, mode=mode)


@bp.delete("/<system>")
def switch_off(system: str):
    switchboard().set(system, None)
    return "", 204
