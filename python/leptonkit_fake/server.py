"""Starting and stopping a standalone `fake-lepton` process."""

from __future__ import annotations

import ctypes
import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import weakref
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .control import ControlClient
from .errors import FakeStartError
from .locate import find_fake_binary

# Prefix of the random token each fake gets unless one is given; tests' output is checked for
# it (a token must never be printed).
TOKEN_PREFIX = "leptonkit-fake-token-"

ClusterSpec = Mapping[str, Any] | str | os.PathLike[str]
"""A cluster file: its content as a dict, or its path."""
PlanSpec = Mapping[str, Any] | str | os.PathLike[str]
"""A lifecycle plan: its content as a dict, or its path."""
FaultSpec = Mapping[str, Any] | str
"""A fault rule: a dict, or its JSON text."""

_SETTINGS = ("LEPTON_WORKSPACE_ID", "LEPTON_WORKSPACE_TOKEN", "LEPTON_WORKSPACE_URL")
_PR_SET_PDEATHSIG = 1
# How long a fake that closed its stdout before printing its settings may take to exit.
_EXIT_GRACE_SECONDS = 1.0


def _parent_death_signal() -> Callable[[], None] | None:
    """On Linux, a pre-exec hook that makes the child get SIGTERM when the thread that started
    it ends (the interpreter killed with SIGKILL included), so no fake outlives its test run.
    None elsewhere. prctl is looked up here, before any fork."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)

    return hook


def _end_process(process: subprocess.Popen[bytes], grace: float) -> int:
    """Stops `process` with SIGTERM (SIGKILL after `grace` seconds) unless it has ended.
    Safe to call more than once; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _terminate(process: subprocess.Popen[bytes], directory: str, grace: float) -> None:
    """The finalizer: ends `process`, closes its stdout and removes `directory`."""
    _end_process(process, grace)
    if process.stdout is not None:
        process.stdout.close()
    shutil.rmtree(directory, ignore_errors=True)


def _drain(stream: Any) -> None:
    """Reads and drops what the fake writes on stdout after its settings, until it ends."""
    try:
        while stream is not None and stream.read(4096):
            pass
    except (OSError, ValueError):
        pass


class FakeLepton(ControlClient):
    """A standalone fake Lepton workspace running as a child process on 127.0.0.1, on a port the
    kernel chose, plus the control-plane client of ControlClient for it.

    Constructing one starts the process and returns once it serves (it printed its settings);
    stop() (or leaving a `with` block) stops it. It is also stopped when the object is
    garbage-collected and at interpreter exit, and on Linux when the thread that started it
    ends, even by SIGKILL: a failed or interrupted test leaves no process behind.

    Raises FakeBinaryNotFound when no binary is found (find_fake_binary), FakeStartError when
    the process exits, or prints nothing usable, within `start_timeout` real seconds (with its
    stderr in the message, the token masked), and ValueError for a bad argument."""

    def __init__(self, binary: str | os.PathLike[str] | None = None, *,
                 cluster: ClusterSpec | None = None,
                 plans: Iterable[PlanSpec] = (),
                 faults: Iterable[FaultSpec] = (),
                 time_scale: float | None = None,
                 seed: int | None = None,
                 workspace: str = "fake-ws",
                 token: str | None = None,
                 journal_capacity: int | None = None,
                 extra_args: Sequence[str] = (),
                 start_timeout: float = 30.0,
                 request_timeout: float = 30.0,
                 stop_timeout: float = 10.0) -> None:
        """`binary`: the executable, else found by find_fake_binary. `cluster`, `plans`,
        `faults`: as the binary's --cluster, --plan, --fault (dicts are written to temporary
        files). `time_scale`: None (the default) starts the fake on a manual clock
        (--manual-clock: time stands still until advance() moves it, so a test decides every
        transition); a number runs its clock that many times faster than real time. `seed`:
        generated ids and jitter. `token`: the bearer token clients must send (a random
        leptonkit-fake-token-... by default). `extra_args`: more flags, passed as they are."""
        self.binary: Path = find_fake_binary(binary)
        if time_scale is not None and not 0.001 <= time_scale <= 100000:
            raise ValueError("time_scale must be None (a manual clock) or between 0.001 and "
                             f"100000 (fake-lepton's range), not {time_scale!r}")
        self.workspace_id = workspace
        self.token = token if token is not None else TOKEN_PREFIX + secrets.token_hex(8)
        self.time_scale = time_scale
        self._stop_timeout = stop_timeout
        self._directory = tempfile.mkdtemp(prefix="leptonkit-fake-")
        self.returncode: int | None = None
        self.stderr: str = ""
        try:
            command = self._command(cluster, plans, faults, seed, journal_capacity, extra_args)
        except BaseException:
            shutil.rmtree(self._directory, ignore_errors=True)
            raise
        self.command: list[str] = command
        self._stderr_path = os.path.join(self._directory, "stderr.log")
        with open(self._stderr_path, "wb") as stderr:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                preexec_fn=_parent_death_signal(), close_fds=True)
        self._finalizer = weakref.finalize(self, _terminate, self._process, self._directory,
                                           stop_timeout)
        try:
            settings = self._read_settings(start_timeout)
        except BaseException:
            self._finalizer()
            raise
        self.workspace_url: str = settings["LEPTON_WORKSPACE_URL"]
        parsed = urllib.parse.urlsplit(self.workspace_url)
        self.port: int = parsed.port or 0
        super().__init__(f"{parsed.scheme}://{parsed.netloc}", timeout=request_timeout)
        # The fake prints nothing after its settings today; a reader keeps any later write
        # from blocking it. The thread holds the stream, not this object, so that dropping
        # the object still stops the fake.
        threading.Thread(target=_drain, args=(self._process.stdout,),
                         name="fake-lepton-stdout", daemon=True).start()

    # -- what a client needs ---------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """The three variables the official SDK's APIClient() and the `lep` CLI read:
        LEPTON_WORKSPACE_ID, LEPTON_WORKSPACE_TOKEN and LEPTON_WORKSPACE_URL."""
        return {"LEPTON_WORKSPACE_ID": self.workspace_id,
                "LEPTON_WORKSPACE_TOKEN": self.token,
                "LEPTON_WORKSPACE_URL": self.workspace_url}

    def is_running(self) -> bool:
        """Whether the process is still alive."""
        return self._process.poll() is None

    @property
    def pid(self) -> int:
        """The process id of the fake."""
        return self._process.pid

    def stop(self) -> int:
        """Stops the fake (SIGTERM, then SIGKILL after stop_timeout) and removes its temporary
        files. Idempotent. Returns its exit status (0 for a clean stop); keeps its stderr, the
        token masked, in `self.stderr`."""
        if self._finalizer.alive:
            self.returncode = _end_process(self._process, self._stop_timeout)
            self.stderr = self._read_stderr_file()
            self._finalizer()
        return self._process.returncode

    def __enter__(self) -> "FakeLepton":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.workspace_url if hasattr(self, "workspace_url") else "starting"
        return f"<FakeLepton pid={self._process.pid} {where}>"

    # -- starting --------------------------------------------------------------------------

    def _command(self, cluster: ClusterSpec | None, plans: Iterable[PlanSpec],
                 faults: Iterable[FaultSpec], seed: int | None,
                 journal_capacity: int | None, extra_args: Sequence[str]) -> list[str]:
        command = [str(self.binary), "--host", "127.0.0.1", "--port", "0",
                   "--workspace", self.workspace_id, "--token", self.token]
        if self.time_scale is None:
            command += ["--manual-clock"]
        else:
            command += ["--time-scale", repr(float(self.time_scale))]
        if seed is not None:
            command += ["--seed", str(int(seed))]
        if journal_capacity is not None:
            command += ["--journal-capacity", str(int(journal_capacity))]
        if cluster is not None:
            command += ["--cluster", self._as_file(cluster, "cluster")]
        for index, plan in enumerate(plans):
            command += ["--plan", self._as_file(plan, f"plan-{index}")]
        for fault in faults:
            text = fault if isinstance(fault, str) else json.dumps(dict(fault))
            command += ["--fault", text]
        command += list(extra_args)
        return command

    def _as_file(self, spec: Mapping[str, Any] | str | os.PathLike[str], stem: str) -> str:
        """A path for the binary: a dict is written as JSON into the fake's directory."""
        if isinstance(spec, Mapping):
            path = os.path.join(self._directory, f"{stem}.json")
            with open(path, "w", encoding="utf-8") as out:
                json.dump(dict(spec), out)
            return path
        return os.fspath(spec)

    def _read_settings(self, timeout: float) -> dict[str, str]:
        """Reads the `export NAME=VALUE` lines until the three settings are in, within
        `timeout` real seconds. The wait is on the pipe (select), not a sleep."""
        assert self._process.stdout is not None
        stream = self._process.stdout
        settings: dict[str, str] = {}
        pending = b""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            while not all(name in settings for name in _SETTINGS):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._start_error(f"it printed no settings within {timeout:g} s")
                if not selector.select(timeout=left):
                    continue
                chunk = os.read(stream.fileno(), 4096)
                if not chunk:
                    # A fake that ends its stdout is exiting: give it a moment to be reaped.
                    grace = min(max(deadline - time.monotonic(), 0.0), _EXIT_GRACE_SECONDS)
                    try:
                        self._process.wait(timeout=grace)
                    except subprocess.TimeoutExpired:
                        raise self._start_error("it closed its stdout without printing its "
                                                "settings") from None
                    raise self._start_error(
                        f"it exited with status {self._process.returncode}")
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    text = line.decode("utf-8", errors="replace").strip()
                    if text.startswith("export ") and "=" in text:
                        name, _, value = text[len("export "):].partition("=")
                        settings[name] = value
        return settings

    def _start_error(self, reason: str) -> FakeStartError:
        returncode = self._process.poll()
        _end_process(self._process, self._stop_timeout)
        stderr = self._read_stderr_file()
        self._finalizer()
        return FakeStartError(reason, self._masked(self.command), returncode, stderr)

    # -- diagnostics -----------------------------------------------------------------------

    def _read_stderr_file(self) -> str:
        try:
            with open(self._stderr_path, "rb") as err:
                text = err.read().decode("utf-8", errors="replace")
        except OSError:
            return self.stderr
        return self._mask(text)

    def _mask(self, text: str) -> str:
        return text.replace(self.token, "<redacted>") if self.token else text

    def _masked(self, command: Sequence[str]) -> list[str]:
        return [self._mask(part) for part in command]

    def _unreachable_detail(self) -> str:
        returncode = self._process.poll()
        if returncode is None:
            return ""
        stderr = self._read_stderr_file().strip() or "(nothing on stderr)"
        return f" (fake-lepton has exited with status {returncode}; its stderr:\n{stderr})"
