"""The pytest plugin (entry point `pytest11`, or `-p leptonkit_fake.plugin`): the `fake_lepton`
fixture.

    def test_submit(fake_lepton):
        job_id = my_launcher.submit(...)        # reads LEPTON_WORKSPACE_* from the environment
        fake_lepton.wait_for_state(job_id, "Running")

Settings (command line wins over the ini file):
  --fake-lepton=PATH / ini fake_lepton_binary   the binary (else LEPTONKIT_FAKE_LEPTON, PATH,
                                                next to the installed package)
  --fake-lepton-scope=function|session          one fake per test (default), or one per
        / ini fake_lepton_scope                 session, reset before each test
Marker: @pytest.mark.fake_lepton(cluster=..., plans=[...], faults=[...], time_scale=..., seed=...)
gives that test its own fake started with those FakeLepton arguments, whatever the scope."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from .server import FakeLepton

_SCOPES = ("function", "session")
# Variables the official SDK reads that would send it elsewhere than the three set here.
_CLEARED = ("LEPTON_WORKSPACE_ORIGIN_URL",)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fake_lepton", "leptonkit fake Lepton workspace")
    group.addoption("--fake-lepton", dest="fake_lepton_binary", default=None, metavar="PATH",
                    help="the fake-lepton executable the fake_lepton fixture runs")
    group.addoption("--fake-lepton-scope", dest="fake_lepton_scope", default=None,
                    choices=_SCOPES,
                    help="function: a new fake per test (default); session: one fake, reset "
                         "before each test")
    parser.addini("fake_lepton_binary", "the fake-lepton executable", default="")
    parser.addini("fake_lepton_scope", "function (default) or session", default="function")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fake_lepton(**options): start this test's own fake with these FakeLepton arguments "
        "(cluster, plans, faults, time_scale, seed, ...)")
    scope = _scope(config)
    if scope not in _SCOPES:
        raise pytest.UsageError(f"fake_lepton_scope must be one of {', '.join(_SCOPES)}, "
                                f"not {scope!r}")


def _scope(config: pytest.Config) -> str:
    return str(config.getoption("fake_lepton_scope") or config.getini("fake_lepton_scope"))


def _binary(config: pytest.Config) -> str | None:
    """The binary from the command line or the ini file; None lets find_fake_binary search."""
    return config.getoption("fake_lepton_binary") or config.getini("fake_lepton_binary") or None


class _SharedFake:
    """The session's fake in session scope: started on first use, reset before each test, and
    replaced when it died or a test changed what reset keeps (the cluster or the plans)."""

    def __init__(self, binary: str | None) -> None:
        self._binary = binary
        self._fake: FakeLepton | None = None

    def acquire(self) -> FakeLepton:
        fake = self._fake
        if fake is not None and fake.is_running() and not fake.configuration_changed:
            fake.reset()
            return fake
        self.close()
        self._fake = FakeLepton(self._binary)
        return self._fake

    def close(self) -> None:
        if self._fake is not None:
            self._fake.stop()
            self._fake = None


@pytest.fixture(scope="session")
def _fake_lepton_shared(pytestconfig: pytest.Config) -> Iterator[_SharedFake]:
    shared = _SharedFake(_binary(pytestconfig))
    try:
        yield shared
    finally:
        shared.close()


@pytest.fixture
def fake_lepton(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                _fake_lepton_shared: _SharedFake) -> Iterator[FakeLepton]:
    """A running fake Lepton workspace for this test, with LEPTON_WORKSPACE_ID, _TOKEN and _URL
    set to it (and LEPTON_WORKSPACE_ORIGIN_URL unset) for the test's duration, so code that
    builds the official SDK's APIClient() from the environment talks to it. The fake is
    stopped when the test ends, passed or failed (session scope: at the end of the session;
    each test starts from a reset fake, whose clock keeps its time)."""
    marker = request.node.get_closest_marker("fake_lepton")
    if marker is not None and marker.args:
        raise pytest.UsageError("@pytest.mark.fake_lepton takes keyword arguments only")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    own = marker is not None or _scope(request.config) == "function"
    if own:
        fake = FakeLepton(options.pop("binary", None) or _binary(request.config), **options)
    else:
        fake = _fake_lepton_shared.acquire()
    try:
        for name, value in fake.environment().items():
            monkeypatch.setenv(name, value)
        for name in _CLEARED:
            monkeypatch.delenv(name, raising=False)
        yield fake
    finally:
        if own:
            fake.stop()
