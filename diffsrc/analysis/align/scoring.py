"""Pair scoring: the links between the paragraphs of one source and those of its partner sources.

Keys are weighted by IDF over the two sources' paragraphs (names and numbers count more than
words); only paragraphs sharing a distinctive key are scored (blocking), by the geometric mean of
a weighted cosine and the amount of shared evidence, with a small lift for fuzzy name matches
(rapidfuzz). One source is scored
against all its partners at once, through the inverted index, so the cost follows the matching
(paragraph, paragraph, key) triples rather than the number of source pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from diffsrc.analysis.align.config import AlignConfig
from diffsrc.analysis.align.index import SIGNAL_NAMES, CorpusIndex, SourceIndex, expand

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

# Bound on the (paragraphs of x) x (paragraphs of its partners) matrices of one scoring step.
MAX_CELLS = 1 << 20


class PairLink(NamedTuple):
    """A kept link between paragraph ``i`` of one source and ``j`` of another, with its evidence."""

    i: int
    j: int
    score: float
    strength: str
    signals: Mapping[str, float]
    shared: tuple[str, ...]
    # (sentence of paragraph i, sentence of paragraph j, margin) of the sentence links joining them
    sentences: tuple[tuple[int, int, float], ...] = ()


def _fuzzy_names(names_a: frozenset[str], names_b: frozenset[str]) -> float:
    """Share of names (``e:`` keys) of one paragraph without an exact match in the other that
    still match fuzzily (Zelenskyy ~ Zelensky)."""
    from rapidfuzz import fuzz

    ea = names_a - names_b
    eb = names_b - names_a
    if not ea or not eb:
        return 0.0
    hits = sum(1 for x in ea if any(fuzz.ratio(x, y) >= 85 for y in eb))
    return hits / len(ea)


class _Weights:
    """IDF weight of a key over the two sources of a pair, scaled so that a key found in exactly
    two paragraphs weighs 1, times the weight of its kind."""

    def __init__(self, corpus: CorpusIndex, ax: SourceIndex) -> None:
        import numpy as np

        self.corpus, self.ax = corpus, ax
        self.n1 = (corpus.n_paras + (len(ax.feats) + 1)).astype(np.float32)
        self.top = np.asarray([max(math.log(k / 2.5), 0.1) for k in self.n1.tolist()], dtype=np.float32)

    def __call__(self, src: np.ndarray, col: np.ndarray, df: np.ndarray) -> np.ndarray:
        import numpy as np

        ax = self.ax
        w = np.log(self.n1[src] / (ax.df[col] + df + np.float32(0.5))) / self.top[src]
        return np.clip(w, 0.0, None) * self.corpus.kind_weight[ax.gids[col]]


@dataclass
class _Grid:
    """Scores of every (paragraph of x, paragraph of a partner) cell, and the key matches behind them."""

    yk: np.ndarray  # the partner sources, in column order
    lens: np.ndarray  # their paragraph counts
    base: np.ndarray  # (sources,) first column of each partner
    col_src: np.ndarray  # column -> its source
    width: int
    cell: np.ndarray  # per (paragraph, paragraph, key) match: its cell, weight, column of x, two postings
    tw: np.ndarray
    tcol: np.ndarray
    ta: np.ndarray
    tb: np.ndarray
    cosine: np.ndarray
    evidence: np.ndarray
    score: np.ndarray


def _partners(corpus: CorpusIndex, ax: SourceIndex, ys: Sequence[int], config: AlignConfig, weight: _Weights) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The sources sharing at least ``min_shared`` keys with x, the keys of x the corpus knows, and
    per (paragraph of x, source): the weight of the keys the two sources share, and blocking."""
    import numpy as np

    nx, m = len(ax.feats), len(corpus.n_paras)
    # Keys of x the corpus has never seen cannot be shared (x need not be in the corpus).
    known = np.flatnonzero(ax.gids < len(corpus.kind_weight))
    wanted = np.zeros(m, dtype=bool)
    wanted[list(ys)] = True
    pos, col = expand(corpus.src_ptr, ax.gids[known])
    col = known[col]
    src = corpus.src_src[pos]
    wanted &= np.bincount(src[wanted[src]], minlength=m) >= config.min_shared
    keep = wanted[src]
    pos, col, src = pos[keep], col[keep], src[keep]
    ws = weight(src, col, corpus.src_df[pos])
    pp, owner = expand(ax.col_ptr, col)
    cell = ax.para[pp] * m + src[owner]
    norm_a = np.maximum(np.bincount(cell, ws[owner], nx * m).astype(np.float32), 1e-9).reshape(nx, m)
    row_block = (np.bincount(cell, ws[owner] >= config.block_weight, nx * m) > 0).reshape(nx, m)
    return wanted, known, norm_a, row_block


def _grid(corpus: CorpusIndex, ax: SourceIndex, ys: Sequence[int], config: AlignConfig) -> _Grid | None:
    """The scores of x against the partners ``ys``, None when no partner shares enough keys."""
    import numpy as np

    nx, m = len(ax.feats), len(corpus.n_paras)
    weight = _Weights(corpus, ax)
    wanted, known, norm_a, row_block = _partners(corpus, ax, ys, config, weight)
    yk = np.flatnonzero(wanted)
    if not nx or not len(yk):
        return None
    # Columns: the paragraphs of the sources of yk, one after the other.
    lens = corpus.n_paras[yk]
    base = np.zeros(m, dtype=np.int64)
    base[yk] = np.cumsum(lens) - lens
    width = int(lens.sum())
    col_src = np.repeat(yk, lens)
    pos, col = expand(corpus.post_ptr, ax.gids[known])
    col = known[col]
    src = corpus.post_src[pos]
    keep = wanted[src]
    pos, col, src = pos[keep], col[keep], src[keep]
    we = weight(src, col, corpus.post_df[pos])
    lrow = corpus.post_row[pos] - corpus.offset[src] + base[src]
    norm_b = np.maximum(np.bincount(lrow, we, width).astype(np.float32), 1e-9)
    col_block = np.bincount(lrow, we >= config.block_weight, width) > 0
    # (paragraph of x, paragraph of y, key) matches: the sparse product, by hand.
    pp, owner = expand(ax.col_ptr, col)
    cell = ax.para[pp] * width + lrow[owner]
    overlap = np.bincount(cell, we[owner], nx * width).astype(np.float32).reshape(nx, width)
    counts = np.bincount(cell, minlength=nx * width).reshape(nx, width)
    cosine = overlap / np.sqrt(norm_a[:, col_src] * norm_b)
    evidence = np.minimum(1.0, overlap / config.evidence_full)
    score = np.sqrt(cosine * evidence)
    scored = (counts >= config.min_shared) & row_block[:, col_src] & col_block
    score = np.where(scored, score, 0.0)
    return _Grid(yk, lens, base, col_src, width, cell, we[owner], col[owner], pp, pos[owner], cosine, evidence, score)


def _fuzzy_lift(grid: _Grid, corpus: CorpusIndex, ax: SourceIndex, config: AlignConfig) -> dict[tuple[int, int], float]:
    """Fuzzy name matches (transliterations the name table misses) lift near-threshold pairs."""
    import numpy as np

    col_para = np.arange(grid.width) - grid.base[grid.col_src]
    fuzzy: dict[tuple[int, int], float] = {}
    score = grid.score
    lift = (score >= config.related_threshold - 0.05) & (score < config.related_threshold)
    for r, c in zip(*np.nonzero(lift), strict=True):
        fz = _fuzzy_names(ax.names[r], corpus.row_names(int(corpus.offset[grid.col_src[c]] + col_para[c])))
        if fz:
            fuzzy[(int(r), int(c))] = fz
            score[r, c] += 0.05 * fz
    return fuzzy


def _decide(grid: _Grid, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """The kept cells: high enough, and the best or nearly the best of both paragraphs; pair by
    pair, then row-major."""
    import numpy as np

    score = grid.score
    starts = grid.base[grid.yk]
    best_row = np.maximum.reduceat(score, starts, axis=1)[:, np.repeat(np.arange(len(grid.yk)), grid.lens)]
    best_col = score.max(axis=0, keepdims=True)
    near = score >= config.near_best * np.minimum(best_row, best_col)
    kr, kc = np.nonzero((score >= config.related_threshold) & near)
    order = np.lexsort((kc, kr, grid.col_src[kc]))
    return kr[order], kc[order]


def _evidence(grid: _Grid, corpus: CorpusIndex, ax: SourceIndex, kr: np.ndarray, kc: np.ndarray) -> tuple[list[list[float]], list[tuple[str, ...]]]:
    """Of all kept links at once: per-kind sums of the shared weight, and the heaviest shared keys
    as written on both sides ("Italy = Italie")."""
    import numpy as np

    link_of = np.full(len(ax.feats) * grid.width, -1, dtype=np.int64)
    link_of[kr * grid.width + kc] = np.arange(len(kr))
    tl = link_of[grid.cell]
    keep = (tl >= 0) & (grid.tw > 0)
    tl, tw, tcol, ta, tb = tl[keep], grid.tw[keep], grid.tcol[keep], grid.ta[keep], grid.tb[keep]
    codes = len(SIGNAL_NAMES)
    kinds = np.bincount(tl * codes + corpus.kind_code[ax.gids[tcol]], tw, len(kr) * codes)
    per_kind = kinds.astype(np.float32).reshape(len(kr), codes).tolist()
    order = np.lexsort((tcol, -tw, tl))
    tl, ta, tb = tl[order], ta[order], tb[order]
    starts = np.searchsorted(tl, np.arange(len(kr)))
    top12 = np.arange(len(tl)) - starts[tl] < 12
    tl = tl[top12]
    shown = [
        a if a.lower() == b.lower() else f"{a} = {b}"
        for a, b in zip(
            [ax.shown_table[i] for i in ax.shown[ta[top12]].tolist()],
            corpus.shown_table[corpus.post_shown[tb[top12]]].tolist(), strict=True,
        )
    ]
    bounds = np.searchsorted(tl, np.arange(len(kr) + 1)).tolist()
    return per_kind, [tuple(shown[bounds[n] : bounds[n + 1]]) for n in range(len(kr))]


def score_source(corpus: CorpusIndex, ax: SourceIndex, ys: Sequence[int], config: AlignConfig) -> dict[int, list[PairLink]]:
    """The links between the paragraphs of source ``ax`` and those of each source ``ys`` of the corpus.

    ``ax`` is scored as the first source of each pair (its paragraphs are the links' ``i``); it
    may or may not be in the corpus. Each source pair is scored on its own terms. Key weights are
    IDF over the two sources' paragraphs; only keys present in both sources count (a key of one
    source can never be shared, so it would only measure verbosity). For each paragraph pair the
    score is the geometric mean of a weighted cosine (how much of each paragraph is shared) and
    of the shared evidence, saturating at ``evidence_full``: two short paragraphs that only share
    "Donald Trump" are not a confident link, however similar they look. Blocking: only paragraphs
    holding at least one distinctive shared key (weight >= ``block_weight``) are scored.
    """
    import numpy as np

    out: dict[int, list[PairLink]] = {y: [] for y in ys}
    grid = _grid(corpus, ax, ys, config)
    if grid is None:
        return out
    fuzzy = _fuzzy_lift(grid, corpus, ax, config)
    kr, kc = _decide(grid, config)
    if not len(kr):
        return out
    per_kind, shared = _evidence(grid, corpus, ax, kr, kc)
    cos_l, ev_l = grid.cosine[kr, kc].tolist(), grid.evidence[kr, kc].tolist()
    sc_l = grid.score[kr, kc].tolist()
    col_para = np.arange(grid.width) - grid.base[grid.col_src]
    link_src = grid.col_src[kc].tolist()
    link_index = corpus.para_index[corpus.offset[grid.col_src[kc]] + col_para[kc]].tolist()
    for n, (r, c) in enumerate(zip(kr.tolist(), kc.tolist(), strict=True)):
        signals = {name: round(v, 3) for (_, name), v in zip(SIGNAL_NAMES, per_kind[n], strict=True) if v > 0}
        signals["cosine"] = round(cos_l[n], 4)
        signals["evidence"] = round(ev_l[n], 4)
        if (r, c) in fuzzy:
            signals["fuzzy_names"] = round(fuzzy[(r, c)], 4)
        sc = sc_l[n]
        out[link_src[n]].append(
            PairLink(
                i=ax.feats[r].index, j=link_index[n], score=round(min(sc, 1.0), 4),
                strength="same" if sc >= config.same_threshold else "related", signals=signals, shared=shared[n],
            )
        )
    return out


Unit = tuple[int, int, list[int]]  # (row source, corpus number, partner sources in that corpus)


def score_pairs(
    rows: Sequence[SourceIndex], corpora: Sequence[CorpusIndex], todo: Sequence[tuple[int, int, int]],
    config: AlignConfig, max_cells: int = MAX_CELLS,
) -> list[list[PairLink]]:
    """The links of each (row source, corpus number, source of that corpus) of ``todo``, one row
    source against as many partners at a time as ``max_cells`` allows."""
    partners: dict[tuple[int, int], list[int]] = {}
    for x, k, y in todo:
        partners.setdefault((x, k), []).append(y)
    units: list[Unit] = []
    for (x, k), ys in partners.items():
        height = max(len(rows[x].feats), 1)
        step: list[int] = []
        width = 0
        for y in ys:
            wide = int(corpora[k].n_paras[y])
            if step and (width + wide) * height > max_cells:
                units.append((x, k, step))
                step, width = [], 0
            step.append(y)
            width += wide
        units.append((x, k, step))
    results: dict[tuple[int, int, int], list[PairLink]] = {}
    for x, k, ys in units:
        for y, links in score_source(corpora[k], rows[x], ys, config).items():
            results[(x, k, y)] = links
    return [results[t] for t in todo]
