"""The workspace API calls the package's tests make as a launcher would (plain urllib)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from leptonkit_fake import FakeLepton


def create_job(fake: FakeLepton, name: str, command: str = "sleep 10", *, nodes: int = 1,
               shape: str = "gpu.8xh100") -> str:
    """Creates a job on `fake` through its workspace API and returns its id."""
    body = {"metadata": {"name": name},
            "spec": {"resource_shape": shape,
                     "container": {"image": "ubuntu:24.04",
                                   "command": ["/bin/bash", "-c", command]},
                     "completions": nodes, "parallelism": nodes}}
    return call(fake, "POST", "/jobs", body)["metadata"]["id"]


def call(fake: FakeLepton, method: str, path: str, body: Any = None) -> Any:
    """One request to the workspace API of `fake`, with its token; returns the decoded JSON."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(fake.workspace_url + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {fake.token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
