"""Finding the `fake-lepton` executable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping

from .errors import FakeBinaryNotFound

BINARY_NAME = "fake-lepton"
ENV_VARIABLE = "LEPTONKIT_FAKE_LEPTON"


def _installed_binary() -> Path:
    """Where `cmake --install` puts fake-lepton relative to this package: the package is
    installed as <prefix>/share/leptonkit/python/leptonkit_fake (and a Debian-style
    <prefix>/lib/python3/dist-packages/leptonkit_fake has the same depth), the binary as
    <prefix>/bin/fake-lepton."""
    package_dir = Path(__file__).resolve().parent
    parents = package_dir.parents
    prefix = parents[3] if len(parents) > 3 else parents[-1]
    return prefix / "bin" / BINARY_NAME


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_fake_binary(explicit: str | os.PathLike[str] | None = None,
                     environ: Mapping[str, str] | None = None) -> Path:
    """Returns the path of the fake-lepton to run, trying in order:

    1. `explicit`, when given (and then nothing else: a wrong explicit path is an error, never
       silently replaced by another binary);
    2. the `LEPTONKIT_FAKE_LEPTON` environment variable, when set and non-empty (likewise final);
    3. `fake-lepton` on PATH;
    4. <prefix>/bin/fake-lepton next to an installed copy of this package.

    Raises FakeBinaryNotFound naming every place looked at when none is an executable file.
    `environ` defaults to os.environ (tests pass their own)."""
    env = os.environ if environ is None else environ
    searched: list[str] = []
    if explicit is not None:
        path = Path(explicit)
        if _usable(path):
            return path.resolve()
        raise FakeBinaryNotFound([f"the path given: {path} ({_why_not(path)})"])
    from_env = env.get(ENV_VARIABLE, "")
    if from_env:
        path = Path(from_env)
        if _usable(path):
            return path.resolve()
        raise FakeBinaryNotFound([f"{ENV_VARIABLE}: {path} ({_why_not(path)})"])
    searched.append(f"{ENV_VARIABLE}: not set")
    on_path = shutil.which(BINARY_NAME, path=env.get("PATH", ""))
    if on_path:
        return Path(on_path).resolve()
    searched.append(f"PATH: no {BINARY_NAME} in {env.get('PATH', '') or '(empty PATH)'}")
    installed = _installed_binary()
    if _usable(installed):
        return installed
    searched.append(f"next to the installed package: {installed} ({_why_not(installed)})")
    raise FakeBinaryNotFound(searched)


def _why_not(path: Path) -> str:
    if not path.exists():
        return "no such file"
    if not path.is_file():
        return "not a file"
    return "not executable"
