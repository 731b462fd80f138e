"""Imports every built-in detector module so that each registers itself."""

from diffsrc.detectors import typography  # noqa: F401
from diffsrc.detectors import casing  # noqa: F401
from diffsrc.detectors import falsefriends  # noqa: F401
from diffsrc.detectors import wordorder  # noqa: F401
from diffsrc.detectors import grammar  # noqa: F401
from diffsrc.detectors import garbled  # noqa: F401
from diffsrc.detectors import untranslated  # noqa: F401
from diffsrc.detectors import names  # noqa: F401
from diffsrc.detectors import collocations  # noqa: F401
from diffsrc.detectors import lm  # noqa: F401
