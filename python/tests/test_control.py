"""The control-plane client: one behaviour per test, against a real fake-lepton."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

import pytest

from leptonkit_fake import ControlClient, ControlPlaneError, FakeLepton, WaitTimeout
from workspace_api import call, create_job


def test_clock_reports_the_fakes_time_and_that_it_is_manual(fake: FakeLepton) -> None:
    clock = fake.clock()
    assert clock["manual"] is True
    assert fake.now() == clock["now_ms"] / 1000.0


def test_advance_moves_the_clock_by_the_seconds_given(fake: FakeLepton) -> None:
    before = fake.now()
    after = fake.advance(30)
    # The scaled clock also runs on its own, at a thousandth of real time.
    assert 30.0 <= after - before < 31.0


def test_advance_backwards_is_refused(fake: FakeLepton) -> None:
    with pytest.raises(ValueError, match="backwards"):
        fake.advance(-1)


def test_jobs_lists_a_created_job(fake: FakeLepton) -> None:
    job_id = create_job(fake, "listed")
    entries = fake.jobs()
    assert [entry["job"]["metadata"]["id"] for entry in entries] == [job_id]
    assert entries[0]["archived"] is False


def test_state_of_an_unknown_job_is_none(fake: FakeLepton) -> None:
    assert fake.state("no-such-job") is None


def test_reset_forgets_jobs_faults_and_the_journal(fake: FakeLepton) -> None:
    create_job(fake, "forgotten")
    fake.add_fault({"status": 503, "match": {"path": "/nothing"}})
    fake.reset()
    assert fake.jobs() == []
    assert fake.faults() == []
    assert fake.journal() == []


def test_force_state_puts_the_job_in_that_state(fake: FakeLepton) -> None:
    job_id = create_job(fake, "forced")
    fake.force_state(job_id, "Failed")
    assert fake.state(job_id) == "Failed"


def test_force_state_of_an_unknown_job_raises_404_with_the_servers_message(
        fake: FakeLepton) -> None:
    with pytest.raises(ControlPlaneError) as caught:
        fake.force_state("no-such-job", "Failed")
    assert caught.value.status == 404
    assert caught.value.code == "NotFound"
    assert "job 'no-such-job' not found" in str(caught.value)
    assert "HTTP 404" in str(caught.value)


def test_force_state_with_an_unknown_state_raises_400(fake: FakeLepton) -> None:
    job_id = create_job(fake, "forced")
    with pytest.raises(ControlPlaneError, match="unknown state 'Sleeping'") as caught:
        fake.force_state(job_id, "Sleeping")
    assert caught.value.status == 400


def test_add_fault_returns_the_generated_name_and_faults_lists_it(fake: FakeLepton) -> None:
    name = fake.add_fault({"status": 429, "retry_after": "2s", "times": 1})
    assert [rule["name"] for rule in fake.faults()] == [name]


def test_a_fault_fires_on_the_workspace_api_and_is_counted(fake: FakeLepton) -> None:
    fake.add_fault('{"name": "down", "status": 503, "times": 1}')
    with pytest.raises(urllib.error.HTTPError) as caught:
        call(fake, "GET", "/jobs")
    assert caught.value.code == 503
    rule = fake.faults()[0]
    assert (rule["name"], rule["fired"], rule["active"]) == ("down", 1, False)


def test_a_bad_fault_rule_raises_400_naming_the_bad_key(fake: FakeLepton) -> None:
    with pytest.raises(ControlPlaneError, match="fault /bogus") as caught:
        fake.add_fault({"bogus": 1})
    assert caught.value.status == 400


def test_a_fault_name_in_use_raises_409(fake: FakeLepton) -> None:
    fake.add_fault({"name": "twice"})
    with pytest.raises(ControlPlaneError) as caught:
        fake.add_fault({"name": "twice"})
    assert caught.value.status == 409


def test_remove_faults_removes_one_rule_by_name(fake: FakeLepton) -> None:
    fake.add_fault({"name": "kept", "match": {"path": "/a"}})
    fake.add_fault({"name": "gone", "match": {"path": "/b"}})
    fake.remove_faults("gone")
    assert [rule["name"] for rule in fake.faults()] == ["kept"]


def test_remove_faults_without_a_name_removes_all(fake: FakeLepton) -> None:
    fake.add_fault({"match": {"path": "/a"}})
    fake.remove_faults()
    assert fake.faults() == []


def test_header_faults_fired_counts_requests_failed_by_the_header(fake: FakeLepton) -> None:
    import urllib.request
    request = urllib.request.Request(fake.workspace_url + "/jobs")
    request.add_header("Authorization", f"Bearer {fake.token}")
    request.add_header("X-Fake-Lepton-Fault", '{"status": 502}')
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30)
    assert fake.header_faults_fired() == 1


def test_journal_filters_by_method(fake: FakeLepton) -> None:
    create_job(fake, "journaled")
    call(fake, "GET", "/jobs")
    assert [entry["method"] for entry in fake.journal(method="POST")] == ["POST"]


def test_journal_filters_by_a_path_regex(fake: FakeLepton) -> None:
    job_id = create_job(fake, "journaled")
    call(fake, "GET", f"/jobs/{job_id}")
    paths = [entry["path"] for entry in fake.journal(path=".*/jobs/.+")]
    assert paths == [f"/api/v2/workspaces/fake-ws/jobs/{job_id}"]


def test_journal_limit_keeps_the_newest(fake: FakeLepton) -> None:
    create_job(fake, "first")
    call(fake, "GET", "/jobs")
    assert [entry["method"] for entry in fake.journal(limit=1)] == ["GET"]


def test_journal_redacts_the_token(fake: FakeLepton) -> None:
    create_job(fake, "redacted")
    assert fake.token not in json.dumps(fake.journal())


def test_a_bad_journal_regex_raises_400(fake: FakeLepton) -> None:
    with pytest.raises(ControlPlaneError, match="not a regular expression") as caught:
        fake.journal(path="(")
    assert caught.value.status == 400


def test_clear_journal_forgets_the_requests(fake: FakeLepton) -> None:
    create_job(fake, "cleared")
    fake.clear_journal()
    assert fake.journal() == []


def test_set_cluster_replaces_the_node_groups(fake: FakeLepton) -> None:
    fake.set_cluster({"node_groups": [{"id": "ng-a", "name": "a", "nodes": [{"id": "a0"}]},
                                      {"id": "ng-b", "name": "b", "nodes": [{"id": "b0"}]}]})
    assert [group["metadata"]["id"] for group in fake.node_groups()] == ["ng-a", "ng-b"]
    assert fake.configuration_changed


def test_set_cluster_reads_a_cluster_file(fake: FakeLepton, tmp_path: Path) -> None:
    cluster = tmp_path / "cluster.json"
    cluster.write_text(json.dumps({"node_groups": [{"id": "ng-f", "name": "f",
                                                    "nodes": [{"id": "f0"}]}]}),
                       encoding="utf-8")
    fake.set_cluster(cluster)
    assert [group["metadata"]["id"] for group in fake.node_groups()] == ["ng-f"]


def test_a_bad_cluster_raises_400_and_keeps_the_old_one(fake: FakeLepton) -> None:
    with pytest.raises(ControlPlaneError) as caught:
        fake.set_cluster({"node_groups": "not a list"})
    assert caught.value.status == 400
    assert [group["metadata"]["id"] for group in fake.node_groups()] == ["ng-h100-pool"]


def test_plans_are_added_listed_and_cleared(fake: FakeLepton) -> None:
    fake.add_plan({"name": "slow", "rules": [{"select": {"name": "x"}, "start": "1m"}]})
    assert fake.plans() == [{"name": "slow", "rules": 1}]
    fake.clear_plans()
    assert fake.plans() == []


def test_wait_for_state_moves_the_clock_until_the_job_completes(fake: FakeLepton) -> None:
    job_id = create_job(fake, "short", "sleep 20")
    before = fake.now()
    entry = fake.wait_for_state(job_id, "Completed", step=1)
    assert entry["job"]["status"]["state"] == "Completed"
    assert fake.now() - before >= 20


def test_wait_for_state_accepts_any_of_several_states(fake: FakeLepton) -> None:
    job_id = create_job(fake, "failing", "exit 3")
    entry = fake.wait_for_state(job_id, ["Completed", "Failed"])
    assert entry["job"]["status"]["state"] == "Failed"


def test_wait_for_state_gives_up_at_the_limit_naming_the_last_state(fake: FakeLepton) -> None:
    job_id = create_job(fake, "long", "sleep 3600")
    with pytest.raises(WaitTimeout) as caught:
        fake.wait_for_state(job_id, "Completed", step=2, limit=10)
    assert caught.value.last_state == "Running"
    assert caught.value.advanced_seconds == 10
    assert f"job {job_id} did not reach Completed within 10 s" in str(caught.value)


def test_wait_for_state_of_an_unknown_job_says_it_was_never_seen(fake: FakeLepton) -> None:
    with pytest.raises(WaitTimeout, match="never seen"):
        fake.wait_for_state("no-such-job", "Running", limit=1)


def test_a_control_client_reaches_a_fake_it_did_not_start(fake: FakeLepton) -> None:
    other = ControlClient(fake.workspace_url)  # any URL of the fake: only its root is kept
    other.advance(5)
    assert other.root_url == fake.root_url
    assert other.now() == pytest.approx(fake.now(), abs=0.5)


def test_a_control_client_needs_an_http_url() -> None:
    with pytest.raises(ValueError, match="scheme://host:port"):
        ControlClient("127.0.0.1:8080")
