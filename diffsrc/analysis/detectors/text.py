"""Shared text helpers for detectors: word tokens with offsets, word statistics, casing evidence.

Everything here is language-statistics or corpus based: ``wordfreq`` Zipf frequencies, small
closed-class word lists (articles, prepositions, pronouns...), place and language names from the
Unicode CLDR and the time-zone database (tables built by ``diffsrc.analysis.detectors.cldr``), and counts
of how the sources of one comparison write each word. Detectors build their evidence from these.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from diffsrc.analysis.copies import family_total
from diffsrc.analysis.mentions import cldr_tables
from diffsrc.io.decoding import control_sequences
from diffsrc.model import Evidence, Finding, Paragraph, Severity, Source

if TYPE_CHECKING:
    from diffsrc.analysis.detectors import Detector

# A word: letters, with inner hyphens or apostrophes ("cease-fire", "aujourd'hui", "l’Europe").
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SENTENCE_END = ".!?…:;"
OPENING_QUOTES = "“‘«\"'(["
CLOSING_QUOTES = "”’»\"')]"
DASHES = "–—"

T = TypeVar("T")


class _cached(Generic[T]):
    """``functools.cached_property`` without its lock: Python 3.11 takes one on every first access,
    which costs more than the tokens' one-line properties (tens of thousands per comparison)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:  # looked up on the class (help(), documentation tools)
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Token:
    """A word of a source text with its code-point offsets.

    The derived forms are cached properties: tokens are shared by every detector (``tokens``
    caches them) and each asks for these many times.
    """

    start: int
    end: int
    text: str

    @_cached
    def lower(self) -> str:
        """The word in lower case."""
        return self.text.lower()

    @_cached
    def is_title(self) -> bool:
        """Capitalised: an upper-case first letter followed by lower case only."""
        return self.text[:1].isupper() and (len(self.text) == 1 or self.text[1:] == self.text[1:].lower())

    @_cached
    def is_upper(self) -> bool:
        """All letters upper case (and more than one letter)."""
        return len(self.text) > 1 and self.text.isupper()

    @_cached
    def is_lower(self) -> bool:
        """All letters lower case."""
        return self.text == self.text.lower()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``."""
    return list(_tokens(text, start, len(text) if end is None else end))


# Room for every paragraph of a 1 MB text (some 10,000): a dozen detectors tokenise each
# paragraph, and a smaller cache made long inputs tokenise everything a dozen times.
@lru_cache(maxsize=32768)
def _tokens(text: str, start: int, stop: int) -> tuple[Token, ...]:
    found = [Token(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text, start, stop)]
    controls = control_sequences(text, start, stop)
    if not controls:
        return tuple(found)
    out = []
    for t in found:
        a, b = _outside(controls, t.start, t.end)
        if WORD_RE.fullmatch(text, a, b):
            out.append(Token(a, b, text[a:b]))
    return tuple(out)


def _outside(controls: Sequence[tuple[int, int]], a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without the control sequences it starts or ends in: the "m" that closes a colour
    code ("\\x1b[31mred") belongs to the code, and "red" is the word."""
    k = max(bisect.bisect_right(controls, (a, sys.maxsize)) - 1, 0)  # the last one starting at or before a
    while k < len(controls) and controls[k][0] < b:
        s, e = controls[k]
        if s <= a < e:
            a = e
        elif a < s:
            b = s
        k += 1
    return a, max(a, b)


def paragraphs_with_tokens(
    source: Source, kinds: Sequence[str] = ("body",)
) -> Iterator[tuple[Paragraph, list[Token]]]:
    """Each paragraph of the given kinds with its word tokens."""
    for p in source.paragraphs:
        if p.kind in kinds:
            yield p, tokens(source.text, p.start, p.end)


def capitalised_words(toks: Sequence[Token]) -> tuple[int, int]:
    """How many of the words longer than three letters start with a capital, and how many such
    words there are: in a headline or title In Title Case most of them do."""
    longer = [t for t in toks if len(t.text) > 3]
    return sum(t.text[:1].isupper() for t in longer), len(longer)


def gap(text: str, a: Token | None, b: Token) -> str:
    """The characters between two tokens (from the paragraph start when ``a`` is None)."""
    return text[a.end if a else 0 : b.start]


def next_in_phrase(text: str, toks: Sequence[Token], i: int) -> Token | None:
    """The token after ``toks[i]`` when only spaces separate them (None at the end or across punctuation)."""
    if i + 1 < len(toks) and text[toks[i].end : toks[i + 1].start].strip() == "":
        return toks[i + 1]
    return None


def starts_sentence(text: str, prev: Token | None, tok: Token, para_start: int) -> bool:
    """Whether ``tok`` opens a sentence, a quotation or a list item: capitals are expected there.

    Looks at the characters between the previous word and this one: sentence punctuation, a
    colon, an opening quote after punctuation, or the paragraph start all open a sentence.
    """
    if prev is None or prev.end < para_start:
        return True
    between = text[prev.end : tok.start]
    stripped = between.strip()
    if not stripped:
        return False
    if any(ch in SENTENCE_END for ch in stripped):
        return True
    if "\n" in between:
        return True
    # A quotation opening after a comma or a reporting verb may start with a capital.
    if stripped[-1] in OPENING_QUOTES and len(stripped) > 1 and stripped[0] in ",":
        return True
    return False


def after_lowercase_word(text: str, prev: Token | None, tok: Token) -> bool:
    """True when ``tok`` directly follows a lower-case word, with only spaces between."""
    return prev is not None and prev.is_lower and text[prev.end : tok.start].strip() == ""


def other_lang(lang: str) -> str:
    """The other language of the English/French pair."""
    return "fr" if lang == "en" else "en"


# Closed-class words: never capitalised inside a sentence unless part of a name or title.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a an the and or but nor if so yet as at by for from in into of off on onto out over to up
        upon with within without via about above across after against along amid among around
        before behind below beneath beside besides between beyond despite down during except
        inside near outside since than through throughout till toward towards under underneath
        unlike until while whereas although though because unless whether whose which who whom
        what when where why how that this these those there here it its he she him her his hers
        they them their theirs we us our you your i me my is are was were be been being am has
        have had do does did will would shall should can could may might must not no yes also
        very too just only even still already again now then thus clearly however therefore
        perhaps maybe almost each every some any all both either neither such many much more most
        less least few several other another own same""".split()
    ),
    "fr": frozenset(
        """le la les un une des du de d l au aux et ou mais donc or ni car si que qui quoi dont où
        à a en dans par pour sur sous avec sans chez vers entre contre depuis pendant avant après
        selon malgré parmi envers il elle ils elles on nous vous je tu me te se lui leur leurs
        son sa ses mon ma mes ton ta tes notre nos votre vos ce cet cette ces cela ça ceci celui
        celle ceux celles est sont était étaient été être avoir ont avait avaient a ai as avons
        avez ne pas plus moins très trop aussi déjà encore toujours jamais alors ainsi puis
        comme quand lorsque puisque tandis même tout tous toute toutes chaque aucun aucune
        plusieurs quelques certains certaines y""".split()
    ),
}

# Words that may precede a name as a title: "Prime Minister X", "Mr. X", "le président X".
TITLE_WORDS = frozenset(
    """mr mrs ms dr sir lord lady dame president vice-president minister secretary chancellor
    king queen prince princess pope general gen admiral colonel senator rep representative
    governor mayor ambassador envoy chief judge justice speaker commissioner director leader
    professor prof m mme mlle président présidente ministre secrétaire chancelier chancelière
    roi reine général ambassadeur ambassadrice envoyé maire sénateur gouverneur premier première
    prime foreign defense defence state interior""".split()
)


def is_function_word(word: str, lang: str) -> bool:
    """Whether a word is an article, preposition, pronoun, auxiliary... of the language."""
    return word.lower() in FUNCTION_WORDS.get(lang, frozenset())


@lru_cache(maxsize=4)
def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names of a language (CLDR), lower case: capitalised in English."""
    return frozenset(cldr_tables()["calendar"].get(lang, ()))


@lru_cache(maxsize=1)
def known_place_names() -> dict[str, str]:
    """Country, region, language and city names (CLDR and tz database), lower case -> form.

    The value is the canonical capitalised English form. French forms are included and map to
    the English name, so "biélorussie" -> "Belarus".
    """
    return dict(cldr_tables()["places"])


@lru_cache(maxsize=1)
def _english_territory_names() -> frozenset[str]:
    """English CLDR territory names, lower case."""
    return frozenset(cldr_tables()["english_territories"])


def french_place_in_english(word: str) -> str | None:
    """The English name of a French-only place name form ("Bélarus" -> "Belarus"), else None."""
    low = word.lower()
    if low in _english_territory_names():
        return None
    name = known_place_names().get(low)
    return name if name and name.lower() != low else None


_TABLES = ("lower", "title", "upper", "forms")


class CasingStats:
    """How every word is written across the sources of a comparison, in running text.

    The "lower"/"title"/"upper" tables count forms per lower-cased word and per source; "title"
    counts only standalone capitalised occurrences inside a sentence (not opening it, not
    followed by another capitalised word as in "President Macron"), which is where a capital
    says "proper noun"; "forms" counts those capitalised forms as written. Built from each
    source's own counts (``_source_casing``) and, for most of a corpus, from a stored index of
    them (``CasingIndex``) read word by word: detectors ask about a few hundred words of the
    checked sources, not about every word of the corpus.
    """

    def __init__(
        self, per_source: Sequence[tuple[str, dict[str, dict[str, int]]]],
        index: CasingIndex | None = None, indexed: Sequence[tuple[int, Source]] = (),
    ) -> None:
        self._per_source = list(per_source)
        self._index = index
        self._indexed = indexed  # (position in the index, source) of the sources it counts for
        self._owners = {position: s.id for position, s in indexed}
        self._tables: dict[str, dict[str, dict[str, int]]] = {}
        self._looked_up: dict[tuple[str, str], dict[str, int]] = {}

    def _counts(self, table: str, word: str) -> dict[str, int]:
        """Occurrences of ``word`` in a form table, per source id (only sources that have it)."""
        got = self._looked_up.get((table, word))
        if got is None:
            # The index first: if it cannot be read, its sources join the per-source counts.
            indexed = self._from_index(lambda index: index.lookup(table, word))
            got = dict(self._table(table).get(word, {}))
            for position, n in indexed:
                sid = self._owners.get(position)
                if sid is not None:
                    got[sid] = got.get(sid, 0) + n
            self._looked_up[(table, word)] = got
        return got

    def _table(self, table: str) -> dict[str, dict[str, int]]:
        by_word = self._tables.get(table)
        if by_word is None:
            # word -> {source: n}, built once per table: asking each source for each word costs
            # (words asked) x (sources), which dominated checks against large corpora.
            by_word = self._tables[table] = {}
            for sid, counts in self._per_source:
                for w, n in counts[table].items():
                    if n:
                        per = by_word.setdefault(w, {})
                        per[sid] = per.get(sid, 0) + n
        return by_word

    def _from_index(self, read: Callable[[CasingIndex], list[T]]) -> list[T]:
        if self._index is None:
            return []
        try:
            return read(self._index)
        except ValueError:
            # Stored by other code: count those sources from their own entries from now on.
            self._per_source += [(s.id, _source_casing(s)) for _, s in self._indexed]
            self._index, self._indexed, self._owners = None, (), {}
            self._tables.clear()
            self._looked_up.clear()
            return []

    def count(
        self, table: str, word: str, exclude: str | frozenset[str] | None = None,
        families: Mapping[str, str] | None = None,
    ) -> int:
        """Occurrences of ``word`` in a form table, optionally leaving a source (or several: a
        source and its near-copies) out. With ``families`` (``analysis.copies``), near-copies
        count as one text: each family counts its largest member's occurrences."""
        left_out = _ids(exclude)
        counts = ((sid, n) for sid, n in self._counts(table, word.lower()).items() if sid not in left_out)
        if families is None:
            return sum(n for _, n in counts)
        return family_total(counts, families)

    def sources_with(self, table: str, word: str, exclude: str | frozenset[str] | None = None) -> list[str]:
        """Ids of the sources that write ``word`` in this form."""
        left_out = _ids(exclude)
        return sorted(sid for sid in self._counts(table, word.lower()) if sid not in left_out)

    def title_form(self, word: str) -> str | None:
        """How the sources capitalise ``word`` mid-sentence ("harbour" -> "Harbour"): the most
        frequent such form (the first in alphabetical order among equals), or None."""
        low = word.lower()
        forms: Counter[str] = Counter()
        for position, n, form in self._from_index(lambda index: index.forms(low)):
            if position in self._owners:
                forms[form] += n
        for _, counts in self._per_source:
            forms.update({f: n for f, n in counts["forms"].items() if f.lower() == low})
        return min(forms, key=lambda f: (-forms[f], f)) if forms else None


def _ids(exclude: str | frozenset[str] | None) -> frozenset[str]:
    if exclude is None:
        return frozenset()
    return frozenset((exclude,)) if isinstance(exclude, str) else exclude


@dataclass(frozen=True)
class CasingIndex:
    """The casing counts of many sources in one cache entry, read word by word.

    ``labels`` name the sources (a source's id and the key of its own counts). "lower", "title"
    and "upper" map a word to its ``[position in labels, count]`` pairs, "forms" a lower-cased
    word to its ``[position, count, capitalised form]`` triples; each is kept as JSON until the
    word is asked about (reading 200 sources' counts whole cost a warm check 0.05-0.07 s, and
    building tables of them 0.03 s).
    """

    labels: tuple[str, ...]
    tables: dict[str, dict[str, msgspec.Raw]]

    def lookup(self, table: str, word: str) -> list[tuple[int, int]]:
        """The (position, count) pairs of ``word`` in a table; ValueError if the entry is damaged."""
        raw = self.tables.get(table, {}).get(word)
        pairs: list[tuple[int, int]] = [] if raw is None else msgspec.json.decode(raw, type=list[tuple[int, int]])
        return pairs

    def forms(self, low: str) -> list[tuple[int, int, str]]:
        """The (position, count, form) triples of the capitalised forms of ``low``."""
        raw = self.tables.get("forms", {}).get(low)
        found: list[tuple[int, int, str]] = [] if raw is None else msgspec.json.decode(raw, type=list[tuple[int, int, str]])
        return found


def casing_stats(sources: Iterable[Source]) -> CasingStats:
    """Count lower-case, capitalised mid-sentence and all-caps forms of each word per source."""
    return CasingStats([(s.id, _source_casing(s)) for s in sources])


def _casing_key(s: Source) -> str:
    from diffsrc.io.cache import Cache, text_digest

    return Cache.key("casing", text_digest(s.text), s.layout_digest)


def _source_casing(s: Source) -> dict[str, dict[str, int]]:
    """One source's casing counts; kept in the active analysis cache (they only depend on it)."""
    from diffsrc.io.cache import active

    cache = active()
    key = _casing_key(s) if cache.enabled else ""
    stored = cache.get("casing", key, dict[str, dict[str, int]]) if cache.enabled else None
    if stored is not None and set(stored) == set(_TABLES):
        return stored
    counts: dict[str, Counter[str]] = {name: Counter() for name in _TABLES}
    for p in s.paragraphs:
        toks = tokens(s.text, p.start, p.end)
        prev: Token | None = None
        for i, t in enumerate(toks):
            key_ = t.lower
            if t.is_upper:
                counts["upper"][key_] += 1
            elif t.is_lower:
                counts["lower"][key_] += 1
            elif (
                t.is_title and p.kind == "body" and not starts_sentence(s.text, prev, t, p.start)
                and not (i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
                         and s.text[t.end : toks[i + 1].start].strip() == "")
            ):
                # standalone capitalised word inside a sentence: a proper noun here
                counts["title"][key_] += 1
                counts["forms"][t.text] += 1
            prev = t
    out = {name: dict(c) for name, c in counts.items()}
    if cache.enabled:
        cache.put("casing", key, out)
    return out


_STATS_CACHE: dict[tuple[str, ...], CasingStats] = {}


def corpus_casing(sources: Sequence[Source]) -> CasingStats:
    """``casing_stats`` computed once per set of sources (detectors share it); with an analysis
    cache, most sources' counts come from its corpus index (``CasingIndex``)."""
    key = tuple(sorted(s.sha256 + s.id for s in sources))
    if key not in _STATS_CACHE:
        if len(_STATS_CACHE) > 8:
            _STATS_CACHE.clear()
        _STATS_CACHE[key] = _indexed_casing(sources)
    return _STATS_CACHE[key]


def _indexed_casing(sources: Sequence[Source]) -> CasingStats:
    from diffsrc.io.cache import Cache, active, index_outdated, index_to_rewrite

    cache = active()
    if not cache.enabled:
        return casing_stats(sources)
    # A label is the source's id with its counts' key: two sources with one text are two sources.
    labels = [f"{s.id}\0{_casing_key(s)}" for s in sources]
    where = Cache.key("casing-corpus")
    index: CasingIndex | None = cache.get("casing-corpus", where, CasingIndex)
    position = {label: i for i, label in enumerate(index.labels)} if index is not None else {}
    indexed = [(position[label], s) for s, label in zip(sources, labels, strict=True) if label in position]
    missing = [s for s, label in zip(sources, labels, strict=True) if label not in position]
    if (
        index is not None and len(position) == len(index.labels)
        and not index_outdated(len(index.labels) - len(indexed), len(sources))
        and not index_to_rewrite(len(missing), len(index.labels))
    ):
        return CasingStats([(s.id, _source_casing(s)) for s in missing], index, indexed)
    per_source = [(s.id, _source_casing(s)) for s in sources]
    cache.put("casing-corpus", where, _index_value(labels, per_source))
    return CasingStats(per_source)


def _index_value(labels: Sequence[str], per_source: Sequence[tuple[str, dict[str, dict[str, int]]]]) -> dict[str, Any]:
    """What the cache stores of a ``CasingIndex`` of these sources."""
    tables: dict[str, dict[str, list[tuple[Any, ...]]]] = {name: {} for name in _TABLES}
    for position, (_, counts) in enumerate(per_source):
        for name in ("lower", "title", "upper"):
            table = tables[name]
            for word, n in counts[name].items():
                if n:
                    table.setdefault(word, []).append((position, n))
        for form, n in counts["forms"].items():
            if n:
                tables["forms"].setdefault(form.lower(), []).append((position, n, form))
    return {"labels": list(labels), "tables": tables}


def quote_evidence(sources: Iterable[Source], pattern: re.Pattern[str], note: str, limit: int = 3) -> tuple[Evidence, ...]:
    """Evidence records quoting the first matches of ``pattern`` in the given sources."""
    out: list[Evidence] = []
    for s in sources:
        for m in pattern.finditer(s.text):
            out.append(Evidence(note=note, source=s.id, start=m.start(), end=m.end(), text=m.group(0)))
            break
        if len(out) >= limit:
            break
    return tuple(out)


def make_finding(
    source: Source, start: int, end: int, *, detector: type[Detector], severity: Severity, message: str,
    confidence: float, suggestion: str = "", evidence: Iterable[Evidence] = (),
) -> Finding:
    """A Finding whose text is exactly ``source.text[start:end]``, stamped with the detector."""
    return Finding(
        source=source.id, start=start, end=end, text=source.text[start:end],
        code=detector.code, category=detector.category, severity=severity,
        message=message, suggestion=suggestion, evidence=tuple(evidence), confidence=confidence,
        detector=detector.name,
    )
