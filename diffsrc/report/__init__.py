"""Renderers: JSON, Markdown, HTML, SARIF and the terminal summary, all from an ``Analysis``."""

import re
from collections.abc import Sequence

# What scraped text must not smuggle into a terminal, a CI log or a rendered comment: C0 controls
# (ESC starts terminal escape sequences, BEL ends OSC titles, CR overwrites a line), DEL, C1
# controls (0x9b is a one-byte CSI on some terminals), the Unicode bidirectional controls that
# reorder what is shown (CVE-2021-42574, "Trojan Source": U+202A-202E, U+2066-2069, U+200E/F,
# U+061C) and the line and paragraph separators that break a line where no newline is seen.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = True) -> str:
    """Text with control and bidirectional-override characters shown as escapes (``\\x1b``, ``\\u202e``).

    ``one_line`` escapes tabs and newlines too, for ``path:line:col`` lines and table cells.
    """
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_escaped, str(text))


# What json.dumps(ensure_ascii=False) leaves raw inside strings although a terminal obeys it
# (``-o -``): DEL, C1 controls, bidi controls and line separators. Their \\u escapes are the same
# JSON value, so a report escaped this way reads back identical.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert_json(text: str) -> str:
    """JSON text with the control characters json.dumps keeps raw written as ``\\uXXXX`` escapes."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def listed(items: Sequence[str], most: int = 6) -> str:
    """The first ``most`` items joined with commas, then how many more ("a, b and 3 more")."""
    shown = ", ".join(items[:most])
    return f"{shown} and {len(items) - most} more" if len(items) > most else shown


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, with an "s" unless ``n`` is 1 ("1 contradiction", "3 artefacts")."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# Quotation marks for quoting source text, in order of preference: a finding whose text is itself a
# quote mark ("“" for "«") reads ‘“’, not “““.
_QUOTE_MARKS = (("“", "”"), ("‘", "’"), ("‹", "›"), ('"', '"'))


def quoted(text: str) -> str:
    """``text`` between the first pair of quotation marks that it does not contain itself."""
    for opening, closing in _QUOTE_MARKS:
        if opening not in text and closing not in text:
            return f"{opening}{text}{closing}"
    return f"“{text}”"
