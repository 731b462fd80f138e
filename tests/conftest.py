"""Test-session settings shared by all test modules."""

from __future__ import annotations

import os
import tempfile

# Keep the user cache (word-frequency index, compiled templates) of the test session out of the
# developer's home; subprocesses started by tests inherit it. One folder per session (and per
# xdist worker), removed at exit.
_SESSION_CACHE = tempfile.TemporaryDirectory(prefix="diffsrc-test-usercache-")
os.environ.setdefault("DIFFSRC_CACHE_HOME", _SESSION_CACHE.name)
