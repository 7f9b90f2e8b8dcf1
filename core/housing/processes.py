"""What Güzəştli mənzil runs beside the portal (core.packages.companion_processes, started by
web.serve): the allocation logs' witness, unless EGOV_LOG_WITNESSES names other witnesses."""
from __future__ import annotations

from core.housing.witness.local import LocalWitness, local_witness
from core.platform.settings import Settings


def processes(settings: Settings) -> list[LocalWitness]:
    witness = local_witness(settings)
    return [witness] if witness is not None else []
