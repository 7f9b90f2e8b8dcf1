"""Catalogues compile safely when several workers start at once on a fresh checkout."""
from __future__ import annotations

import multiprocessing
import shutil

from core.kernel import translations
from web.platform import i18n


def _compile(root):
    i18n.compile_catalogues(root)


def test_workers_compiling_the_catalogues_at_once_all_succeed(tmp_path):
    root = tmp_path / "translations"
    shutil.copytree(translations.TRANSLATIONS, root, ignore=shutil.ignore_patterns("*.mo"))
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_compile, args=(root,)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0] * 6
    assert list(root.glob("*/en/LC_MESSAGES/messages.mo"))
    assert not list(root.rglob("*.tmp"))
