"""The operator's call records over HTTP (contracts/call_records.yaml): the CallRecordsPort the
call-records pages read. Reads only, so the client may repeat any of them; the operator not
answering (down, circuit open, 5xx, no answer, or a 4xx the contract does not give) is
CallRecordsUnavailable.

    port = HttpCallRecords(connect(settings, "call_records"))
    records_for(port, fin, key, now)
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from core.call_records.records import Call, CallRecordsUnavailable, Dialled
from core.kernel.phones import Landline
from core.platform.outside import OutsideError, OutsideSystem, Refused

log = logging.getLogger("egov.call_records")


class HttpCallRecords:
    def __init__(self, system: OutsideSystem):
        self.system = system

    def landlines_of(self, fin: str) -> list[Landline]:
        found = self._get(f"/holders/{fin}/landlines")
        return [Landline(line["city_code"], line["number"]) for line in found["landlines"]]

    def calls_this_month(self, line: Landline, now: datetime) -> list[Call]:
        found = self._get(f"/landlines/{line.city_code}/{line.number}/calls",
                          params={"until": _utc_text(now)})
        return [Call(started_at=_parse_utc(call["started_at"]),
                     duration_seconds=int(call["duration_seconds"]),
                     dialled=Dialled(**{part: str(call["dialled"][part])
                                        for part in ("country", "area", "subscriber")}),
                     amount=int(call["amount"]), paid=bool(call["paid"]))
                for call in found["calls"]]

    def _get(self, path: str, params: dict | None = None) -> dict:
        try:
            return self.system.call("GET", path, params=params, expect=(200,)).json()
        except Refused as refused:
            log.error("call records refused %s with %s %s", path.split("/")[1], refused.status,
                      refused.problem.get("code"))
            raise CallRecordsUnavailable(str(refused)) from None
        except OutsideError as failure:
            raise CallRecordsUnavailable(str(failure)) from None


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat() + "Z"


def _parse_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
