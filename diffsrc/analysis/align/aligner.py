"""The aligner: features from the analysis cache or computed, the corpus index, pair scores
cached by the two sources' content hashes, and the resulting ``Alignment`` records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from diffsrc.analysis.align.codec import corpus_from_bytes, corpus_to_bytes
from diffsrc.analysis.align.config import METHOD, SIGNALS, AlignConfig
from diffsrc.analysis.align.embeddings import Encoder, SentenceStore, load_encoder
from diffsrc.analysis.align.events import separate_occasions
from diffsrc.analysis.align.features import ParaFeatures, alignable, compute_features
from diffsrc.analysis.align.fusion import fuse
from diffsrc.analysis.align.index import CorpusIndex, SourceIndex, build_corpus, build_index, merge_corpora
from diffsrc.analysis.align.scoring import MAX_CELLS, PairLink, score_pairs
from diffsrc.analysis.align.sentences import (
    cosines_with,
    paragraph_neighbours,
    paragraph_vectors,
    sentence_links,
)
from diffsrc.analysis.align.stemming import lexicon
from diffsrc.io.cache import index_outdated, index_to_rewrite, text_digest
from diffsrc.model import Alignment, SentencePair, Source, paragraph_refs

# A paragraph's features as the cache keeps them: index, language, kind, key -> shown form, length.
_StoredFeatures = list[tuple[int, str, str, dict[str, str], int]]


def _features_to_json(feats: Sequence[ParaFeatures]) -> _StoredFeatures:
    return [(f.index, f.lang, f.kind, dict(f.shown), f.length) for f in feats]


def _features_from_json(source: Source, value: _StoredFeatures | None) -> tuple[ParaFeatures, ...] | None:
    if value is None:
        return None
    return tuple(ParaFeatures(source.id, index, lang, kind, frozenset(shown), shown, length) for index, lang, kind, shown, length in value)


class Aligner:
    """Links paragraphs of different sources that report the same facts."""

    def __init__(self, config: AlignConfig | None = None, cache_dir: str | None = None, max_cells: int = MAX_CELLS) -> None:
        self.config = config if config is not None else AlignConfig()
        self.cache_dir = cache_dir
        self.max_cells = max_cells
        self._features: dict[tuple[str, str, tuple[object, ...]], tuple[ParaFeatures, ...]] = {}
        self._encoder: Encoder | None = None
        self._store: SentenceStore | None = None
        self._cache_obj: Any = None
        self.pairs_scored = 0
        self.pairs_cached = 0
        self.keys_only: tuple[str, ...] = ()  # sources over ``max_embedded_sentences``

    @classmethod
    def from_options(cls, options: Any) -> Aligner:
        """An aligner configured from pipeline options (``embedder``, ``cache_dir``, ``extra``)."""
        from diffsrc.errors import ConfigError

        extra: Mapping[str, str] = getattr(options, "extra", {}) or {}
        kw: dict[str, Any] = {}
        for name in ("same_threshold", "related_threshold", "near_best", "mutual_margin", "one_sided_margin"):
            if f"align.{name}" in extra:
                try:
                    kw[name] = float(extra[f"align.{name}"])
                except ValueError:
                    raise ConfigError(f"align.{name} must be a number, got {extra[f'align.{name}']!r}") from None
        if "align.signals" in extra:
            if extra["align.signals"] not in SIGNALS:
                raise ConfigError(f"align.signals must be one of {', '.join(SIGNALS)}, got {extra['align.signals']!r}")
            kw["signals"] = extra["align.signals"]
        return cls(AlignConfig(embedder=getattr(options, "embedder", None), **kw), getattr(options, "cache_dir", None))

    def signature(self) -> dict[str, object]:
        """Parameters that determine the alignment."""
        sig: dict[str, object] = {"method": METHOD, "lexicon": lexicon().digest, **asdict(self.config)}
        encoder = self.encoder()
        sig["embedder"] = encoder.signature() if encoder is not None else None
        if self.keys_only:
            sig["aligned_on_keys_only"] = list(self.keys_only)
        return sig

    def encoder(self) -> Encoder | None:
        """The sentence encoder of the configuration (None for keys only), loaded on first use."""
        if self._encoder is None and self.config.signals != "keys":
            self._encoder = load_encoder(self.config.embedder)
        return self._encoder

    def _sentence_store(self) -> SentenceStore | None:
        encoder = self.encoder()
        if encoder is None:
            return None
        if self._store is None:
            cache = self._cache()
            if cache is None:  # no analysis cache: the user cache keeps what was encoded
                from diffsrc.io import usercache
                from diffsrc.io.cache import Cache

                where = usercache.folder("embeddings")
                cache = Cache(where) if where is not None else None
            self._store = SentenceStore(encoder, cache)
        return self._store

    def _cache(self) -> Any:
        if not self.cache_dir:
            return None
        if self._cache_obj is None:
            from diffsrc.io.cache import Cache

            self._cache_obj = Cache(self.cache_dir)
        return self._cache_obj

    def _config_key(self) -> dict[str, object]:
        sig = dict(self.signature())
        encoder = self.encoder()
        sig["embedder"] = encoder.fingerprint if encoder is not None else None
        return sig

    def _features_key(self, source: Source) -> str:
        cache = self._cache()
        return str(cache.key("align-features", METHOD, lexicon().digest, _identity(source)))

    def features(self, source: Source) -> tuple[ParaFeatures, ...]:
        """Paragraph features of a source, from the analysis cache when possible."""
        self.load_features([source])
        return self._features[_feature_key(source)]

    def load_features(self, sources: Sequence[Source]) -> None:
        """Make the features of ``sources`` available to this aligner: from the analysis cache,
        else computed and written to the cache."""
        cache = self._cache()
        for s in sources:
            key = _feature_key(s)
            if key in self._features:
                continue
            if cache is not None:
                got = _features_from_json(s, cache.get("align-features", self._features_key(s), _StoredFeatures))
                if got is not None:
                    self._features[key] = got
                    continue
            self._features[key] = compute_features(s)
            if cache is not None:
                cache.put("align-features", self._features_key(s), _features_to_json(self._features[key]))

    def align(self, sources: Sequence[Source], focus: Iterable[str] | None = None) -> list[Alignment]:
        """All confident ("same") and related paragraph links between different sources.

        With ``focus`` (source ids), only pairs involving one of those sources are aligned, each
        with the focus source first; the other sources' index then comes from the cache when
        they are unchanged, so a check of one new source never rebuilds the corpus' index.
        """
        focus_set = frozenset(focus) if focus is not None else None
        cache = self._cache()
        config_key = self._config_key() if cache is not None else None
        digests = [text_digest(repr(_identity(s))) for s in sources] if cache is not None else []
        rows, corpora, row_of, col_of, units = self._layout(sources, focus_set, digests, config_key)
        # (x, y) source positions, x first; only sources with paragraphs to align.
        n_paras = [int(corpora[k].n_paras[c]) for k, c in col_of]
        pairs = [(x, y) for x, ys in units for y in ys if n_paras[x] and n_paras[y]]
        results: dict[tuple[int, int], list[PairLink]] = {}
        stored = _PairRows(cache, config_key, digests) if cache is not None else None
        if stored is not None:
            for x, y in pairs:
                got = stored.get(x, y)
                if got is not None:
                    results[(x, y)] = got
        todo = [pair for pair in pairs if pair not in results]
        self.pairs_cached = len(pairs) - len(todo)
        self.pairs_scored = len(todo)
        if self.config.signals == "embeddings":
            scored: list[list[PairLink]] = [[] for _ in todo]
        else:
            row_pos = {x: r for r, x in enumerate(row_of)}
            scored = score_pairs(rows, corpora, [(row_pos[x], *col_of[y]) for x, y in todo], self.config, self.max_cells)
        results.update(zip(todo, self._with_sentences(sources, todo, scored), strict=True))
        if stored is not None:
            stored.put({pair: results[pair] for pair in todo})
        ref = paragraph_refs()
        out: list[Alignment] = []
        for x, y in pairs:
            ida, idb = sources[x].id, sources[y].id
            out.extend(
                Alignment(
                    ref(ida, lk.i), ref(idb, lk.j), lk.score, lk.strength, lk.signals, lk.shared,  # type: ignore[arg-type]
                    tuple(SentencePair(a, b, m) for a, b, m in lk.sentences),
                )
                for lk in separate_occasions(results[(x, y)], sources[x], sources[y], self.config.same_threshold)
            )
        return out

    def _layout(
        self, sources: Sequence[Source], focus_set: frozenset[str] | None, digests: Sequence[str], config_key: object,
    ) -> tuple[list[SourceIndex], list[CorpusIndex], list[int], list[tuple[int, int]], list[tuple[int, list[int]]]]:
        """The row sources' indexes, the corpora they are scored against, where each source is
        (as a row, and as a corpus column) and the partners of each row source."""
        vocab: dict[str, int] = {}
        if focus_set is None:
            self.load_features(sources)
            rows = [build_index(s, self._features[_feature_key(s)], vocab) for s in sources]
            units = [(x, [y for y in range(x + 1, len(sources)) if sources[x].id != sources[y].id]) for x in range(len(sources))]
            return rows, [build_corpus(rows, self.config, vocab)], list(range(len(sources))), [(0, y) for y in range(len(sources))], units
        here = [i for i, s in enumerate(sources) if s.id in focus_set]
        there = [i for i, s in enumerate(sources) if s.id not in focus_set]
        context, number = self._context_index(
            [sources[i] for i in there], [digests[i] for i in there] if digests else None, config_key, vocab,
        )
        self.load_features([sources[i] for i in here])
        rows = [build_index(sources[i], self._features[_feature_key(sources[i])], vocab) for i in here]
        place = {y: (0, number[c]) for c, y in enumerate(there)} | {y: (1, f) for f, y in enumerate(here)}
        units = [
            (x, [y for y in sorted([*there, *here[n + 1 :]]) if sources[x].id != sources[y].id]) for n, x in enumerate(here)
        ]
        return rows, [context, build_corpus(rows, self.config, vocab)], here, [place[y] for y in range(len(sources))], units

    def _with_sentences(
        self, sources: Sequence[Source], todo: Sequence[tuple[int, int]], scored: Sequence[list[PairLink]],
    ) -> list[list[PairLink]]:
        """The key links of each pair of ``todo`` fused with the sentence links of the pair; the
        sentences of every source involved are embedded in one batch. Pairs with a source over
        ``max_embedded_sentences`` keep their key links alone (the source is named in the signature)."""
        store = self._sentence_store()
        if store is None or not todo:
            return list(scored)
        c = self.config
        ends = {x for x, _ in todo} | {y for _, y in todo}
        long = {s for s in ends if _sentence_count(sources[s]) > c.max_embedded_sentences}
        if long:
            self.keys_only = tuple(sorted({sources[s].id for s in long} | set(self.keys_only)))
        embed = [n for n, (x, y) in enumerate(todo) if x not in long and y not in long]
        involved = sorted(ends - long)
        got = store.sentences([sources[s] for s in involved], [alignable(sources[s]) for s in involved])
        sent = dict(zip(involved, got, strict=True))
        para = {s: paragraph_vectors(v) for s, v in sent.items()}
        partners: dict[int, list[int]] = {}
        for n in embed:
            x, y = todo[n]
            partners.setdefault(x, []).append(y)
        cosines: dict[tuple[int, int], tuple[Any, Any]] = {}
        for x, ys in partners.items():
            by_sentence = cosines_with(sent[x].vectors, [sent[y].vectors for y in ys])
            by_paragraph = cosines_with(para[x].vectors, [para[y].vectors for y in ys])
            cosines.update(((x, y), pair) for y, pair in zip(ys, zip(by_sentence, by_paragraph, strict=True), strict=True))
        out = list(scored)
        for n in embed:
            x, y = todo[n]
            out[n] = fuse(
                scored[n],
                sentence_links(sent[x], sent[y], c.margin_k, c.mutual_margin, c.one_sided_margin, c.min_cosine, cosines[(x, y)][0]),
                c, paragraph_neighbours(para[x], para[y], c.margin_k, cosines[(x, y)][1]),
            )
        return out

    def _context_index(
        self, context: Sequence[Source], digests: Sequence[str] | None, config_key: object, vocab: dict[str, int]
    ) -> tuple[CorpusIndex, list[int]]:
        """The index of the sources a focused alignment scores against, and each one's number in it.

        The cache keeps one such index per configuration, labelled with its sources' digests: a
        check of a grown corpus (the last pull request merged a source) extends that index with
        the sources it lacks instead of rebuilding it. Sources it holds that are no longer in the
        corpus are never scored against; when they are many, the index is rebuilt. Results do
        not depend on which path was taken (key order, not key numbering, orders the scoring).
        Fills ``vocab`` with the index's keys.
        """
        cache = self._cache()
        key = cache.key("align-corpus", config_key) if cache is not None and digests is not None else None
        wanted = list(digests) if digests is not None else []
        base: CorpusIndex | None = None
        if key is not None and len(set(wanted)) == len(wanted):
            data = cache.get_bytes("align-corpus", key)
            base = corpus_from_bytes(data) if data is not None else None
            if base is not None and (
                len(base.labels) != len(base.n_paras) or len(set(base.vocab)) != len(base.vocab)
                or index_outdated(len(set(base.labels) - set(wanted)), len(wanted))
            ):
                base = None  # unlabelled, or mostly sources that left the corpus: rebuild
        if base is not None:
            vocab.update((k, g) for g, k in enumerate(base.vocab))
            number = {d: n for n, d in enumerate(base.labels)}
            missing = [c for c, d in enumerate(wanted) if d not in number]
            if not missing:
                return base, [number[d] for d in wanted]
            more = [context[c] for c in missing]
        else:
            more = list(context)
        self.load_features(more)
        added = build_corpus([build_index(s, self._features[_feature_key(s)], vocab) for s in more], self.config, vocab)
        if digests is not None:
            added.labels = [wanted[c] for c in missing] if base is not None else list(wanted)
        built = merge_corpora(base, added) if base is not None else added
        if key is not None and (base is None or index_to_rewrite(len(missing), len(base.labels))):
            data = corpus_to_bytes(built)
            if data is not None:
                cache.put_bytes("align-corpus", key, data)
        if base is None:
            return built, list(range(len(context)))
        number.update((wanted[c], len(base.n_paras) + k) for k, c in enumerate(missing))
        return built, [number[d] for d in wanted]


class _PairRows:
    """Cached pair scores, one cache entry per source: partner digest and side -> links.

    One entry per source rather than per pair: a check of one new source against 200 writes
    one file, not 200 (file creation dominates a warm check on slow disks). A pair is stored in
    the row of whichever of its two sources has more newly scored pairs and found from either;
    its links keep the order they were scored in ("/first": the row's source came first).
    """

    def __init__(self, cache: Any, config_key: object, digests: Sequence[str]) -> None:
        self.cache = cache
        # The configuration is hashed once: it is the same (large) part of every row's key.
        self.config_digest = str(cache.key("align-pairs-config", config_key))
        self.digests = digests  # of each source's identity
        self.rows: dict[int, dict[str, list[PairLink]]] = {}

    def _key(self, x: int) -> str:
        return str(self.cache.key("align-pairs", self.config_digest, self.digests[x]))

    def _row(self, x: int) -> dict[str, list[PairLink]]:
        row = self.rows.get(x)
        if row is None:
            row = self.rows[x] = self.cache.get("align-pairs", self._key(x), dict[str, list[PairLink]]) or {}
        return row

    def get(self, x: int, y: int) -> list[PairLink] | None:
        """The links of pair (x, y), x scored first, from either source's row; None if absent."""
        got = self._row(x).get(self.digests[y] + "/first")
        return got if got is not None else self._row(y).get(self.digests[x] + "/second")

    def put(self, scored: dict[tuple[int, int], list[PairLink]]) -> None:
        """Store newly scored pairs, each in the row of its busier source."""
        busy: dict[int, int] = {}
        for x, y in scored:
            busy[x] = busy.get(x, 0) + 1
            busy[y] = busy.get(y, 0) + 1
        changed: set[int] = set()
        for (x, y), links in scored.items():
            owner, entry = (x, self.digests[y] + "/first") if busy[x] >= busy[y] else (y, self.digests[x] + "/second")
            self._row(owner)[entry] = links
            changed.add(owner)
        for x in sorted(changed):
            self.cache.put("align-pairs", self._key(x), self.rows[x])


def _identity(source: Source) -> list[object]:
    return [source.id, source.sha256, source.layout_digest]


def _feature_key(source: Source) -> tuple[str, str, tuple[object, ...]]:
    return (source.id, source.sha256, source.paragraphs)


def _sentence_count(source: Source) -> int:
    """Sentences the encoder would read for ``source`` (a paragraph without sentences is one)."""
    return sum(max(1, len(source.paragraphs[p].sentences)) for p in alignable(source))
