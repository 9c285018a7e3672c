"""A client of the fake's control plane (`/fake/v1` on the port of the workspace API), with the
standard library only. It talks to any running fake, standalone or in-process, given its root
URL; `FakeLepton` (server.py) is this client plus the process it started."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Collection, Mapping

from .errors import ControlPlaneError, WaitTimeout

JsonValue = Any
"""A decoded JSON document (dict, list, str, number, bool or None)."""


class ControlClient:
    """Calls the control plane of the fake whose root is `root_url` (scheme://host:port, no
    path). Every method makes one or a few HTTP requests and returns the decoded answer; an
    error answer raises ControlPlaneError with its status and the server's message, a fake
    that does not answer raises ControlPlaneError with status 0. Proxies from the environment
    are ignored: the fake is always reached directly. Not thread-safe for wait_for_state
    (it moves the shared clock); the other calls are independent requests."""

    def __init__(self, root_url: str, *, timeout: float = 30.0) -> None:
        """`timeout` bounds each request in real seconds."""
        parsed = urllib.parse.urlsplit(root_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"root_url must be scheme://host:port, got {root_url!r}")
        self.root_url = f"{parsed.scheme}://{parsed.netloc}"
        self.timeout = timeout
        # True once a call replaced the cluster or the plans, which POST /fake/v1/reset keeps:
        # the pytest plugin then gives the next test a new fake instead of a reset one.
        self.configuration_changed = False
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # -- the clock -------------------------------------------------------------------------

    def clock(self) -> dict[str, Any]:
        """GET /fake/v1/clock: {"now_ms": <Unix milliseconds>, "manual": <bool>}."""
        answer: dict[str, Any] = self._call("GET", "/clock")
        return answer

    def now(self) -> float:
        """The fake's current time in Unix seconds (its clock, not the machine's)."""
        return float(self.clock()["now_ms"]) / 1000.0

    def advance(self, seconds: float) -> float:
        """Moves the fake's clock forward by `seconds` (>= 0; fractions allowed), running every
        transition that falls due, and returns the new time in Unix seconds. Works on the
        standalone fake's scaled clock too: it jumps ahead and keeps running from there."""
        if seconds < 0:
            raise ValueError(f"cannot move the clock backwards ({seconds} s)")
        answer = self._call("POST", "/clock/advance", {"seconds": seconds})
        return float(answer["now_ms"]) / 1000.0

    # -- state -----------------------------------------------------------------------------

    def reset(self) -> None:
        """POST /fake/v1/reset: forgets every job, secret and fault rule and the kept journal.
        The clock, the cluster and the plans stay as they are."""
        self._call("POST", "/reset")

    def jobs(self) -> list[dict[str, Any]]:
        """GET /fake/v1/jobs: every job, live or archived, newest first, each as
        {"archived": bool, "job": <the Lepton job JSON>} plus "queue_position" (1 = next) while
        it waits for room."""
        answer: list[dict[str, Any]] = self._call("GET", "/jobs")
        return answer

    def job(self, job_id: str) -> dict[str, Any] | None:
        """The entry of jobs() for `job_id` (its `metadata.id`), or None if the fake has none."""
        for entry in self.jobs():
            if entry.get("job", {}).get("metadata", {}).get("id") == job_id:
                return entry
        return None

    def state(self, job_id: str) -> str | None:
        """The job's `status.state` ("Queueing", "Running", ...), or None if the fake has no
        such job."""
        entry = self.job(job_id)
        if entry is None:
            return None
        return str(entry["job"].get("status", {}).get("state", ""))

    def force_state(self, job_id: str, state: str) -> None:
        """Puts the job in `state` (a Lepton state name, "" for the server's unknown) at once."""
        self._call("POST", f"/jobs/{_quote(job_id)}/state", {"state": state})

    def wait_for_state(self, job_id: str, states: str | Collection[str], *,
                       step: float = 0.5, limit: float = 3600.0) -> dict[str, Any]:
        """Moves the fake's clock `step` seconds at a time until the job's state is `states`
        (one name or several), for at most `limit` seconds of the fake's clock, and returns the
        job's jobs() entry. It never sleeps: between two looks only the control plane moves
        time, so a run is as fast as the requests. On the standalone fake's scaled clock the
        machine's time runs too (at its --time-scale), which can only bring transitions
        earlier; the bound stays `limit` of advancing. Raises WaitTimeout with the last state
        seen when the bound is reached, and ControlPlaneError if the fake fails."""
        wanted = [states] if isinstance(states, str) else list(states)
        if step <= 0 or limit < 0:
            raise ValueError("step must be > 0 and limit >= 0")
        advanced = 0.0
        last: str | None = None
        while True:
            entry = self.job(job_id)
            if entry is not None:
                last = entry["job"].get("status", {}).get("state", "")
                if last in wanted:
                    return entry
            if advanced >= limit:
                raise WaitTimeout(job_id, wanted, last, advanced)
            by = min(step, limit - advanced)
            self.advance(by)
            advanced += by

    # -- faults ----------------------------------------------------------------------------

    def add_fault(self, rule: Mapping[str, Any] | str) -> str:
        """Adds a fault rule (a dict, or its JSON text; fake_lepton/README.md "Fault rules"
        lists the keys) and returns its name (generated as fault-<n> when it has none). A bad
        rule or a name in use raises ControlPlaneError (400, 409)."""
        body = json.loads(rule) if isinstance(rule, str) else dict(rule)
        answer: str = self._call("POST", "/faults", body)["name"]
        return answer

    def faults(self) -> list[dict[str, Any]]:
        """Every rule in the order added, as the fake lists it: the rule's fields plus
        "matched" (requests that reached it and matched), "fired" and "active" (false once
        `times` is used up or `for` has passed)."""
        answer: list[dict[str, Any]] = self._call("GET", "/faults")["faults"]
        return answer

    def header_faults_fired(self) -> int:
        """How many requests an X-Fake-Lepton-Fault header failed."""
        return int(self._call("GET", "/faults")["header_fired"])

    def remove_faults(self, name: str | None = None) -> None:
        """Removes the rule called `name`, or every rule when `name` is None."""
        self._call("DELETE", "/faults" if name is None else f"/faults/{_quote(name)}")

    # -- the journal -----------------------------------------------------------------------

    def journal(self, method: str | None = None, path: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
        """The kept workspace-API requests, oldest first: each with sequence, received_at_ms,
        method, path (below the host, e.g. /api/v2/workspaces/<ws>/jobs), query, headers,
        body, status (0: closed without answer), latency and the fault that fired. `method`
        keeps one method; `path` is a regular expression the whole path must match; `limit`
        keeps the newest n. The token is redacted by the fake."""
        query = {key: value for key, value in
                 (("method", method), ("path", path), ("limit", limit)) if value is not None}
        answer: list[dict[str, Any]] = self._call("GET", "/journal", query=query)["requests"]
        return answer

    def clear_journal(self) -> None:
        """Forgets the kept requests."""
        self._call("DELETE", "/journal")

    # -- cluster and plans -----------------------------------------------------------------

    def set_cluster(self, cluster: Mapping[str, Any] | str | os.PathLike[str]) -> list[Any]:
        """Replaces the node groups, shapes and reservations (PUT /fake/v1/cluster) with a
        cluster file's content: a dict, or the path of a JSON file (fixtures/clusters/README.md
        has the format). Running jobs keep their room; waiting jobs get another look. Returns
        the node groups with their allocation. A bad cluster raises ControlPlaneError (400)."""
        if isinstance(cluster, Mapping):
            body: Any = dict(cluster)
        else:
            body = json.loads(Path(cluster).read_text(encoding="utf-8"))
        self.configuration_changed = True
        answer: list[Any] = self._call("PUT", "/cluster", body)
        return answer

    def node_groups(self) -> list[Any]:
        """GET /fake/v1/node-groups: the node groups with their current allocation."""
        answer: list[Any] = self._call("GET", "/node-groups")
        return answer

    def add_plan(self, plan: Mapping[str, Any] | str | os.PathLike[str]) -> None:
        """Adds a lifecycle plan (a dict or the path of a plan file,
        fixtures/scenarios/README.md) after the existing ones."""
        if isinstance(plan, Mapping):
            body: Any = dict(plan)
        else:
            body = json.loads(Path(plan).read_text(encoding="utf-8"))
        self.configuration_changed = True
        self._call("POST", "/plans", body)

    def plans(self) -> list[dict[str, Any]]:
        """The plans in effect, as [{"name", "rules": <count>}]."""
        answer: list[dict[str, Any]] = self._call("GET", "/plans")
        return answer

    def clear_plans(self) -> None:
        """Removes every plan: jobs follow their own commands again."""
        self.configuration_changed = True
        self._call("DELETE", "/plans")

    # -- transport -------------------------------------------------------------------------

    def _unreachable_detail(self) -> str:
        """Extra words for a request that got no answer; FakeLepton adds the process's fate."""
        return ""

    def _call(self, method: str, path: str, body: JsonValue = None, *,
              query: Mapping[str, Any] | None = None) -> Any:
        """One request to /fake/v1<path>; returns the decoded JSON answer (None when empty)."""
        url = f"{self.root_url}/fake/v1{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        shown = f"/fake/v1{path}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            code, message = _error_fields(raw)
            raise ControlPlaneError(method, shown, error.code, code, message) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ControlPlaneError(method, shown, 0, "",
                                    f"{reason}{self._unreachable_detail()}") from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise ControlPlaneError(method, shown, 200, "",
                                    f"the answer is not JSON: {raw[:200]!r}") from None


def _quote(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


def _error_fields(raw: bytes) -> tuple[str, str]:
    """The code and message of a Lepton-shaped error body, else ("", the body as text)."""
    text = raw.decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except ValueError:
        return "", text.strip() or "(empty body)"
    if isinstance(document, dict) and "message" in document:
        return str(document.get("code", "")), str(document["message"])
    return "", text.strip()
