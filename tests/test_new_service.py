"""The recipe for a new service is executable (issue 30): `python -m web.manage new-service`
adds a minimal service to a copy of this tree, and there the architecture rules, the
translation check, the page checks, the tests it wrote and its browser journey (JavaScript on
and off, when a browser is there) all pass. Every file it writes or changes is named in
CONTRIBUTING.md, so the page and the command cannot drift apart."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from web.scaffold import NewService, ScaffoldError, new_service

ROOT = Path(__file__).resolve().parent.parent
NAME, SLUG = "street_search", "kuce-axtarisi"
NEW_SERVICE = ["-m", "web.manage", "new-service", NAME, "--slug", SLUG,
               "--title-az", "Poçt indeksi üzrə küçə axtarışı",
               "--title-en", "Street search by postal code"]
PAGES = ["/", "/e-xidmetler/", "/e-xidmetler/rabite-nazirliyi/", f"/xidmet/{SLUG}/"]
CHECKS = [
    "tests/test_architecture.py", "tests/test_meta.py", "tests/web/test_translations.py",
    "tests/web/test_every_page_is_checked.py", "tests/web/test_catalogue.py",
    "tests/web/test_not_connected.py", "tests/test_readme_settings.py",
    "tests/test_bench_targets.py", f"tests/web/test_{NAME}.py", f"tests/outside/test_{NAME}.py",
    *[f"tests/outside/test_contracts.py::{test}[{NAME}]" for test in (
        "test_every_outside_system_has_a_valid_openapi_3_contract",
        "test_every_change_takes_an_idempotency_key",
        "test_the_sandbox_serves_exactly_the_contract")],
    *[f"tests/web/test_budgets.py::{test}[{page}]" for page in PAGES for test in (
        "test_a_catalogue_page_is_within_its_first_response_budget",
        "test_a_first_visit_is_within_forty_kilobytes_all_in")],
]
# Too big to copy and only read: the installed front-end packages, the built guides.
LINKED = ("node_modules", "site")


def _run(command: list[str], cwd: Path, timeout: int = 60,
         **environment: str) -> subprocess.CompletedProcess:
    # The copy's own code first; its checks on the embedded database, whatever this run uses.
    kept = {key: value for key, value in os.environ.items()
            if key not in ("EGOV_TEST_DATABASE_URL", "EGOV_REDIS_URL")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**kept, **environment, "PYTHONPATH": str(cwd)})


def _browser() -> str | None:
    """The browser the journeys use: EGOV_BROWSER_PATH, or what `make browser` found."""
    found = ROOT / ".browser-path"
    return os.environ.get("EGOV_BROWSER_PATH") or (
        found.read_text().strip() if found.exists() else None)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """This tree as git sees it (tracked files and new ones it does not ignore), in a git
    repository of its own: tests/test_meta.py asks git for the files."""
    copy = tmp_path_factory.mktemp("tree")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (copy / name).symlink_to((ROOT / name).resolve(), target_is_directory=True)
    _run(["git", "init", "-q"], copy)
    _run(["git", "add", "-A"], copy)
    return copy


@pytest.fixture(scope="module")
def written(tree) -> list[str]:
    """What the command says it wrote or changed (new files first)."""
    done = _run([sys.executable, *NEW_SERVICE], tree)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if (tree / line).is_file()]


@pytest.fixture(scope="module")
def changed(tree, written) -> list[str]:
    """The files of the tree that the command changed, as git sees them; then every new file is
    added, so that git lists it as the tree's."""
    found = _run(["git", "diff", "--name-only"], tree).stdout.split()
    _run(["git", "add", "-A"], tree)
    return found


def test_the_new_service_passes_the_architecture_translation_and_page_checks(tree, changed):
    done = _run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *CHECKS],
                tree, timeout=280)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " error" not in done.stdout


def test_the_journey_it_wrote_passes_with_javascript_on_and_off(tree, changed):
    if _browser() is None:
        pytest.skip("no browser to walk the journey with: make browser")
    if os.environ.get("EGOV_TEST_DATABASE_URL"):
        pytest.skip("make test walks it in the run on the embedded database, beside this one")
    done = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                 f"e2e/test_journey_{NAME}.py"], tree, timeout=280,
                EGOV_BROWSER_PATH=_browser())
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout  # az and en, JavaScript on and off


def test_it_writes_the_service_and_changes_only_the_lists_of_services(written, changed):
    assert sorted(changed) == sorted([
        "README.md", "core/packages.py", "core/platform/catalogue.py",
        "core/platform/settings.py", "tests/web/test_not_connected.py"])
    assert set(changed) <= set(written)
    assert f"core/{NAME}/lookup.py" in written and f"web/forms/{NAME}.py" in written
    assert not [path for path in written if "models" in path or "migrations" in path
                or path.endswith("jobs.py")]  # stateless: no tables, no jobs, no migration


def test_contributing_names_every_file_it_writes_or_changes(written):
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    unnamed = [path for path in written
               if path.replace(NAME, "<service>") not in contributing]
    assert unnamed == []


def test_a_second_run_refuses_and_changes_nothing(tree, changed):
    before = _run(["git", "status", "--porcelain"], tree).stdout
    again = _run([sys.executable, *NEW_SERVICE], tree)
    assert again.returncode == 2 and "taken" in again.stderr
    assert _run(["git", "status", "--porcelain"], tree).stdout == before


@pytest.mark.parametrize("name", ["StreetSearch", "street-search", "class", "street_", "platform",
                                  "call_records", "sms"])
def test_a_name_that_is_no_new_package_name_is_refused(tree, changed, name):
    before = _run(["git", "status", "--porcelain"], tree).stdout
    with pytest.raises(ScaffoldError):
        new_service(NewService(name), root=tree)
    assert _run(["git", "status", "--porcelain"], tree).stdout == before


def test_an_agency_or_a_slug_the_catalogue_does_not_allow_is_refused(tree, changed):
    for service in (NewService("road_search", agency="yoxdur"),
                    NewService("road_search", slug="seherlerarasi-danisiqlar"),
                    NewService("road_search", slug="Yol axtarışı")):
        with pytest.raises(ScaffoldError):
            new_service(service, root=tree)
    assert not (tree / "core" / "road_search").exists()
