"""The exceptions of leptonkit_fake: every failure is one of these, with a message that says
what went wrong and what to do. No message carries the workspace token."""

from __future__ import annotations

from typing import Sequence


class FakeLeptonError(Exception):
    """Base class of every error this package raises."""


class FakeBinaryNotFound(FakeLeptonError):
    """No `fake-lepton` executable was found. `searched` lists every place that was looked at,
    in order, each as "how: path" (for example "LEPTONKIT_FAKE_LEPTON: /opt/bin/fake-lepton")."""

    def __init__(self, searched: Sequence[str]) -> None:
        self.searched: list[str] = list(searched)
        places = "\n".join(f"  - {place}" for place in self.searched)
        super().__init__(
            "fake-lepton not found; looked in:\n"
            f"{places}\n"
            "Build it (cmake --build build --target fake-lepton), then pass its path, or set "
            "LEPTONKIT_FAKE_LEPTON, or put its directory on PATH."
        )


class FakeStartError(FakeLeptonError):
    """The fake exited, or did not print its settings in time, while starting. `stderr` is what
    it wrote on stderr (the token masked), `returncode` its exit status (None if it was still
    running and had to be killed)."""

    def __init__(self, reason: str, command: Sequence[str], returncode: int | None,
                 stderr: str) -> None:
        self.command: list[str] = list(command)
        self.returncode = returncode
        self.stderr = stderr
        shown = stderr.strip() or "(nothing on stderr)"
        super().__init__(f"fake-lepton did not start: {reason}\n"
                         f"command: {' '.join(self.command)}\n"
                         f"its stderr:\n{shown}")


class ControlPlaneError(FakeLeptonError):
    """The fake's control plane (or workspace API) answered an error, or could not be reached.
    `status` is the HTTP status (0 when no answer came), `code` and `server_message` the
    `{"code", "message"}` of a Lepton-shaped error body (the raw body when it is not one)."""

    def __init__(self, method: str, path: str, status: int, code: str,
                 server_message: str) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.server_message = server_message
        if status == 0:
            text = f"{method} {path}: no answer from the fake: {server_message}"
        else:
            label = f" {code}" if code else ""
            text = f"{method} {path}: HTTP {status}{label}: {server_message}"
        super().__init__(text)


class WaitTimeout(FakeLeptonError):
    """wait_for_state moved the fake's clock as far as it was allowed and the job never reached
    the wanted state. `last_state` is the state seen last (None if the job was never seen)."""

    def __init__(self, job_id: str, wanted: Sequence[str], last_state: str | None,
                 advanced_seconds: float) -> None:
        self.job_id = job_id
        self.wanted: list[str] = list(wanted)
        self.last_state = last_state
        self.advanced_seconds = advanced_seconds
        seen = "never seen" if last_state is None else f"last seen {last_state}"
        super().__init__(f"job {job_id} did not reach {' or '.join(self.wanted)} within "
                         f"{advanced_seconds:g} s of the fake's clock ({seen})")
