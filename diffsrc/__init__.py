"""diffsrc: compare news coverage across outlets and languages.

Aligns paragraphs that report the same facts, flags machine-translation and spinning artefacts,
finds agreements, contradictions and omissions, and renders reports.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
