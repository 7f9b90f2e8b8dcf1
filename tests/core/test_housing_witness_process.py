"""`make run` starts the allocation logs' witness beside the portal (web.serve asks
core.packages.companion_processes): a real `python -m core.housing.witness` process that
follows the portal's log key, whose address and key reach the portal's processes through
EGOV_LOG_WITNESSES; none when EGOV_LOG_WITNESSES already names the witnesses."""
from __future__ import annotations

import base64
import subprocess
import time
import urllib.request

import pytest

from core.housing.log_keys import log_signer, witnesses
from core.housing.note import COSIGNATURE_V1, Signer
from core.housing.witness.local import LocalWitness
from core.packages import companion_processes
from core.platform.settings import PROJECT_ROOT, Settings


def test_the_portal_runs_a_witness_that_follows_its_log_key_and_tells_its_processes(tmp_path):
    settings = Settings.from_environment({}, instance_path=tmp_path)
    [witness] = [c for c in companion_processes(settings) if isinstance(c, LocalWitness)]
    told = Settings.from_environment(witness.environment, instance_path=tmp_path)
    [endpoint] = witnesses(told)
    assert (endpoint.url, endpoint.key.vkey()) == (witness.url, witness.verifier_key)
    process = subprocess.Popen(witness.command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(witness.url + "/", timeout=2) as answer:
                    about = answer.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert f"key {witness.verifier_key}" in about
        assert f"follows {log_signer(settings).verifier_key()}" in about
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


NEWS = Signer("news.example/witness", b"\x03" * 32, kind=COSIGNATURE_V1).verifier_key()


def test_no_witness_is_started_when_the_portal_names_its_witnesses(tmp_path):
    settings = Settings.from_environment(
        {"EGOV_LOG_WITNESSES": f"https://news.example/w {NEWS}, http://10.0.0.5:8181/ {NEWS}"},
        instance_path=tmp_path)
    assert not any(isinstance(c, LocalWitness) for c in companion_processes(settings))
    assert [w.url for w in witnesses(settings)] == ["https://news.example/w",
                                                     "http://10.0.0.5:8181"]


@pytest.mark.parametrize("setting, says", [
    ("news.example " + NEWS, "its URL, a space and its key"),
    ("https://news.example", "its URL, a space and its key"),
    ("https://news.example nonsense", "not a verifier key"),
    ("https://news.example " + Signer("a.example/log", b"\x04" * 32).verifier_key(),
     "a cosignature key"),
])
def test_a_witness_setting_that_is_not_one_says_what_is_wrong(setting, says):
    with pytest.raises(ValueError, match=says):
        witnesses(Settings.from_environment({"EGOV_LOG_WITNESSES": setting}))


def test_the_log_key_is_generated_once_into_the_instance_folder_or_given_by_a_setting(tmp_path):
    settings = Settings.from_environment({}, instance_path=tmp_path)
    made = log_signer(settings).verifier_key()
    assert log_signer(settings).verifier_key() == made
    assert (tmp_path / "log_signing_key").stat().st_mode & 0o777 == 0o600
    seed = base64.b64encode(b"\x03" * 32).decode()
    given = Settings.from_environment({"EGOV_LOG_SIGNING_KEY": seed,
                                       "EGOV_LOG_NAME": "portal.gov.az/guzestli-menzil"},
                                      instance_path=tmp_path)
    assert log_signer(given).verifier_key() == \
        Signer("portal.gov.az/guzestli-menzil", b"\x03" * 32).verifier_key()
    with pytest.raises(ValueError, match="EGOV_LOG_SIGNING_KEY must be the base64 of a 32-byte"):
        log_signer(Settings.from_environment({"EGOV_LOG_SIGNING_KEY": "short"}))
