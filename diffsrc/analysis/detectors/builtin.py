"""Imports every built-in detector module so that each registers itself."""

from diffsrc.analysis.detectors import (
    agreement,  # noqa: F401
    casing,  # noqa: F401
    collocations,  # noqa: F401
    crosssource,  # noqa: F401
    garbled,  # noqa: F401
    grammar,  # noqa: F401
    lm,  # noqa: F401
    names,  # noqa: F401
    rules,  # noqa: F401
    typography,  # noqa: F401
    untranslated,  # noqa: F401
    wordorder,  # noqa: F401
)
