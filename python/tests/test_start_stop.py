"""Starting and stopping the process, and the errors of a fake that cannot start."""

from __future__ import annotations

import gc
import json
import signal
import urllib.parse
from pathlib import Path
from typing import Callable

import pytest

from leptonkit_fake import ControlPlaneError, FakeLepton, FakeStartError


def test_environment_names_the_three_variables_of_the_sdk(fake: FakeLepton) -> None:
    env = fake.environment()
    assert sorted(env) == ["LEPTON_WORKSPACE_ID", "LEPTON_WORKSPACE_TOKEN",
                           "LEPTON_WORKSPACE_URL"]
    assert env["LEPTON_WORKSPACE_ID"] == "fake-ws"
    assert env["LEPTON_WORKSPACE_TOKEN"] == fake.token


def test_the_fake_listens_on_loopback_on_a_port_the_kernel_chose(fake: FakeLepton) -> None:
    url = urllib.parse.urlsplit(fake.workspace_url)
    assert url.hostname == "127.0.0.1"
    assert url.port == fake.port and fake.port > 0
    assert url.path == "/api/v2/workspaces/fake-ws"


def test_each_fake_gets_its_own_random_token() -> None:
    with FakeLepton() as first, FakeLepton() as second:
        assert first.token != second.token
        assert first.token.startswith("leptonkit-fake-token-")


def test_options_reach_the_binary(tmp_path: Path) -> None:
    cluster = {"node_groups": [{"id": "ng-small", "name": "small", "nodes": [{"id": "n0"}]}]}
    with FakeLepton(cluster=cluster, workspace="ws-x", token="tok-x", seed=7) as fake:
        assert fake.workspace_url.endswith("/api/v2/workspaces/ws-x")
        assert [group["metadata"]["id"] for group in fake.node_groups()] == ["ng-small"]


def test_stop_ends_the_process_cleanly_and_twice_is_harmless(fake: FakeLepton) -> None:
    assert fake.is_running()
    assert fake.stop() == 0
    assert not fake.is_running()
    assert fake.stop() == 0
    assert "stopping on signal" in fake.stderr


def test_leaving_the_with_block_stops_the_fake() -> None:
    with FakeLepton() as fake:
        pass
    assert not fake.is_running()


def test_a_fake_no_longer_referenced_is_stopped() -> None:
    fake = FakeLepton()
    process = fake._process
    del fake
    gc.collect()
    assert process.poll() is not None


def test_a_fake_that_exits_at_start_raises_with_its_stderr(tmp_path: Path) -> None:
    bad_cluster = tmp_path / "cluster.json"
    bad_cluster.write_text("{not json", encoding="utf-8")
    with pytest.raises(FakeStartError) as caught:
        FakeLepton(cluster=bad_cluster)
    assert caught.value.returncode == 2
    assert "fake-lepton: error:" in caught.value.stderr
    assert "fake-lepton: error:" in str(caught.value)
    assert "exited with status 2" in str(caught.value)


def test_an_unknown_flag_is_refused_with_the_binarys_own_words() -> None:
    with pytest.raises(FakeStartError, match="--no-such-flag"):
        FakeLepton(extra_args=["--no-such-flag"])


def test_the_start_error_masks_the_token(script_binary: Callable[[str], Path]) -> None:
    binary = script_binary('echo "called with: $*" >&2; exit 3')
    with pytest.raises(FakeStartError) as caught:
        FakeLepton(binary, token="masked-probe-token-0c1d")
    assert "masked-probe-token-0c1d" not in str(caught.value)
    assert "--token <redacted>" in str(caught.value)
    assert caught.value.returncode == 3


def test_a_binary_that_prints_no_settings_times_out(
        script_binary: Callable[[str], Path]) -> None:
    binary = script_binary("echo starting; exec sleep 30")
    with pytest.raises(FakeStartError, match="printed no settings within 0.2 s") as caught:
        FakeLepton(binary, start_timeout=0.2)
    assert caught.value.returncode is None


def test_a_binary_that_closes_stdout_without_settings_is_reported(
        script_binary: Callable[[str], Path]) -> None:
    binary = script_binary("exec >&-; exec sleep 30")
    with pytest.raises(FakeStartError, match="closed its stdout"):
        FakeLepton(binary, start_timeout=30)


def test_a_time_scale_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0.001 and 100000"):
        FakeLepton(time_scale=0)


def test_a_time_scale_starts_a_clock_that_runs_by_itself() -> None:
    with FakeLepton(time_scale=50) as fake:
        assert fake.clock()["manual"] is False


def test_a_fake_that_died_is_reported_with_its_exit_and_stderr(fake: FakeLepton) -> None:
    fake._process.send_signal(signal.SIGKILL)
    fake._process.wait()
    with pytest.raises(ControlPlaneError) as caught:
        fake.now()
    assert caught.value.status == 0
    assert "fake-lepton has exited with status -9" in str(caught.value)


def test_faults_given_at_start_are_active_from_the_first_request() -> None:
    rule = {"name": "early", "status": 503}
    with FakeLepton(faults=[rule, json.dumps({"name": "second", "status": 429})]) as fake:
        names = [listed["name"] for listed in fake.faults()]
    assert names == ["early", "second"]
