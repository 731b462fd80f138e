"""The analysis: alignment, artefact detectors, claims and facts, quality, the pipeline that runs them."""
