"""How reports write a claim's value: in words, not as the keys claims are compared by
('thu' → 'Thursday', 'kellogg+zelensky' → 'Kellogg & Zelensky', 'GB' → 'United Kingdom')."""

from __future__ import annotations

from diffsrc.analysis import mentions
from diffsrc.analysis.claimkinds import BY_NAME, month


def shown(kind: str, value: str) -> str:
    """``value`` of a claim of ``kind`` as a reader would write it; '' for a quote, whose value is
    the folded words it is compared by (the report shows the quote itself). The claim kinds of
    ``claimkinds`` say how they write their values (``Kind.shown``); the branches here are for
    the value formats of ``claims``."""
    if kind == "quote":
        return ""
    if kind == "list":
        return ", ".join(mentions.shown(v) for v in value.split(",") if v)
    if kind == "people":
        return " & ".join(mentions.shown(v) for v in value.split("+") if v)
    if kind == "statement":
        return mentions.shown(value)
    if kind == "date" and len(value) == 5 and value[2] == "-" and value.replace("-", "").isdigit():
        return f"{month.shown(value[:2])} {int(value[3:])}"
    if kind == "relative":
        return value.replace("-", " ")
    return BY_NAME[kind].shown(value) if kind in BY_NAME else value


def clipped(text: str, n: int = 60) -> str:
    """``text`` on one line (runs of white space as one space), cut to ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
