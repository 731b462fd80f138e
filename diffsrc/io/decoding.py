"""Decoding a source file's bytes to text, and the issues the decoded text carries (mojibake, control sequences).

BOMs win, then strict UTF-8, then a file of UTF-8 and windows-1252 lines, then a legacy 8-bit
encoding detected by charset-normalizer. Nothing is repaired: mojibake and terminal control
sequences are reported as ingest issues and the text is kept as it came.
"""

from __future__ import annotations

import codecs
import re

from diffsrc.errors import EmptySource, InputError
from diffsrc.model import IngestIssue

_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/EPUB)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

MIXED_PREFIX = "utf-8+"  # the encoding of a file of UTF-8 and legacy lines: "utf-8+cp1252"

# Typical UTF-8-read-as-cp1252/latin-1 sequences: "â€™", "Ã©", "Â ".
_MOJIBAKE = re.compile(r"(?:â€[\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]|Ã[\u0080-\u00bf\u0152\u0153\u2018-\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|Â[\u00a0-\u00bf])+")


def decode_bytes(raw: bytes, shown: str) -> tuple[str, str]:
    """Decode file bytes to text, returning ``(text, encoding)``.

    BOMs win; then strict UTF-8; then a legacy 8-bit encoding detected by charset-normalizer.
    """
    if not raw.strip():
        raise EmptySource(f"{shown!r} is empty; give a file with article text")
    for magic, what in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{shown!r} is {what}, not text; give .txt, .md or .html files")
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", shown), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _strict(raw, "utf-32", shown), "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", shown), "utf-16"
    if b"\x00" in raw:
        raise InputError(
            f"{shown!r} looks binary (NUL bytes), not text; give .txt, .md or .html files "
            "(a UTF-16 file needs its byte-order mark)"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(raw)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{shown!r} could not be decoded as text; save it as UTF-8 and try again"
        )
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise InputError(f"{shown!r} does not look like text (control characters); give .txt, .md or .html files")
    return text, best.encoding


def _decode_mixed(raw: bytes) -> tuple[str, str] | None:
    """A file of UTF-8 lines and lines in one legacy encoding (articles pasted together), decoded
    line by line, or None when it is not one.

    Decoding such a file whole as the legacy encoding would turn every UTF-8 character into
    mojibake. Two or more lines with non-ASCII UTF-8 are the evidence: a legacy 8-bit text
    rarely forms valid multi-byte UTF-8. The other lines are read as windows-1252, the legacy
    encoding of English and French text (the WHATWG Encoding Standard reads ISO-8859-1 labels
    as windows-1252 too): a few short lines are too little for charset-normalizer, which takes
    French "è" for Czech "č" in windows-1250. The encoding is ``utf-8+NAME``.
    """
    lines = raw.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_lines = 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(None)
    if utf8_lines < 2:
        return None
    try:
        text = "".join(d if d is not None else line.decode("cp1252") for line, d in zip(lines, decoded, strict=True))
    except UnicodeDecodeError:  # a byte windows-1252 leaves undefined: not that mix
        return None
    return text, MIXED_PREFIX + "cp1252"


def _strict(raw: bytes, encoding: str, shown: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown!r} has bytes that are not valid {encoding} at offset {exc.start}; "
            "re-save it in one encoding"
        ) from exc
    return text.lstrip("\ufeff")


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(1, len(text))


def find_mojibake(text: str) -> list[IngestIssue]:
    """Spans that look like UTF-8 text decoded with a legacy encoding ("â€™", "Ã©")."""
    return [
        IngestIssue(
            "mojibake",
            f"{m.group(0)!r} looks like mis-decoded UTF-8 (mojibake); the evidence is kept as is",
            m.start(),
            m.end(),
        )
        for m in _MOJIBAKE.finditer(text)
    ]


# Terminal control sequences (ECMA-48, 5th edition, 1991): a CSI ("ESC [" or the one-byte 0x9b)
# with its parameter, intermediate and final bytes; an OSC ("ESC ]" or 0x9d, a window title) up to
# BEL or ST; another escape of ESC and one byte. A colour code whose ESC a copy lost ("[31m",
# SGR: numbers separated by semicolons, final byte "m") is the same residue; "[5m]" (five metres,
# in brackets) is not. Then any other C0 (but tab, line feed, form feed, carriage return), DEL or
# C1 character: a bell, a backspace.
_CONTROL_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\[\d{1,3}(?:;\d{1,3})*m(?![\]\d])"
    r"|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)


def control_sequences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each terminal control sequence, colour-code residue and control
    character of ``text[start:end]``, in order: pasted from a terminal or a log, not written by an outlet."""
    return [m.span() for m in _CONTROL_SEQUENCE.finditer(text, start, len(text) if end is None else end)]


def control_issues(text: str) -> list[IngestIssue]:
    """One issue for all the control sequences and characters of a text (at the first of them)."""
    spans = control_sequences(text)
    if not spans:
        return []
    examples = ", ".join(ascii(t) for t in list(dict.fromkeys(text[a:b] for a, b in spans))[:3])
    n = len(spans)
    return [IngestIssue(
        "control-characters",
        f"{n:,} terminal control sequence{'s' if n > 1 else ''} or control character{'s' if n > 1 else ''} "
        f"({examples}; colour codes, a bell, a backspace pasted from a terminal or a log): kept as evidence, "
        "shown as escapes, never read as words",
        spans[0][0], spans[0][1],
    )]
