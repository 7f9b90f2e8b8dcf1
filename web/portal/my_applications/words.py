"""Statuses, results and facts of every service's applications in words. Core gives keys
(core.platform.applications); each service's web package describes its own keys here at
start-up, so this page knows no service."""
from __future__ import annotations

_WORDS: dict[str, object] = {}  # key -> words, as the services describe them


def describe(prefix: str, words: dict[str, object]) -> None:
    """A service's keys (each starting with its prefix) and their words."""
    assert all(key.startswith(prefix) for key in words), prefix
    _WORDS.update(words)


def word(key: str | None) -> str:
    if key is None:
        return ""
    return str(_WORDS.get(key, key))
