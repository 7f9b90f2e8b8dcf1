"""How often a credential may be guessed at the portal's sign-in and signing forms: a
(mobile number, İstifadəçi ID) pair Asan İmza does not know, a wrong e-imza token PIN. Guessing
is stopped, and no stranger can lock a citizen out (the rules of password sign-in,
core.auth.accounts):

- per credential and client (the number, the token): that client is stopped for it;
- per client, for any credential: that client is stopped, but not a browser that has signed in
  with this credential before (`known_browser`): many citizens share an address behind a mobile
  operator's NAT or an office's, and one of them must not lock out the others;
- per credential from many clients (Asan İmza numbers): never a lock; past a few, a browser
  that has not signed in with it before must also pass a security code. (An e-imza token has its
  own limit on the chip: 10 wrong PINs block it until the 157 Call Centre unblocks it.)

A right credential is never answered differently while a limit holds: the answer to a stopped
client says nothing about what it sent. The caller commits, so failures are counted even
though the citizen sees an error."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from core.kernel.db import utcnow
from core.platform.ratelimit import RateLimit

WINDOW = timedelta(minutes=15)
KNOWN_BROWSER = "known-browser"  # the client of a browser that signed in with the credential


class Verdict(str, Enum):
    GO = "go"                    # ask the provider
    TOO_MANY = "too_many"        # this client, for this credential (or for every one): wait
    CODE_NEEDED = "code_needed"  # many failures for this credential from elsewhere


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    retry_after: timedelta = timedelta(0)


@dataclass(frozen=True)
class GuessLimits:
    credential_client: RateLimit
    client: RateLimit
    credential: RateLimit | None = None  # past it, a new browser passes a security code

    def _per_client(self, credential: str, client: str,
                    known_browser: bool) -> list[tuple[RateLimit, str]]:
        client = KNOWN_BROWSER if known_browser else client
        found = [(self.credential_client, f"{credential}\x00{client}")]
        if not known_browser and client:
            found.append((self.client, client))
        return found

    def check(self, session: Session, credential: str, client: str, *,
              known_browser: bool = False, code_passed: bool = False,
              now: datetime | None = None) -> Check:
        """May this client try this credential now?"""
        now = now or utcnow()
        for limit, subject in self._per_client(credential, client, known_browser):
            if limit.is_blocked(session, subject, now):
                return Check(Verdict.TOO_MANY, limit.retry_after(session, subject, now))
        if (self.credential is not None and not known_browser and not code_passed
                and self.credential.is_blocked(session, credential, now)):
            return Check(Verdict.CODE_NEEDED)
        return Check(Verdict.GO)

    def record_failure(self, session: Session, credential: str, client: str, *,
                       known_browser: bool = False, now: datetime | None = None) -> None:
        now = now or utcnow()
        for limit, subject in self._per_client(credential, client, known_browser):
            limit.record_failure(session, subject, now)
        if self.credential is not None:
            self.credential.record_failure(session, credential, now)

    def record_success(self, session: Session, credential: str, client: str, *,
                       known_browser: bool = False) -> None:
        """The credential was right: this client's failures for it are forgotten."""
        limit, subject = self._per_client(credential, client, known_browser)[0]
        limit.reset(session, subject)


ASAN_IMZA = GuessLimits(  # the credential: the mobile number a pair names
    credential_client=RateLimit("asan-imza-number-client", max_failures=5, window=WINDOW),
    client=RateLimit("asan-imza-client", max_failures=50, window=WINDOW),
    credential=RateLimit("asan-imza-number", max_failures=10, window=WINDOW))
EIMZA = GuessLimits(  # the credential: the token
    credential_client=RateLimit("eimza-token-client", max_failures=5, window=WINDOW),
    client=RateLimit("eimza-client", max_failures=50, window=WINDOW))
