"""Reading sources: finding files, extracting article text, segmenting (decoding: ``decoding.py``).

Offsets of paragraphs and sentences point into ``Source.text``: the decoded file (plain text and
Markdown) or the article text extracted from an HTML page. Evidence is never "repaired": mojibake
and mixed-language paragraphs are reported as ingest issues, the text is kept as it came.
"""

from __future__ import annotations

import glob
import hashlib
import re
import tomllib
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from diffsrc.errors import EmptySource, InputError
from diffsrc.io.decoding import MIXED_PREFIX, control_issues, decode_bytes, find_mojibake
from diffsrc.model import IngestIssue, Paragraph, ParagraphKind, Sentence, Source, SourceMeta

# The largest source text analysed, in bytes of UTF-8 (decimal megabytes: 1 MB = 1,000,000
# bytes, the unit of --max-size and of its messages). Cost grows about linearly with the text
# (benchmarks/bench_size.py: 12-13 s per MB up to 3 MB on the 2 shared development cores, 30 at 10 MB); a source over
# the aligner's sentence cap is aligned on keys alone, so the encoder never dominates a huge
# input. 1 MB, some 160,000 words, took 11.8 s there. A file may be FILE_FACTOR times larger
# (HTML pages carry markup).
DEFAULT_MAX_BYTES = 1_000_000
FILE_FACTOR = 25
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SOURCE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MANIFEST_NAMES = ("sources.toml", "diffsrc-sources.toml")
LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt")

@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest says about one file."""

    file: str
    id: str
    meta: SourceMeta


# --------------------------------------------------------------------------- finding inputs


def collect_inputs(args: Sequence[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Expand files, folders and globs into ``(path, display_path)`` pairs.

    Returns the pairs in a stable order and a list of warnings (duplicates removed).
    Raises ``InputError`` for a path that does not exist or a folder with no sources.
    """
    found: list[tuple[Path, str]] = []
    warnings: list[str] = []
    for arg in args:
        p = Path(arg)
        if any(ch in arg for ch in "*?[") and not p.exists():
            matches = sorted(glob.glob(arg, recursive=True))
            matched = [m for m in matches if Path(m).is_file()]
            if not matched:
                raise InputError(f"no files match {arg!r}; check the pattern")
            found.extend((Path(m), m) for m in matched)
        elif p.is_dir():
            files = sorted(
                f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES
            )
            if not files:
                raise InputError(
                    f"folder {arg!r} has no readable sources (.txt, .md or .html files)"
                )
            found.extend((f, str(Path(arg) / f.name)) for f in files)
        elif p.is_file():
            found.append((p, arg))
        else:
            raise InputError(f"no such file or folder: {arg!r}")
    unique: list[tuple[Path, str]] = []
    seen: dict[object, str] = {}
    for path, shown in found:
        key = file_identity(path)
        if key in seen:
            warnings.append(f"{shown!r} was given twice (as {seen[key]!r}); it is read once")
            continue
        seen[key] = shown
        unique.append((path, shown))
    return unique, warnings


def file_identity(path: Path) -> object:
    """What is equal for two spellings (or links) of one file and differs between files: its device
    and inode, from one ``stat`` (resolving a path costs one per folder in it), or the resolved
    path where the system gives no inode."""
    try:
        st = path.stat()
    except OSError:
        return path.resolve()
    return (st.st_dev, st.st_ino) if st.st_ino else path.resolve()


def load_manifest(folder: Path) -> dict[str, ManifestEntry]:
    """Read ``sources.toml`` in a folder, keyed by file name; empty when there is none."""
    for name in MANIFEST_NAMES:
        mf = folder / name
        if mf.is_file():
            break
    else:
        return {}
    try:
        data = tomllib.loads(mf.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest {str(mf)!r} is not valid TOML: {exc}") from exc
    out: dict[str, ManifestEntry] = {}
    for i, entry in enumerate(data.get("source", [])):
        if not isinstance(entry, dict) or "file" not in entry:
            raise InputError(f"manifest {str(mf)!r}: [[source]] number {i + 1} has no 'file'")
        rel = entry.get("relations", {})
        meta = SourceMeta(
            outlet=str(entry.get("outlet", "")),
            title=str(entry.get("title", "")),
            date=str(entry.get("date", "")),
            url=str(entry.get("url", "")),
            lang=str(entry.get("lang", "")),
            relations={str(k): str(v) for k, v in rel.items()} if isinstance(rel, dict) else {},
            notes=str(entry.get("notes", "")),
        )
        fname = str(entry["file"])
        out[fname] = ManifestEntry(fname, str(entry.get("id", Path(fname).stem)), meta)
    return out


# --------------------------------------------------------------------------- HTML


def extract_html(html: str, shown: str) -> tuple[str, SourceMeta]:
    """Extract an article's main text and metadata from an HTML page with trafilatura."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, favor_recall=True
    )
    if not text or not text.strip():
        raise InputError(f"{shown!r}: no article text could be extracted from this HTML page")
    meta = trafilatura.extract_metadata(html)
    sm = SourceMeta(
        outlet=(meta.sitename or "") if meta else "",
        title=(meta.title or "") if meta else "",
        date=_checked_date(html, (meta.date or "") if meta else ""),
        url=(meta.url or "") if meta else "",
    )
    return text, sm


def _checked_date(html: str, date: str) -> str:
    """The page's date, unless it is a year alone that the date search turned into 1 January.

    htmldate's extensive search reads a year anywhere on the page ("(c) 2025" in a footer) and
    returns it as YYYY-01-01. Such a date is kept when the page's metadata says so too (the
    non-extensive search) or the page writes that day out; otherwise the date is unknown.
    """
    if not date.endswith("-01-01"):
        return date
    import trafilatura

    strict = trafilatura.extract_metadata(html, extensive=False)
    year = date[:4]
    if (strict is not None and strict.date == date) or re.search(_NEW_YEAR.format(y=year), html, re.I):
        return date
    return ""


_NEW_YEAR = (
    r"\b(?:{y}-01-01|0?1[/.]0?1[/.]{y}|1(?:st|er)?\s+(?:january|janvier|jan\.?)\s+{y}"
    r"|(?:january|jan\.?)\s+1(?:st)?,?\s+{y})\b"
)


# --------------------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    # Low-accuracy mode loads only trigram models: ten times faster to start, and paragraphs
    # are long enough for it; very short lines inherit the document's language anyway.
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


# Function words found in only one of English and French: in running text they settle the
# question where character statistics waver (English sentences full of French names).
_MARKERS = {
    "en": frozenset("the and of to is was were with that for at by from this which who have has been "
                    "will would their they he she it its not but".split()),
    "fr": frozenset("le la les des du et est une dans pour sur avec que qui pas au aux sont été ce "
                    "cette il elle ils nous leur ont était mais".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def _marker_vote(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {lang: sum(1 for w in words if w in marks) for lang, marks in _MARKERS.items()}
    (top, n), (_, m) = sorted(counts.items(), key=lambda kv: -kv[1])
    return top if (n >= 2 and m == 0) or (n >= 3 and n >= 3 * m) else None


def identify_language(text: str) -> tuple[str, float]:
    """Language code and confidence for a piece of text (offline: function words, then lingua)."""
    voted = _marker_vote(text)
    if voted is not None:
        return voted, 0.99
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return LANGUAGES[0], 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


# --------------------------------------------------------------------------- segmentation

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "sr", "jr", "gen", "gov", "sen", "rep", "lt", "col", "sgt",
    "prof", "vs", "etc", "inc", "ltd", "co", "corp", "no", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mme", "mlle", "m", "u.s", "u.k", "d.c",
}
# French typography spaces an opening guillemet from its first word ("terrorisme. « Il est").
_SENT_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+(?:[\"“‘(\[]|«[\s\u00a0\u202f]?)?[A-ZÀ-Ý0-9])")


def split_sentences(text: str, start: int, end: int) -> tuple[Sentence, ...]:
    """Split ``text[start:end]`` into sentences, keeping offsets into ``text``."""
    chunk = text[start:end]
    bounds: list[tuple[int, int]] = []
    last = 0
    for m in _SENT_END.finditer(chunk):
        before = chunk[last : m.start()]
        word = re.search(r"([\w.]+)$", before)
        token = word.group(1).lower().rstrip(".") if word else ""
        if m.group(0).startswith(".") and (token in _ABBREV or re.fullmatch(r"\w", token)):
            continue
        bounds.append((last, m.end()))
        last = m.end()
        while last < len(chunk) and chunk[last].isspace():
            last += 1
    if last < len(chunk):
        bounds.append((last, len(chunk)))
    sentences: list[Sentence] = []
    for a, b in bounds:
        while b > a and chunk[b - 1].isspace():
            b -= 1
        if b > a:
            sentences.append(Sentence(len(sentences), start + a, start + b))
    return tuple(sentences)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph blocks: one per line, or per blank-line block when lines are hard-wrapped."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lines = [(a, b) for a, b in lines if text[a:b].strip()]
    if not lines:
        return []
    blocks = [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text)]
    # A line break inside a block is a hard wrap when the line stops mid-sentence; when most
    # inner breaks fall after sentence punctuation, every line is its own paragraph. Short
    # lines (titles, "Cnn", dashes) say nothing either way.
    # A line is followed inside its block when the next non-blank line starts right after it.
    inner = [
        text[a:b].rstrip()
        for (a, b), (next_start, _) in zip(lines, lines[1:], strict=False)
        if next_start == b + 1 and b - a >= 30
    ]
    mid_sentence = sum(1 for line in inner if not re.search(r"[.!?:;\"”»)\]]$", line))
    if inner and mid_sentence > len(inner) / 2:
        return blocks
    return lines


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# Natural-language text of a few hundred characters compresses (zlib) to a third or more of its
# size; padding, repeated filler and generated noise compress far better. Words in English and
# French run to about 25 letters ("anticonstitutionnellement"); letters in much longer "words"
# are encoded data, URLs or filler.
_MIN_JUNK_CHECK = 200
_MIN_COMPRESSION = 0.1
_LONGEST_WORD = 40
_LONG_TOKEN = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")


def junk_reason(text: str) -> str | None:
    """Why a long paragraph is not prose (repeated filler, no words), or None when it may be prose."""
    if len(text) < _MIN_JUNK_CHECK:
        return None
    raw = text.encode("utf-8")
    ratio = len(zlib.compress(raw, 1)) / len(raw)
    if ratio < _MIN_COMPRESSION:
        return f"repeats itself (compresses to {ratio:.1%} of its size; prose stays above {_MIN_COMPRESSION:.0%})"
    long_chars = sum(m.end() - m.start() for m in _LONG_TOKEN.finditer(text))
    if long_chars > len(text) / 2:
        return f"has no words: {long_chars:,} of its {len(text):,} characters are in runs of over {_LONGEST_WORD} without a space"
    return None


def classify_paragraph(text: str, fmt: str) -> ParagraphKind:
    """Whether a paragraph is body text, a heading, a byline or junk ("Cnn", "–", filler, noise)."""
    stripped = text.strip()
    letters = sum(ch.isalpha() for ch in stripped)
    words = stripped.split()
    if letters < 4 or (len(words) == 1 and len(stripped) <= 12) or junk_reason(stripped):
        return "junk"
    if fmt == "markdown" and stripped.startswith("#"):
        return "heading"
    if re.search(r"\b(contributed reporting|contribué|reporting by|contribution of)\b", stripped, re.I) and len(words) < 30:
        return "byline"
    if len(words) <= 12 and not re.search(r"[.!?:;”\"»]$", stripped):
        return "heading"
    return "body"


# The 499 paragraphs of the seeds and the external dev articles are at most 942 characters long
# (median 215). A "paragraph" five times longer is text whose line breaks were lost (a scraper,
# a PDF copy): it is cut at sentence ends into parts of about the longest real paragraphs, so
# it aligns, and is given a language, part by part instead of as one block.
LONGEST_PARAGRAPH = 5_000
PART_LENGTH = 1_000


def _parts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``text[a:b]`` cut at sentence ends into parts of at most PART_LENGTH characters (a longer
    sentence is a part of its own)."""
    parts: list[tuple[int, int]] = []
    for sent in split_sentences(text, a, b):
        if parts and sent.end - parts[-1][0] <= PART_LENGTH:
            parts[-1] = (parts[-1][0], sent.end)
        else:
            parts.append((sent.start, sent.end))
    return parts or [(a, b)]


@dataclass(frozen=True)
class Layout:
    """A text's paragraphs ``(start, end)``, and each block over LONGEST_PARAGRAPH characters that
    was cut into several of them ``(start, end, parts)``."""

    spans: tuple[tuple[int, int], ...]
    cut: tuple[tuple[int, int, int], ...] = ()


def layout(text: str) -> Layout:
    """The paragraphs of a text: blocks of lines, a block over LONGEST_PARAGRAPH characters cut at
    sentence ends (each block is split once: the cut blocks are reported from the same parts)."""
    spans: list[tuple[int, int]] = []
    cut: list[tuple[int, int, int]] = []
    for a, b in (_trim(text, a, b) for a, b in _blocks(text)):
        if b - a > LONGEST_PARAGRAPH:
            parts = _parts(text, a, b)
            spans.extend(parts)
            cut.append((a, b, len(parts)))
        elif b > a:
            spans.append((a, b))
    return Layout(tuple(spans), tuple(cut))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph (see ``layout``)."""
    return list(layout(text).spans)


def long_block_issues(lay: Layout) -> list[IngestIssue]:
    """An issue for each block of over LONGEST_PARAGRAPH characters that the layout cut."""
    return [
        IngestIssue(
            "long-paragraph",
            f"a block of {b - a:,} characters without a line break is read as {n:,} paragraphs of up to "
            f"{PART_LENGTH:,} characters, cut at sentence ends" if n > 1 else
            f"a block of {b - a:,} characters has no line break and no sentence end to cut it at: it is one paragraph",
            a, b,
        )
        for a, b, n in lay.cut
    ]


def segment(
    text: str, fmt: str, default_lang: str | None = None, spans: Sequence[tuple[int, int]] | None = None,
) -> tuple[tuple[Paragraph, ...], str]:
    """Paragraphs with kinds, languages and sentences, and the source's main language; ``spans``
    are the paragraphs' offsets when already laid out (``layout``)."""
    spans = paragraph_spans(text) if spans is None else spans
    kinds = [classify_paragraph(text[a:b], fmt) for a, b in spans]
    # Junk says nothing about the language and would only cost time: it is never identified.
    langs: list[tuple[str, float]] = [
        ("", 0.0) if kind == "junk" else identify_language(text[a:b]) for (a, b), kind in zip(spans, kinds, strict=True)
    ]
    weight: dict[str, int] = {}
    for (a, b), (lang, _), kind in zip(spans, langs, kinds, strict=True):
        if kind != "junk":
            weight[lang] = weight.get(lang, 0) + (b - a)
    main = default_lang or (max(weight, key=lambda k: weight[k]) if weight else "en")
    paragraphs = []
    for i, ((a, b), (lang, prob), kind) in enumerate(zip(spans, langs, kinds, strict=True)):
        # Short lines carry too little signal; they follow the document.
        if kind in ("junk", "byline") or len(text[a:b].split()) < 4 or prob < 0.9:
            lang = main
        # A junk paragraph has no sentences: nothing downstream reads it as prose.
        sentences = () if kind == "junk" else split_sentences(text, a, b)
        paragraphs.append(Paragraph(i, a, b, lang, kind, sentences))
    return tuple(paragraphs), main


def junk_issues(text: str, paragraphs: Sequence[Paragraph]) -> list[IngestIssue]:
    """An issue for each long junk paragraph (filler, noise), kept out of the analysis."""
    out = []
    for p in paragraphs:
        reason = junk_reason(text[p.start : p.end]) if p.kind == "junk" else None
        if reason:
            out.append(IngestIssue(
                "junk", f"paragraph {p.index + 1} ({p.end - p.start:,} characters) is not prose and is left out "
                f"of the analysis: it {reason}", p.start, p.end,
            ))
    return out


# --------------------------------------------------------------------------- sources


def _mb(size: int) -> str:
    """A size in decimal megabytes with enough digits that two different sizes read differently."""
    mb = size / 1e6
    for digits in range(1, 7):
        text = f"{mb:.{digits}f}".rstrip("0").rstrip(".")
        if float(text) == mb or digits == 6:
            return f"{text} MB"
    return f"{mb} MB"


def read_source(
    path: Path,
    shown: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    manifest: ManifestEntry | None = None,
) -> Source:
    """Read, decode, extract and segment one source file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read {shown!r}: {exc.strerror}") from exc
    if size > max_bytes * FILE_FACTOR:
        raise InputError(
            f"{shown!r} is {_mb(size)}, over the file limit of {_mb(max_bytes * FILE_FACTOR)} "
            f"({FILE_FACTOR} x --max-size); raise it with --max-size"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {shown!r}: {exc.strerror}") from exc
    decoded, encoding = decode_bytes(raw, shown)
    suffix = path.suffix.lower()
    meta = SourceMeta()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_html(decoded)):
        text, meta = extract_html(decoded, shown)
        fmt = "html"
    else:
        text = decoded
        fmt = "markdown" if suffix in {".md", ".markdown"} else "text"
    if manifest is not None:
        meta = _merge_meta(meta, manifest.meta)
    lay = layout(text)
    paragraphs, lang = segment(text, fmt, meta.lang or None, lay.spans)
    # The limit is on the text analysed: junk paragraphs are never segmented, embedded or aligned.
    if len(text) > max_bytes // 4:
        length = sum(len(text[p.start : p.end].encode("utf-8")) for p in paragraphs if p.kind != "junk")
        if length > max_bytes:
            raise InputError(
                f"{shown!r} holds {_mb(length)} of text, over the {_mb(max_bytes)} limit; raise it with --max-size"
            )
    if not any(p.kind == "body" for p in paragraphs):
        raise InputError(
            f"{shown!r} has no paragraph of article text (only short lines, punctuation or junk); "
            "give a file with an article"
        )
    issues = find_mojibake(text) + control_issues(text) + long_block_issues(lay) + junk_issues(text, paragraphs)
    if encoding.startswith(MIXED_PREFIX):
        legacy = encoding[len(MIXED_PREFIX):]
        issues.insert(0, IngestIssue(
            "mixed-encoding", f"the file mixes UTF-8 and {legacy}: each line that is not UTF-8 was decoded as "
            f"{legacy}; re-save it in one encoding",
        ))
    for p in paragraphs:
        if p.kind == "body" and p.lang != lang:
            issues.append(
                IngestIssue(
                    "mixed-language",
                    f"paragraph {p.index + 1} is in {p.lang!r} inside a {lang!r} source",
                    p.start,
                    p.end,
                )
            )
    source_id = manifest.id if manifest else _default_id(path)
    return Source(
        id=source_id,
        path=shown,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        lang=lang,
        encoding=encoding,
        format=fmt,
        paragraphs=paragraphs,
        meta=replace(meta, lang=lang),
        issues=tuple(issues),
    )


def _looks_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head


def _merge_meta(extracted: SourceMeta, given: SourceMeta) -> SourceMeta:
    return SourceMeta(
        outlet=given.outlet or extracted.outlet,
        title=given.title or extracted.title,
        date=given.date or extracted.date,
        url=given.url or extracted.url,
        lang=given.lang or extracted.lang,
        relations=dict(given.relations) or dict(extracted.relations),
        notes=given.notes or extracted.notes,
    )


def _default_id(path: Path) -> str:
    return re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "source"


def load_sources(
    args: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, reader: Callable[..., Source] | None = None,
    keep_copies: bool = False,
) -> tuple[list[Source], list[str]]:
    """Collect, read and identify all sources named on the command line.

    One duplicate rule, each case with a warning: a file named twice (another spelling, a link)
    is read once; empty files are skipped; a file with the same content as an earlier one is
    left out, unless ``keep_copies`` (``diffsrc check`` reports a copy of the corpus as a
    finding). ``reader`` replaces ``read_source`` (same signature), e.g. with a cached one.
    """
    read = reader or read_source
    pairs, warnings = collect_inputs(args)
    manifests: dict[Path, dict[str, ManifestEntry]] = {}
    folders: dict[Path, Path] = {}
    sources: list[Source] = []
    for path, shown in pairs:
        folder = folders.get(path.parent) or folders.setdefault(path.parent, path.parent.resolve())
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        try:
            sources.append(read(path, shown, max_bytes=max_bytes, manifest=manifests[folder].get(path.name)))
        except EmptySource as exc:  # a scraper's empty file should not stop a folder's run
            warnings.append(f"{exc}; skipped")
    if not keep_copies:
        sources, dropped = _drop_copies(sources)
        warnings += dropped
    return _unique_ids(sources), warnings


def _unique_ids(sources: Iterable[Source]) -> list[Source]:
    seen: dict[str, int] = {}
    out = []
    for s in sources:
        n = seen.get(s.id, 0)
        seen[s.id] = n + 1
        out.append(s if n == 0 else replace(s, id=f"{s.id}-{n + 1}"))
    return out


def _drop_copies(sources: Sequence[Source]) -> tuple[list[Source], list[str]]:
    """The sources without byte-identical copies of an earlier one, and a warning for each copy."""
    by_hash: dict[str, str] = {}
    kept, warnings = [], []
    for s in sources:
        if s.sha256 in by_hash:
            warnings.append(f"{s.path!r} has the same content as {by_hash[s.sha256]!r}; it is left out")
        else:
            by_hash[s.sha256] = s.path
            kept.append(s)
    return kept, warnings
