"""leptonkit_fake: run leptonkit's standalone fake Lepton workspace (`fake-lepton`) from Python
tests, with the standard library only.

    from leptonkit_fake import FakeLepton

    with FakeLepton() as fake:                 # finds fake-lepton, starts it on a free port
        os.environ.update(fake.environment())  # LEPTON_WORKSPACE_ID / _TOKEN / _URL
        ...                                    # run the code under test
        fake.advance(30)                       # move the fake's clock, never sleep
        assert len(fake.journal(method="POST", path=".*/jobs")) == 1

pytest users get the `fake_lepton` fixture from the plugin (leptonkit_fake.plugin)."""

from .control import ControlClient
from .errors import (ControlPlaneError, FakeBinaryNotFound, FakeLeptonError, FakeStartError,
                     WaitTimeout)
from .locate import find_fake_binary
from .server import FakeLepton

__version__ = "0.1.0"

__all__ = [
    "ControlClient",
    "ControlPlaneError",
    "FakeBinaryNotFound",
    "FakeLepton",
    "FakeLeptonError",
    "FakeStartError",
    "WaitTimeout",
    "find_fake_binary",
]
