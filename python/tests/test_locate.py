"""find_fake_binary: where it looks, in which order, and what it says when it finds nothing."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import leptonkit_fake
from leptonkit_fake import FakeBinaryNotFound, find_fake_binary


def _executable(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "fake-lepton"
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_an_explicit_path_is_used_first(tmp_path: Path) -> None:
    given = _executable(tmp_path / "given")
    in_env = _executable(tmp_path / "env")
    env = {"LEPTONKIT_FAKE_LEPTON": str(in_env), "PATH": str(tmp_path / "env")}
    assert find_fake_binary(given, environ=env) == given.resolve()


def test_the_environment_variable_comes_before_path(tmp_path: Path) -> None:
    in_env = _executable(tmp_path / "env")
    on_path = _executable(tmp_path / "bin")
    env = {"LEPTONKIT_FAKE_LEPTON": str(in_env), "PATH": str(on_path.parent)}
    assert find_fake_binary(environ=env) == in_env.resolve()


def test_path_is_searched_when_nothing_is_named(tmp_path: Path) -> None:
    on_path = _executable(tmp_path / "bin")
    env = {"PATH": f"{tmp_path / 'empty'}:{on_path.parent}"}
    assert find_fake_binary(environ=env) == on_path.resolve()


def test_a_missing_explicit_path_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "fake-lepton"
    with pytest.raises(FakeBinaryNotFound) as caught:
        find_fake_binary(missing, environ={"PATH": ""})
    assert str(missing) in str(caught.value)
    assert "no such file" in str(caught.value)


def test_a_file_that_is_not_executable_is_refused_saying_so(tmp_path: Path) -> None:
    plain = tmp_path / "fake-lepton"
    plain.write_text("", encoding="utf-8")
    with pytest.raises(FakeBinaryNotFound, match="not executable"):
        find_fake_binary(environ={"LEPTONKIT_FAKE_LEPTON": str(plain)})


def test_a_wrong_environment_variable_is_not_replaced_by_path(tmp_path: Path) -> None:
    on_path = _executable(tmp_path / "bin")
    env = {"LEPTONKIT_FAKE_LEPTON": str(tmp_path / "missing"), "PATH": str(on_path.parent)}
    with pytest.raises(FakeBinaryNotFound, match="LEPTONKIT_FAKE_LEPTON"):
        find_fake_binary(environ=env)


def test_not_found_anywhere_names_every_place_looked_at(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path / "empty")}
    with pytest.raises(FakeBinaryNotFound) as caught:
        find_fake_binary(environ=env)
    message = str(caught.value)
    assert "LEPTONKIT_FAKE_LEPTON: not set" in message
    assert f"PATH: no fake-lepton in {tmp_path / 'empty'}" in message
    assert "next to the installed package" in message
    assert len(caught.value.searched) == 3


def test_an_installed_package_finds_the_binary_of_its_prefix(tmp_path: Path) -> None:
    # The layout of `cmake --install`: <prefix>/share/leptonkit/python/leptonkit_fake and
    # <prefix>/bin/fake-lepton.
    prefix = tmp_path / "prefix"
    site = prefix / "share" / "leptonkit" / "python"
    shutil.copytree(Path(leptonkit_fake.__file__).parent, site / "leptonkit_fake",
                    ignore=shutil.ignore_patterns("__pycache__"))
    binary = _executable(prefix / "bin")
    found = subprocess.run(
        [sys.executable, "-c", "import leptonkit_fake; print(leptonkit_fake.find_fake_binary())"],
        env={"PYTHONPATH": str(site), "PATH": str(tmp_path / "empty")},
        capture_output=True, text=True, check=True).stdout.strip()
    assert found == str(binary)
