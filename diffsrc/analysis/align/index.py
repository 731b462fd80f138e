"""The inverted index: each source's keys in array form (``SourceIndex``) and, over all sources,
the index from key to paragraphs (``CorpusIndex``), built at once or merged from two."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diffsrc.analysis.align.config import AlignConfig
from diffsrc.analysis.align.features import ParaFeatures
from diffsrc.model import Source

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

# Key kinds ("e:kyiv" is a name) and the signal each kind's shared weight is reported as.
SIGNAL_NAMES = (("e", "entities"), ("n", "numbers"), ("d", "dates"), ("w", "terms"), ("b", "phrases"))
_KIND_CODE = {kind: i for i, (kind, _) in enumerate(SIGNAL_NAMES)}


@dataclass
class SourceIndex:
    """A source's paragraph keys in array form: its key columns and the paragraphs holding each."""

    source: Source
    feats: tuple[ParaFeatures, ...]
    keys: list[str]  # column -> key, in key order (so results never depend on how keys are numbered)
    gids: np.ndarray  # (keys,) ids of the columns' keys in the aligner's vocabulary
    df: np.ndarray  # (keys,) float32, number of paragraphs holding each key
    col_ptr: np.ndarray  # (keys + 1,) column k is held by paragraphs para[col_ptr[k]:col_ptr[k + 1]]
    para: np.ndarray  # paragraph numbers (positions in feats), grouped by column
    shown: np.ndarray  # how the key is written in that paragraph (ids into shown_table), aligned with para
    shown_table: list[str]
    names: tuple[frozenset[str], ...]  # the name ("e:") keys of each paragraph


def _kind_weights(keys: Sequence[str], config: AlignConfig) -> list[float]:
    factor = {"e": config.entity_weight, "n": config.number_weight, "d": config.date_weight, "b": config.phrase_weight}
    return [factor.get(k[0], 1.0) for k in keys]


def build_index(source: Source, feats: Sequence[ParaFeatures], vocab: dict[str, int] | None = None) -> SourceIndex:
    """The array form of a source's paragraph features; ``vocab`` numbers keys across sources."""
    import numpy as np

    ids = vocab if vocab is not None else {}
    keys = sorted({k for f in feats for k in f.keys})
    gids = np.asarray([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    col = dict(zip(keys, range(len(keys)), strict=True))
    cols = np.asarray([col[k] for f in feats for k in f.keys], dtype=np.int64)
    rows = np.repeat(np.arange(len(feats)), [len(f.keys) for f in feats])
    postings = np.lexsort((rows, cols))
    table: dict[str, int] = {}
    shown = np.asarray([table.setdefault(f.shown.get(k) or k[2:], len(table)) for f in feats for k in f.keys], dtype=np.int64)
    df = np.bincount(cols, minlength=len(keys))
    return SourceIndex(
        source=source,
        feats=tuple(feats),
        keys=keys,
        gids=gids,
        df=df.astype(np.float32),
        col_ptr=np.concatenate(([0], np.cumsum(df))).astype(np.int64),
        para=rows[postings],
        shown=shown[postings],
        shown_table=list(table),
        names=tuple(frozenset(k for k in f.keys if k.startswith("e:")) for f in feats),
    )


@dataclass
class CorpusIndex:
    """The inverted index of a set of sources: for each key, the paragraphs and sources holding it.

    Scoring one source against many then costs what their shared keys cost, not a matrix
    product per source pair. Paragraphs are numbered corpus-wide ("rows"), source after source.
    The index holds arrays and strings only, so ``diffsrc check`` keeps the index of an unchanged
    corpus in its cache (``corpus_to_bytes``) instead of rebuilding it from every source.
    """

    vocab: list[str]  # key id -> key, for every id the index may hold
    offset: np.ndarray  # (sources,) row of the first paragraph of each source
    n_paras: np.ndarray  # (sources,)
    para_index: np.ndarray  # (rows,) the paragraph's index in its source
    name_ptr: np.ndarray  # (rows + 1,) the name keys of row r are name_gid[name_ptr[r]:name_ptr[r + 1]]
    name_gid: np.ndarray
    kind_weight: np.ndarray  # (vocab,) float32 multiplier of each key's kind
    kind_code: np.ndarray  # (vocab,) index of each key's kind in SIGNAL_NAMES
    post_ptr: np.ndarray  # (vocab + 1,) key g is held by paragraph postings post_ptr[g]:post_ptr[g + 1]
    post_row: np.ndarray  # row of each posting
    post_src: np.ndarray  # its source
    post_df: np.ndarray  # float32 df of the key in that source
    post_shown: np.ndarray  # how the key is written in that paragraph: ids into shown_table
    shown_table: np.ndarray  # (object) the sources' tables of written forms, one after the other
    src_ptr: np.ndarray  # (vocab + 1,) key g is held by sources src_src[src_ptr[g]:src_ptr[g + 1]]
    src_src: np.ndarray
    src_df: np.ndarray  # float32 df of the key in that source
    labels: list[str] = field(default_factory=list)  # (sources,) what the caller identifies them by

    def row_names(self, row: int) -> frozenset[str]:
        """The name (``e:``) keys of a corpus row."""
        return frozenset(self.vocab[g] for g in self.name_gid[self.name_ptr[row] : self.name_ptr[row + 1]].tolist())


def build_corpus(indexes: Sequence[SourceIndex], config: AlignConfig, vocab: Mapping[str, int]) -> CorpusIndex:
    """The inverted index over ``indexes``, whose key ids come from ``vocab``."""
    import numpy as np

    size = max((int(ix.gids.max()) + 1 for ix in indexes if len(ix.gids)), default=0)
    kind_weight = np.ones(size, dtype=np.float32)
    kind_code = np.zeros(size, dtype=np.intp)
    for ix in indexes:
        kind_weight[ix.gids] = _kind_weights(ix.keys, config)
        kind_code[ix.gids] = [_KIND_CODE.get(k[0], 0) for k in ix.keys]
    n_paras = np.asarray([len(ix.feats) for ix in indexes], dtype=np.int64)
    offset = np.cumsum(n_paras) - n_paras
    per_col = [np.diff(ix.col_ptr) for ix in indexes]
    empty = np.zeros(0, dtype=np.int64)

    def postings(gid: list[np.ndarray], *values: list[np.ndarray]) -> tuple[np.ndarray, ...]:
        g = np.concatenate(gid) if gid else empty
        order = np.argsort(g, kind="stable")
        ptr = np.concatenate(([0], np.cumsum(np.bincount(g, minlength=size)))).astype(np.int64)
        return (ptr, *((np.concatenate(v) if v else empty)[order] for v in values))

    shown_base = np.cumsum([0, *(len(ix.shown_table) for ix in indexes)])[:-1]  # where each table starts
    post_ptr, post_row, post_src, post_df, post_shown = postings(
        [np.repeat(ix.gids, c) for ix, c in zip(indexes, per_col, strict=True)],
        [ix.para + offset[s] for s, ix in enumerate(indexes)],
        [np.full(len(ix.para), s, dtype=np.int64) for s, ix in enumerate(indexes)],
        [np.repeat(ix.df, c) for ix, c in zip(indexes, per_col, strict=True)],
        [ix.shown + base for ix, base in zip(indexes, shown_base.tolist(), strict=True)],
    )
    src_ptr, src_src, src_df = postings(
        [ix.gids for ix in indexes],
        [np.full(len(ix.gids), s, dtype=np.int64) for s, ix in enumerate(indexes)],
        [ix.df for ix in indexes],
    )
    names = [sorted(vocab[k] for k in paragraph) for ix in indexes for paragraph in ix.names]
    by_id = [""] * len(vocab)
    for k, g in vocab.items():
        by_id[g] = k
    return CorpusIndex(
        vocab=by_id,
        offset=offset,
        n_paras=n_paras,
        para_index=np.asarray([f.index for ix in indexes for f in ix.feats], dtype=np.int64),
        name_ptr=np.concatenate(([0], np.cumsum([len(x) for x in names]))).astype(np.int64),
        name_gid=np.asarray([g for x in names for g in x], dtype=np.int64),
        kind_weight=kind_weight,
        kind_code=kind_code,
        post_ptr=post_ptr,
        post_row=post_row,
        post_src=post_src,
        post_df=post_df.astype(np.float32),
        post_shown=post_shown,
        shown_table=np.asarray([x for ix in indexes for x in ix.shown_table], dtype=object),
        src_ptr=src_ptr,
        src_src=src_src,
        src_df=src_df.astype(np.float32),
    )


def merge_corpora(a: CorpusIndex, b: CorpusIndex) -> CorpusIndex:
    """One index of the sources of ``a`` then those of ``b`` (numbered after a's), whose key ids
    come from one vocabulary (``b``'s, which extends ``a``'s)."""
    import numpy as np

    size = max(len(a.kind_weight), len(b.kind_weight))
    rows = len(a.para_index)

    def widen(x: np.ndarray, y: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(size, fill, dtype=x.dtype)
        out[: len(x)] = x
        out[: len(y)] = np.where(np.diff(b.src_ptr) > 0, y, out[: len(y)])  # keys b holds: b's value
        return out

    def merged(ptr_a: np.ndarray, ptr_b: np.ndarray, *pairs: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
        gid = np.concatenate([np.repeat(np.arange(len(p) - 1), np.diff(p)) for p in (ptr_a, ptr_b)])
        order = np.argsort(gid, kind="stable")  # per key, a's postings before b's
        ptr = np.concatenate(([0], np.cumsum(np.bincount(gid, minlength=size)))).astype(np.int64)
        return (ptr, *(np.concatenate(pair)[order] for pair in pairs))

    post_ptr, post_row, post_src, post_df, post_shown = merged(
        a.post_ptr, b.post_ptr, (a.post_row, b.post_row + rows), (a.post_src, b.post_src + len(a.n_paras)),
        (a.post_df, b.post_df), (a.post_shown, b.post_shown + len(a.shown_table)),
    )
    src_ptr, src_src, src_df = merged(a.src_ptr, b.src_ptr, (a.src_src, b.src_src + len(a.n_paras)), (a.src_df, b.src_df))
    return CorpusIndex(
        vocab=b.vocab if len(b.vocab) >= len(a.vocab) else a.vocab,
        offset=np.concatenate((a.offset, b.offset + rows)),
        n_paras=np.concatenate((a.n_paras, b.n_paras)),
        para_index=np.concatenate((a.para_index, b.para_index)),
        name_ptr=np.concatenate((a.name_ptr, b.name_ptr[1:] + a.name_ptr[-1])),
        name_gid=np.concatenate((a.name_gid, b.name_gid)),
        kind_weight=widen(a.kind_weight, b.kind_weight, 1.0),
        kind_code=widen(a.kind_code, b.kind_code, 0),
        post_ptr=post_ptr, post_row=post_row, post_src=post_src, post_df=post_df, post_shown=post_shown,
        shown_table=np.concatenate((a.shown_table, b.shown_table)),
        src_ptr=src_ptr, src_src=src_src, src_df=src_df,
        labels=[*a.labels, *b.labels],
    )


def expand(ptr: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position in ptr[w]:ptr[w + 1] for each w of ``which``, and the index in ``which`` it came from."""
    import numpy as np

    starts = ptr[which]
    lens = ptr[which + 1] - starts
    owner = np.repeat(np.arange(len(which)), lens)
    return np.arange(int(lens.sum())) + np.repeat(starts - (np.cumsum(lens) - lens), lens), owner
