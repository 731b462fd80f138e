"""Decoding file bytes (BOMs, UTF-8, mixed UTF-8 and windows-1252 lines, legacy encodings), and the
mojibake and control sequences the decoded text is checked for."""

from __future__ import annotations

import codecs

import pytest

from diffsrc.errors import InputError
from diffsrc.io.decoding import control_issues, control_sequences, decode_bytes, find_mojibake
from tests.test_ingest import EN, FR, FR2


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (EN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FR.encode("utf-8"), "utf-8-sig"),
        (FR.encode("utf-16"), "utf-16"),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + FR.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_unicode_encodings(raw: bytes, encoding: str) -> None:
    text, enc = decode_bytes(raw, "x.txt")
    assert enc == encoding
    assert "\ufeff" not in text
    assert text in (EN, FR)


def test_decode_legacy_8bit_with_detection() -> None:
    raw = (FR * 3).encode("cp1252")
    text, enc = decode_bytes(raw, "x.txt")
    assert text == FR * 3
    assert enc.lower().replace("_", "") in {"cp1252", "iso88591", "latin1", "windows1252", "iso885915", "cp1250"}


@pytest.mark.parametrize(
    "raw, text",
    [
        # articles pasted together: UTF-8 lines, then lines saved by a Windows tool
        (FR.encode("utf-8") + FR2.encode("cp1252"), FR + FR2),
        (FR2.encode("cp1252") + b"\r\n" + FR.encode("utf-8"), FR2 + "\r\n" + FR),
        # one UTF-8 line is not the evidence: the whole file is legacy text (its mojibake is reported)
        ("Caf\u00e9\n".encode("utf-8") + (FR * 3).encode("cp1252"), None),
    ],
)
def test_decode_mixed_utf8_and_legacy_lines(raw: bytes, text: str | None) -> None:
    decoded, enc = decode_bytes(raw, "x.txt")
    if text is None:
        assert "+" not in enc
    else:
        assert decoded == text and enc == "utf-8+cp1252"


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"abc\x00def\x00" * 10, "binary"),
        # random bytes: each refusal says what to give instead
        (bytes(range(256)) * 20, r"looks binary \(NUL bytes\), not text; give \.txt, \.md or \.html files"),
        (bytes(range(1, 256)) * 20, "could not be decoded as text; save it as UTF-8"),
        ("Bonjour tout le monde.".encode("utf-16-le"), "a UTF-16 file needs its byte-order mark"),
    ],
)
def test_decode_rejects_non_text(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_bytes(raw, "bad.txt")


def test_decode_rejects_broken_utf16() -> None:
    with pytest.raises(InputError, match="not valid utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00b", "bad.txt")


def test_find_mojibake_quiet_on_clean_french() -> None:
    assert find_mojibake("Le président a déclaré: « C’est à nous ». Île, Ève, âge.") == []


@pytest.mark.parametrize(
    ("text", "sequences", "count"),
    [
        ("Plain text, a tab\tand [5m] walls.\f", [], 0),
        ("A \x1b[31mred\x1b[0m word.", ["\x1b[31m", "\x1b[0m"], 2),
        ("A [1;32mgreen[0m word whose ESC was lost.", ["[1;32m", "[0m"], 2),
        ("Title\x1b]0;pwned\x07 bell\x07 back\x08 csi\x9b2J del\x7f.", ["\x1b]0;pwned\x07", "\x07", "\x08", "\x9b2J", "\x7f"], 5),
    ],
)
def test_control_sequences_are_one_issue(text: str, sequences: list[str], count: int) -> None:
    assert [text[a:b] for a, b in control_sequences(text)] == sequences
    issues = control_issues(text)
    assert len(issues) == (1 if count else 0)
    if count:
        issue = issues[0]
        assert issue.code == "control-characters" and issue.message.startswith(f"{count} terminal control")
        assert text[issue.start : issue.end] == sequences[0]
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in issue.message)
