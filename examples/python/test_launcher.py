"""The example launcher against the standalone fake, through the `fake_lepton` fixture: the
launcher reads LEPTON_WORKSPACE_* as it would in production; the test drives the fake's clock
and faults through its control plane."""

from __future__ import annotations

import pytest

from launcher import JobRequest, Launcher, LaunchError
from leptonkit_fake import FakeLepton

NODE_GROUP = "ng-h100-pool"  # the fake's default node group: four 8-GPU H100 nodes


def _job(name: str, nodes: int, command: str = "sleep 600") -> JobRequest:
    return JobRequest(name=name, command=command, nodes=nodes, shape="gpu.8xh100",
                      node_group=NODE_GROUP)


def test_a_job_queues_while_the_node_group_is_full(fake_lepton: FakeLepton) -> None:
    launcher = Launcher.from_environment()
    warmup = launcher.submit(_job("warmup", nodes=3))
    fake_lepton.wait_for_state(warmup, "Running")

    train = launcher.submit(_job("train", nodes=2))
    fake_lepton.advance(60)

    assert launcher.state(train) == "Queueing"
    assert fake_lepton.job(train)["queue_position"] == 1


def test_a_queued_job_starts_once_the_group_frees_up(fake_lepton: FakeLepton) -> None:
    launcher = Launcher.from_environment()
    warmup = launcher.submit(_job("warmup", nodes=3, command="sleep 120"))
    fake_lepton.wait_for_state(warmup, "Running")
    train = launcher.submit(_job("train", nodes=2))

    fake_lepton.wait_for_state(warmup, "Completed", step=5)
    fake_lepton.wait_for_state(train, "Running")

    assert launcher.state(train) == "Running"


def _rate_limit_creates(fake: FakeLepton, times: int) -> None:
    fake.add_fault({"name": "rate-limit", "match": {"method": "POST", "path": "/jobs"},
                    "status": 429, "retry_after": "7s", "times": times})


def _clock_sleep(fake: FakeLepton, waits: list[float]):
    """The launcher's sleep in tests: records the wait and moves the fake's clock by it."""

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        fake.advance(seconds)

    return sleep


def test_a_rate_limited_submit_waits_retry_after_on_the_fakes_clock(
        fake_lepton: FakeLepton) -> None:
    _rate_limit_creates(fake_lepton, times=2)
    waits: list[float] = []
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, waits))
    before = fake_lepton.now()

    launcher.submit(_job("train", nodes=2))

    assert waits == [7.0, 7.0]
    assert fake_lepton.now() - before >= 14.0


def test_a_rate_limited_submit_creates_exactly_one_job(fake_lepton: FakeLepton) -> None:
    _rate_limit_creates(fake_lepton, times=2)
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, []))

    job_id = launcher.submit(_job("train", nodes=2))

    creates = fake_lepton.journal(method="POST", path=".*/jobs")
    assert [entry["status"] for entry in creates] == [429, 429, 200]
    assert [entry["job"]["metadata"]["id"] for entry in fake_lepton.jobs()] == [job_id]


def test_a_submit_still_rate_limited_after_every_attempt_fails_with_429(
        fake_lepton: FakeLepton) -> None:
    _rate_limit_creates(fake_lepton, times=10)
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, []), attempts=3)

    with pytest.raises(LaunchError) as caught:
        launcher.submit(_job("train", nodes=2))

    assert caught.value.status == 429
    assert len(fake_lepton.journal(method="POST")) == 3
    assert fake_lepton.jobs() == []


def test_a_bad_request_is_not_retried(fake_lepton: FakeLepton) -> None:
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, []))

    with pytest.raises(LaunchError) as caught:
        launcher.submit(JobRequest(name="train", command="true", shape="gpu.no-such-shape"))

    assert caught.value.status == 400
    assert len(fake_lepton.journal(method="POST")) == 1


def test_a_503_without_retry_after_backs_off_one_then_two_seconds(
        fake_lepton: FakeLepton) -> None:
    fake_lepton.add_fault({"match": {"method": "POST", "path": "/jobs"}, "status": 503,
                           "times": 2})
    waits: list[float] = []
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, waits))

    launcher.submit(_job("train", nodes=2))

    assert waits == [1.0, 2.0]


def test_a_502_on_create_is_not_retried_since_the_job_may_exist(
        fake_lepton: FakeLepton) -> None:
    fake_lepton.add_fault({"match": {"method": "POST", "path": "/jobs"}, "status": 502,
                           "times": 1})
    launcher = Launcher.from_environment(sleep=_clock_sleep(fake_lepton, []))

    with pytest.raises(LaunchError) as caught:
        launcher.submit(_job("train", nodes=2))

    assert caught.value.status == 502
    assert len(fake_lepton.journal(method="POST")) == 1
