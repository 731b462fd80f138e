"""Reading sources and keeping what was computed: ingestion, the analysis cache, the user cache, atomic files."""
