"""The rows of the side-by-side view: aligned paragraphs grouped and put in reading order."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from diffsrc.model import Analysis


@dataclass(frozen=True)
class Group:
    """Paragraphs linked (directly or through others) by alignments, per source."""

    members: Mapping[str, tuple[int, ...]]
    strength: str
    score: float


MAX_PER_SOURCE = 3


Node = tuple[str, int]  # (source id, paragraph index)


def align_rows(analysis: Analysis) -> list[Group]:
    """Rows of the side-by-side view, in reading order of every source as far as possible.

    Aligned paragraphs are joined into groups (connected components); every other paragraph is a
    group of its own. Groups are ordered topologically along each source's paragraph order; when
    crossing alignments make that impossible, the group earliest on average goes first.
    """
    order = {s.id: i for i, s in enumerate(analysis.sources)}
    nodes = [(s.id, p.index) for s in analysis.sources for p in s.paragraphs]
    find, best = _components(analysis, order, nodes)
    members: dict[Node, list[Node]] = defaultdict(list)
    for n in nodes:
        members[find(n)].append(n)
    roots = sorted(members, key=lambda r: (order[r[0]], r[1]))
    groups = []
    for i in _reading_order(analysis, order, roots, members, find):
        ms = members[roots[i]]
        per: dict[str, list[int]] = defaultdict(list)
        for sid, para in ms:
            per[sid].append(para)
        strengths = [best[n][0] for n in ms if n in best]
        groups.append(
            Group(
                members={sid: tuple(sorted(v)) for sid, v in per.items()},
                strength="same" if "same" in strengths else ("related" if strengths else ""),
                score=max((best[n][1] for n in ms if n in best), default=0.0),
            )
        )
    return groups


def _components(
    analysis: Analysis, order: Mapping[str, int], nodes: list[Node]
) -> tuple[Callable[[Node], Node], dict[Node, tuple[str, float]]]:
    """Union-find over the alignments, strongest first: the root of each paragraph's group and,
    per linked paragraph, its strongest link (strength, score)."""
    parent = {n: n for n in nodes}

    def find(n: Node) -> Node:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    best: dict[Node, tuple[str, float]] = {}
    # Per source, how many paragraphs each group holds: strongest links merge first and a link that
    # would put more than MAX_PER_SOURCE paragraphs of one source in a row is not merged, so chains
    # of loose "related" links cannot fold the whole text into one row.
    count: dict[Node, Counter[str]] = {n: Counter({n[0]: 1}) for n in nodes}
    ranked = sorted(
        analysis.alignments,
        key=lambda a: (a.strength != "same", -a.score, order.get(a.a.source, 0), a.a.paragraph,
                       order.get(a.b.source, 0), a.b.paragraph),
    )
    for a in ranked:
        x, y = (a.a.source, a.a.paragraph), (a.b.source, a.b.paragraph)
        if x not in parent or y not in parent or x[0] == y[0]:
            continue
        rx, ry = find(x), find(y)
        if rx != ry:
            merged = count[rx] + count[ry]
            if max(merged.values()) > MAX_PER_SOURCE:
                continue
            keep, drop = sorted((rx, ry), key=lambda n: (order[n[0]], n[1]))
            parent[drop] = keep
            count[keep] = merged
        for n in (x, y):
            strength, score = best.get(n, ("", 0.0))
            best[n] = ("same" if "same" in (strength, a.strength) else a.strength, max(score, a.score))
    return find, best


def _reading_order(
    analysis: Analysis, order: Mapping[str, int], roots: list[Node],
    members: Mapping[Node, list[Node]], find: Callable[[Node], Node],
) -> list[int]:
    """The groups (indexes into ``roots``) in a topological order of every source's paragraph
    order, the earliest on average first; a cycle releases its earliest group."""
    index = {r: i for i, r in enumerate(roots)}
    sizes = {s.id: max(1, len(s.paragraphs)) for s in analysis.sources}

    def priority(r: Node) -> tuple[float, int, int]:
        ms = members[r]
        pos = sum(i / sizes[sid] for sid, i in ms) / len(ms)
        return (pos, order[r[0]], r[1])

    succ: dict[int, set[int]] = defaultdict(set)
    indeg = [0] * len(roots)
    for s in analysis.sources:
        prev = None
        for p in s.paragraphs:
            g = index[find((s.id, p.index))]
            if prev is not None and prev != g and g not in succ[prev]:
                succ[prev].add(g)
                indeg[g] += 1
            prev = g
    prio = [priority(r) for r in roots]
    ready = [(prio[i], i) for i in range(len(roots)) if indeg[i] == 0]
    heapq.heapify(ready)
    done = [False] * len(roots)
    out: list[int] = []
    while len(out) < len(roots):
        if not ready:  # a cycle from crossing alignments: release the earliest remaining group
            i = min((k for k in range(len(roots)) if not done[k]), key=lambda k: prio[k])
            indeg[i] = 0
            heapq.heappush(ready, (prio[i], i))
        _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        out.append(i)
        for j in sorted(succ[i]):
            indeg[j] -= 1
            if indeg[j] == 0 and not done[j]:
                heapq.heappush(ready, (prio[j], j))
    return out
