"""A small Lepton job launcher on plain HTTP (urllib only), as a team would write one: it reads
the workspace from the official SDK's variables, submits a multi-node job to a node group,
rides out rate limiting, and reports the job's state. test_launcher.py tests it against the
standalone fake with the `fake_lepton` fixture.

The wire format is Lepton's job API: POST <workspace URL>/jobs with a LeptonJob document
({"metadata": {"name"}, "spec": {...}}), GET <workspace URL>/jobs/<id>, bearer-token auth, and
errors as {"code", "message"} with Retry-After on 429."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

# Statuses that say the request was refused before it took effect, so sending it again cannot
# make a second job: 429 (rate limited) and 503 (unavailable). A 502 or 504 comes from a
# gateway that may have passed the create on, as may a request that got no answer: this small
# launcher does not retry those (leptonkit's C++ client does, finding the job it may have made
# by a label before it creates again).
RETRIED_STATUSES = frozenset({429, 503})


class LaunchError(Exception):
    """The workspace refused a request, or kept refusing it after every retry. `status` is the
    HTTP status, `code` and `message` the workspace's error fields."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(f"HTTP {status} {code}: {message}")


@dataclass
class JobRequest:
    """What to run: `nodes` replicas of `command` in `image`, each on a `shape`, in
    `node_group` (a node group id; any group when None)."""

    name: str
    command: str
    image: str = "nvcr.io/nvidia/pytorch:25.01-py3"
    shape: str = "gpu.8xh100"
    nodes: int = 1
    node_group: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The LeptonJob document of the create request."""
        spec: dict[str, Any] = {
            "resource_shape": self.shape,
            "container": {"image": self.image, "command": ["/bin/bash", "-c", self.command]},
            "completions": self.nodes,
            "parallelism": self.nodes,
            "envs": [{"name": k, "value": v} for k, v in sorted(self.env.items())],
        }
        if self.node_group is not None:
            spec["affinity"] = {"allowed_dedicated_node_groups": [self.node_group]}
        return {"metadata": {"name": self.name}, "spec": spec}


class Launcher:
    """Submits and inspects jobs in one workspace. `sleep` is how the launcher waits before a
    retry (time.sleep in production; a test passes one that moves the fake's clock instead).
    A refused request (RETRIED_STATUSES) is sent again up to `attempts` times in all, after the
    answer's Retry-After seconds, else after 1, 2, 4... seconds; any other failure raises
    LaunchError (an HTTP error) or the urllib error (no answer) at once."""

    def __init__(self, workspace_url: str, token: str, *,
                 sleep: Callable[[float], None] = time.sleep, attempts: int = 5,
                 timeout: float = 30.0) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.workspace_url = workspace_url.rstrip("/")
        self._token = token
        self._sleep = sleep
        self._attempts = attempts
        self._timeout = timeout

    @classmethod
    def from_environment(cls, **kwargs: Any) -> "Launcher":
        """A launcher for the workspace of LEPTON_WORKSPACE_URL and LEPTON_WORKSPACE_TOKEN, the
        official SDK's variables. Raises LaunchError when either is missing."""
        url = os.environ.get("LEPTON_WORKSPACE_URL", "")
        token = os.environ.get("LEPTON_WORKSPACE_TOKEN", "")
        if not url or not token:
            raise LaunchError(0, "NoWorkspace",
                              "set LEPTON_WORKSPACE_URL and LEPTON_WORKSPACE_TOKEN")
        return cls(url, token, **kwargs)

    def submit(self, job: JobRequest) -> str:
        """Creates the job and returns its id."""
        created = self._request("POST", "/jobs", job.body())
        return str(created["metadata"]["id"])

    def state(self, job_id: str) -> str:
        """The job's state ("Queueing", "Running", "Completed", ...)."""
        return str(self._request("GET", f"/jobs/{job_id}")["status"]["state"])

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        backoff = 1.0
        attempt = 1
        while True:
            request = urllib.request.Request(self.workspace_url + path, data=data, method=method)
            request.add_header("Authorization", f"Bearer {self._token}")
            if data is not None:
                request.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=self._timeout) as response:
                    return json.loads(response.read() or b"null")
            except urllib.error.HTTPError as error:
                code, message = _error_fields(error.read())
                if error.code not in RETRIED_STATUSES or attempt >= self._attempts:
                    raise LaunchError(error.code, code, message) from None
                retry_after = error.headers.get("Retry-After", "")
                wait = float(retry_after) if retry_after.isdigit() else backoff
                backoff *= 2
                self._sleep(wait)
                attempt += 1


def _error_fields(raw: bytes) -> tuple[str, str]:
    try:
        document = json.loads(raw)
        return str(document.get("code", "")), str(document.get("message", ""))
    except (ValueError, AttributeError):
        return "", raw.decode("utf-8", errors="replace")
