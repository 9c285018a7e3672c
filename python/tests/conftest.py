"""Fixtures of the package's own tests. They need a built fake-lepton: LEPTONKIT_FAKE_LEPTON,
or fake-lepton on PATH (run_tests.sh sets the variable)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable, Iterator

import pytest

from leptonkit_fake import FakeLepton

pytest_plugins = ["pytester"]


@pytest.fixture
def fake() -> Iterator[FakeLepton]:
    """A fake started directly with the package's class (not through the plugin)."""
    with FakeLepton() as server:
        yield server


@pytest.fixture
def script_binary(tmp_path: Path) -> Callable[[str], Path]:
    """Makes an executable /bin/sh script standing in for fake-lepton, to play a binary that
    misbehaves at start."""

    def make(body: str) -> Path:
        path = tmp_path / "fake-lepton"
        path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    return make
