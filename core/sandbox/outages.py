"""How a sandbox system fails as a real one's outage would, for demos and tests: `down` until
it is set back, `fail_next(n)` for its next n calls only. Each system raises its own port's
"did not answer" error, so the caller handles it as it would the real system's."""
from __future__ import annotations


class Outages:
    down: bool = False
    _failures_left: int = 0

    def fail_next(self, calls: int) -> None:
        self._failures_left = calls

    def _refuse_if_out(self, error: Exception) -> None:
        if self.down or self._failures_left > 0:
            self._failures_left = max(0, self._failures_left - 1)
            raise error
