"""The pytest plugin's fixture, run in a separate pytest process (pytester) with the plugin
loaded as run_tests.sh loads it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("_inherit_environment")


@pytest.fixture
def _inherit_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytester's subprocess inherits os.environ: make sure no SDK variables leak in."""
    for name in ("LEPTON_WORKSPACE_ID", "LEPTON_WORKSPACE_TOKEN", "LEPTON_WORKSPACE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LEPTON_WORKSPACE_ORIGIN_URL", "https://elsewhere.invalid")


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "leptonkit_fake.plugin", "-p", "no:cacheprovider",
                                         *args)


def test_the_fixture_points_the_sdk_variables_at_the_fake_for_the_test_only(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import os

        def test_inside(fake_lepton):
            assert os.environ["LEPTON_WORKSPACE_URL"] == fake_lepton.workspace_url
            assert os.environ["LEPTON_WORKSPACE_ID"] == fake_lepton.workspace_id
            assert os.environ["LEPTON_WORKSPACE_TOKEN"] == fake_lepton.token
            assert "LEPTON_WORKSPACE_ORIGIN_URL" not in os.environ

        def test_after():
            assert "LEPTON_WORKSPACE_URL" not in os.environ
            assert os.environ["LEPTON_WORKSPACE_ORIGIN_URL"] == "https://elsewhere.invalid"
    """)
    _run(pytester).assert_outcomes(passed=2)


def test_each_test_gets_a_new_fake_stopped_even_when_the_test_fails(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import os
        seen = []

        def test_fails(fake_lepton):
            seen.append(fake_lepton.pid)
            assert False, "the test fails on purpose"

        def test_next(fake_lepton):
            assert fake_lepton.pid != seen[0]
            try:
                os.kill(seen[0], 0)
            except ProcessLookupError:
                return
            raise AssertionError("the failed test's fake is still running")
    """)
    result = _run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the test fails on purpose*"])


def test_session_scope_shares_one_fake_reset_before_each_test(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        seen = []

        def test_first(fake_lepton):
            seen.append(fake_lepton.pid)
            fake_lepton.add_fault({"name": "left-behind"})

        def test_second(fake_lepton):
            assert fake_lepton.pid == seen[0]
            assert fake_lepton.faults() == []
    """)
    _run(pytester, "--fake-lepton-scope=session").assert_outcomes(passed=2)


def test_session_scope_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nfake_lepton_scope = session\n")
    pytester.makepyfile("""
        seen = []

        def test_first(fake_lepton):
            seen.append(fake_lepton.pid)

        def test_second(fake_lepton):
            assert fake_lepton.pid == seen[0]
    """)
    _run(pytester).assert_outcomes(passed=2)


def test_session_scope_replaces_a_fake_whose_cluster_a_test_changed(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        seen = []

        def test_changes_the_cluster(fake_lepton):
            seen.append(fake_lepton.pid)
            fake_lepton.set_cluster({"node_groups": [{"id": "ng-x", "name": "x",
                                                      "nodes": [{"id": "x0"}]}]})

        def test_next(fake_lepton):
            assert fake_lepton.pid != seen[0]
            assert [g["metadata"]["id"] for g in fake_lepton.node_groups()] == ["ng-h100-pool"]
    """)
    _run(pytester, "--fake-lepton-scope=session").assert_outcomes(passed=2)


def test_the_marker_starts_the_test_its_own_fake_with_those_options(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest

        CLUSTER = {"node_groups": [{"id": "ng-m", "name": "m", "nodes": [{"id": "m0"}]}]}

        @pytest.mark.fake_lepton(cluster=CLUSTER, workspace="ws-marked")
        def test_marked(fake_lepton):
            assert [g["metadata"]["id"] for g in fake_lepton.node_groups()] == ["ng-m"]
            assert fake_lepton.workspace_url.endswith("/workspaces/ws-marked")
    """)
    _run(pytester, "--fake-lepton-scope=session").assert_outcomes(passed=1)


def test_a_binary_that_does_not_exist_errors_the_test_naming_it(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_needs_a_fake(fake_lepton):
            pass
    """)
    result = _run(pytester, "--fake-lepton=/nonexistent/fake-lepton")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fake-lepton not found*",
                                 "*the path given: /nonexistent/fake-lepton (no such file)*"])


def test_an_unknown_scope_in_the_ini_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nfake_lepton_scope = module\n")
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = _run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*fake_lepton_scope must be one of function, session*"])

