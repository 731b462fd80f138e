"""``diffsrc check``: analyse new sources against a corpus and decide pass or fail.

The steps, each a function here (the Typer command in cli.py only wires them):

1. ``changed_files``: which sources were added or changed since a git ref (or they are given);
2. ``load``: read the corpus and the new sources, reusing cached ingestion by content hash;
3. ``pipeline.run`` with ``focus`` = the new sources, the corpus being context;
4. ``evaluate``: compare what concerns the new sources with the thresholds;
5. ``focused``: the analysis reduced to the new sources, for the JSON/HTML/SARIF reports.

Exit codes (``CheckResult.exit_code``): 0 every threshold holds, 1 a threshold is violated,
2 usage or input error (raised as ``DiffsrcError`` and handled by the CLI).
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from diffsrc.analysis import pipeline
from diffsrc.analysis.copies import shingles
from diffsrc.analysis.quality import aligned_shares
from diffsrc.app.config import CheckConfig, Thresholds
from diffsrc.errors import InputError
from diffsrc.io.cache import Cache, to_jsonable
from diffsrc.io.ingest import (
    DEFAULT_MAX_BYTES,
    SOURCE_SUFFIXES,
    ManifestEntry,
    file_identity,
    load_sources,
    read_source,
)
from diffsrc.model import (
    SEVERITY_ORDER,
    Alignment,
    Analysis,
    Fact,
    Finding,
    Source,
    SourceSummary,
    with_layout_digest,
)
from diffsrc.outcome import SEVERITY_LABEL, CheckResult, SourceCheck, Violation, involves

# --------------------------------------------------------------------------- git


def _git(args: Sequence[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError as exc:
        raise InputError("--since needs git, which is not installed or not on PATH") from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"git {' '.join(args)} did not finish within 60 s") from exc
    if done.returncode != 0:
        raise _GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return done.stdout


class _GitError(Exception):
    pass


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None outside a repository."""
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], path).strip()).resolve()
    except (_GitError, InputError):
        return None


def changed_files(corpus_dir: Path, ref: str) -> list[Path]:
    """Sources in ``corpus_dir`` added, modified or renamed since ``ref``, including uncommitted ones.

    Compares the work tree with the merge base of ``ref`` and HEAD (what a pull request adds,
    even when the base branch moved on since), plus untracked files not ignored by git.
    Deleted files are not checked. Only files directly in the corpus folder with a source
    suffix count, like the files ``diffsrc`` reads from a folder.
    """
    folder = corpus_dir.resolve()
    if not folder.is_dir():
        raise InputError(f"corpus folder {str(corpus_dir)!r} does not exist")
    root = repo_root(folder)
    if root is None:
        raise InputError(f"--since needs {str(corpus_dir)!r} to be inside a git repository; use --new FILE instead")
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except _GitError as exc:
        raise InputError(
            f"--since {ref!r} is not a commit in this repository (in CI, fetch it first, e.g. "
            "actions/checkout with fetch-depth: 0)"
        ) from exc
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except _GitError:
        base = ref  # unrelated histories or no HEAD yet: compare with the ref itself
    rel = os.path.relpath(folder, root)
    try:
        changed = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM", base, "--", rel], root)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--", rel], root)
    except _GitError as exc:
        raise InputError(f"git could not list changes since {ref!r}: {exc}") from exc
    out: list[Path] = []
    seen: set[Path] = set()
    for name in (changed + untracked).split("\0"):
        if not name:
            continue
        p = (root / name).resolve()
        if p.parent != folder or p.suffix.lower() not in SOURCE_SUFFIXES or not p.is_file() or p in seen:
            continue
        seen.add(p)
        out.append(p)
    return sorted(out)


def parse_targets(paths: Sequence[str], new: Sequence[str] = ()) -> tuple[Path, tuple[Path, ...]]:
    """The corpus folder and the files to check from ``check``'s arguments.

    A folder among ``paths`` is the corpus (at most one); files among them are checked like
    ``--new`` (pre-commit passes staged files this way). Without a folder the corpus is the
    folder of the files, or the current folder.
    """
    folders: list[Path] = []
    files: list[Path] = []
    for raw in [*paths, *new]:
        p = Path(raw)
        if p.is_dir() and raw not in new:
            folders.append(p)
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"no such file or folder: {raw!r}")
    if len(folders) > 1:
        raise InputError(f"give one corpus folder, got {len(folders)}: {', '.join(map(str, folders))}")
    if folders:
        return folders[0], tuple(files)
    parents = {f.resolve().parent for f in files}
    if len(parents) > 1:
        raise InputError("the files are in several folders; give the corpus folder first (diffsrc check CORPUS_DIR FILE...)")
    if files:
        return Path(os.path.relpath(parents.pop())), tuple(files)
    return Path("."), ()


# --------------------------------------------------------------------------- loading


def cached_reader(cache: Cache) -> Callable[..., Source]:
    """``read_source`` that reuses decoded, segmented sources stored by content hash."""

    def read(path: Path, shown: str, *, max_bytes: int = DEFAULT_MAX_BYTES, manifest: ManifestEntry | None = None) -> Source:
        if not cache.enabled:
            return read_source(path, shown, max_bytes=max_bytes, manifest=manifest)
        import hashlib

        try:
            raw = path.read_bytes()
        except OSError:
            return read_source(path, shown, max_bytes=max_bytes, manifest=manifest)
        if len(raw) > max_bytes:
            return read_source(path, shown, max_bytes=max_bytes, manifest=manifest)
        # Not keyed by how the path is spelt ("corpus/a.txt", "./corpus/a.txt", an absolute
        # path): only the shown path differs, and it is set on the stored record.
        key = Cache.key(
            "source", hashlib.sha256(raw).hexdigest(), path.suffix.lower(), path.stem,
            to_jsonable(manifest) if manifest else None,
        )
        stored: _StoredSource | None = cache.get("sources", key, _StoredSource)
        if stored is not None:
            source = stored.source if stored.source.path == shown else replace(stored.source, path=shown)
            try:
                # Known from when it was read: hashing 200 sources' segmentation again cost 0.02 s.
                return with_layout_digest(source, stored.layout_digest)
            except ValueError:
                pass  # not a digest: recompute and overwrite
        fresh = read_source(path, shown, max_bytes=max_bytes, manifest=manifest)
        cache.put("sources", key, _StoredSource(fresh, fresh.layout_digest))
        return fresh

    return read


@dataclass(frozen=True)
class _StoredSource:
    """A read source as the cache keeps it, with the digest of its segmentation."""

    source: Source
    layout_digest: str


def load(
    corpus_dir: Path, new: Sequence[Path] = (), *, cache: Cache | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    all_new: bool = False,
) -> tuple[list[Source], frozenset[str], list[str]]:
    """The corpus plus new files, the ids of the sources to check, and ingestion warnings.

    With ``all_new`` every source of the corpus is checked against the others.
    """
    cache = cache or Cache(None)
    if not corpus_dir.is_dir():
        raise InputError(f"corpus folder {str(corpus_dir)!r} does not exist; give the folder of your sources")
    args: list[str] = []
    if any(f.suffix.lower() in SOURCE_SUFFIXES for f in corpus_dir.iterdir() if f.is_file()):
        args.append(str(corpus_dir))
    wanted = set()
    for f in new:
        if not f.is_file():
            raise InputError(f"--new {str(f)!r}: no such file")
        wanted.add(file_identity(f))
        if f.resolve().parent != corpus_dir.resolve() or f.suffix.lower() not in SOURCE_SUFFIXES:
            args.append(str(f))
    if not args:
        raise InputError(f"corpus folder {str(corpus_dir)!r} has no sources (.txt, .md or .html files)")
    # Copies stay: a new source that copies a corpus article is a finding (max_copy_share).
    sources, warnings = load_sources(args, max_bytes=max_bytes, reader=cached_reader(cache), keep_copies=True)
    # Reading the folder and naming one of its files is not a duplicate worth a warning here.
    warnings = [w for w in warnings if "was given twice" not in w]
    if all_new:
        focus = frozenset(s.id for s in sources)
    else:
        focus = frozenset(s.id for s in sources if file_identity(Path(s.path)) in wanted)
    return sources, focus, warnings


# --------------------------------------------------------------------------- evaluation


def evaluate(analysis: Analysis, focus: frozenset[str], thresholds: Thresholds) -> tuple[list[SourceCheck], list[Violation]]:
    """Measures and threshold violations of the checked sources, in source order."""
    shares = aligned_shares(analysis)
    copies = copied_from(analysis.sources, focus) if thresholds.max_copy_share is not None else {}
    checks: list[SourceCheck] = []
    violations: list[Violation] = []
    for s in analysis.sources:
        if s.id not in focus:
            continue
        mine = [f for f in analysis.findings if f.source == s.id]
        counts: Counter[str] = Counter(str(f.severity) for f in mine)
        counts["total"] = len(mine)
        words = max(1, s.words)
        per_1000 = {k: 1000 * counts.get(k, 0) / words for k in ("high", "medium", "low", "total")}
        contradictions = tuple(
            sorted(
                (f for f in analysis.facts if f.kind == "contradiction" and any(c.source == s.id for c in f.claims)),
                key=lambda f: -f.confidence,
            )
        )
        found: list[Violation] = []
        for sev in ("high", "medium", "low", "total"):
            limit = thresholds.max_per_1000_words.get(sev)
            if limit is not None and per_1000[sev] > limit:
                what = f"{SEVERITY_LABEL[sev]} artefacts".strip()
                found.append(Violation(
                    s.id, s.path, f"max_per_1000_words.{sev}",
                    f"{counts.get(sev, 0)} {what} in {s.words} words = {per_1000[sev]:.1f} per 1,000 words, over the limit of {limit:g}",
                    round(per_1000[sev], 3), limit,
                ))
        conf = thresholds.fail_on_contradiction_confidence
        if conf is not None:
            strong = [f for f in contradictions if f.confidence >= conf]
            if strong:
                top = strong[0]
                others = ", ".join(sorted({c.source for f in strong for c in f.claims if c.source != s.id})) or "itself"
                found.append(Violation(
                    s.id, s.path, "fail_on_contradiction_confidence",
                    f"{len(strong)} contradiction(s) with {others} at confidence >= {conf:g} "
                    f"(strongest {top.confidence:.2f}: {top.message or top.reason or top.topic})",
                    round(top.confidence, 3), conf,
                ))
        share = shares.get(s.id)
        if thresholds.min_aligned_share is not None and share is not None and share < thresholds.min_aligned_share:
            found.append(Violation(
                s.id, s.path, "min_aligned_share",
                f"only {share:.0%} of its body paragraphs align with the corpus, under {thresholds.min_aligned_share:.0%}: "
                "is it about another event?",
                round(share, 3), thresholds.min_aligned_share,
            ))
        copy = copies.get(s.id)
        if copy is not None and thresholds.max_copy_share is not None and copy[1] > thresholds.max_copy_share:
            what = "an exact copy" if copy[1] >= 1.0 else "a near copy"
            found.append(Violation(
                s.id, s.path, "max_copy_share",
                f"is {what} of {copy[0].path}: {copy[1]:.0%} of its 5-word sequences are in it, over the limit "
                f"of {thresholds.max_copy_share:.0%}", round(copy[1], 3), thresholds.max_copy_share,
            ))
        if thresholds.languages and s.lang not in thresholds.languages:
            found.append(Violation(
                s.id, s.path, "languages",
                f"is in {s.lang!r}; allowed languages: {', '.join(thresholds.languages)}",
                s.lang, ",".join(thresholds.languages),
            ))
        violations.extend(found)
        checks.append(SourceCheck(
            s.id, s.path, s.lang, s.words, dict(counts), per_1000, share, contradictions, passed=not found,
        ))
    return checks, violations


def copied_from(sources: Sequence[Source], focus: frozenset[str]) -> dict[str, tuple[Source, float]]:
    """For each checked source, the other source holding most of its 5-word sequences, and that share.

    Containment (the share of the checked source's sequences found in the other), not Jaccard
    similarity: an excerpt of a longer article is a copy too.
    """
    sets = {s.id: shingles(s) for s in sources}
    out: dict[str, tuple[Source, float]] = {}
    for s in sources:
        mine = sets[s.id]
        if s.id not in focus or not mine:
            continue
        best = max(((o, len(mine & sets[o.id]) / len(mine)) for o in sources if o.id != s.id),
                   key=lambda pair: pair[1], default=None)
        if best is not None:
            out[s.id] = best
    return out


def focused(analysis: Analysis, focus: frozenset[str]) -> Analysis:
    """The analysis as reports of a check show it: findings and facts of the checked sources.

    Corpus sources stay when a kept alignment or fact quotes them, with a summary that says
    they are context rather than checked.
    """
    alignments = tuple(a for a in analysis.alignments if a.a.source in focus or a.b.source in focus)
    facts = tuple(f for f in analysis.facts if involves(f, focus))
    findings = tuple(f for f in analysis.findings if f.source in focus)
    used = set(focus)
    used.update(a.a.source for a in alignments)
    used.update(a.b.source for a in alignments)
    used.update(c.source for f in facts for c in f.claims)
    used.update(e.source for f in findings for e in f.evidence if e.source)
    summaries = {s.source: s for s in analysis.summaries}
    sources: list[Source] = []
    kept_summaries: list[SourceSummary] = []
    # Checked sources first, then their context, each group in corpus order.
    for group in (True, False):
        for s in analysis.sources:
            if s.id in used and (s.id in focus) == group:
                sources.append(s)
                # Context sources are not summarised (nor searched for artefacts) in a check.
                summ = summaries.get(s.id) or SourceSummary(s.id, s.words, 0, 0.0, dict.fromkeys(SEVERITY_ORDER, 0), {}, "")
                if not group:
                    summ = replace(summ, verdict="context (not checked)", reasons=())
                kept_summaries.append(summ)
    return replace(
        analysis, sources=tuple(sources), alignments=alignments, findings=findings, facts=facts,
        summaries=tuple(kept_summaries),
    )


# --------------------------------------------------------------------------- the whole check


@dataclass(frozen=True)
class CheckRequest:
    """What the user asked for."""

    corpus_dir: Path
    new: tuple[Path, ...] = ()
    since: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timestamp: bool = False


def options_for(config: CheckConfig, timestamp: bool = False) -> pipeline.Options:
    """Pipeline options from the check configuration."""
    return pipeline.Options(
        embedder=config.embedder, lm=config.lm, nli=config.nli, detectors=config.select,
        disable=config.disable, cache_dir=config.cache_dir, timestamp=timestamp,
    )


def run(request: CheckRequest, config: CheckConfig, progress: pipeline.Progress | None = None) -> CheckResult:
    """Find the sources to check, analyse them against the corpus and evaluate the thresholds."""
    step = progress or (lambda _msg: None)
    if request.new and request.since:
        raise InputError("give either --new FILE or --since REF, not both")
    cache = Cache(config.cache_dir)
    new = list(request.new)
    all_new = False
    warnings: list[str] = []
    if request.since is not None:
        step(f"listing sources changed since {request.since}")
        new = changed_files(request.corpus_dir, request.since)
        if not new:
            return _nothing(request, config, f"no source in {str(request.corpus_dir)!r} was added or changed since {request.since}")
    elif not new:
        all_new = True
    step("reading sources")
    sources, focus, load_warnings = load(
        request.corpus_dir, new, cache=cache, max_bytes=request.max_bytes, all_new=all_new,
    )
    warnings.extend(load_warnings)
    if not focus:
        return _nothing(request, config, "none of the given files could be read as a source")
    options = options_for(config, request.timestamp)
    key = analysis_key(sources, None if all_new else focus, options)
    analysis = load_analysis(cache, key, sources)
    if analysis is None:
        analysis = pipeline.run(
            sources, options, progress=step, focus=None if all_new else focus,
            keep=lambda alignments, facts: store_comparisons(cache, key, alignments, facts),
        )
        store_analysis(cache, key, analysis)
    analysis = analysis.with_warnings(tuple(warnings))
    checks, violations = evaluate(analysis, focus, config.thresholds)
    stats = {k: int(v) for k, v in vars(cache.stats).items()}
    return CheckResult(analysis, focus, config, tuple(checks), tuple(violations), tuple(warnings), stats)


def analysis_key(sources: Sequence[Source], focus: frozenset[str] | None, options: pipeline.Options) -> str:
    """Cache key of a whole check: every source's identity and content, the focus, the options.

    Detector findings depend on the other sources (cross-source evidence), so a check is only
    reused when nothing in the corpus changed: re-running CI or a pre-commit hook on the same tree.
    """
    ids = sorted(
        (s.id, s.path, s.sha256, s.lang, s.format, to_jsonable(s.meta), len(s.paragraphs)) for s in sources
    )
    opts = {k: v for k, v in asdict(options).items() if k not in ("cache_dir", "timestamp")}
    return Cache.key("check-analysis", ids, sorted(focus) if focus is not None else None, opts)


@dataclass(frozen=True)
class _StoredComparisons:
    """What ``store_comparisons`` keeps of a check."""

    alignments: tuple[Alignment, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class _StoredAnalysis:
    """What ``store_analysis`` keeps of a check."""

    findings: tuple[Finding, ...]
    summaries: tuple[SourceSummary, ...]
    signature: dict[str, Any]


def load_analysis(cache: Cache, key: str, sources: Sequence[Source]) -> Analysis | None:
    """A stored analysis of these sources, or None (absent, unreadable or of another shape).

    It is stored in two parts, written by the two processes of the pipeline: the alignments and
    facts (``store_comparisons``) and the rest (``store_analysis``). Both must be there.
    """
    stored: _StoredAnalysis | None = cache.get("analyses", key, _StoredAnalysis)
    if stored is None:
        return None
    compared: _StoredComparisons | None = cache.get("analysis-comparisons", key, _StoredComparisons)
    if compared is None:
        return None
    return Analysis(
        sources=tuple(sources), alignments=compared.alignments, findings=stored.findings, facts=compared.facts,
        summaries=stored.summaries, signature=stored.signature,
    )


def store_comparisons(cache: Cache, key: str, alignments: Sequence[Alignment], facts: Sequence[Fact]) -> None:
    """Keep the alignments and facts of a check (most of its size: every fact quotes its claims).

    The pipeline calls this in its second process once the facts are compared, while the first
    still runs detectors: serialising them no longer delays the check.
    """
    if cache.enabled:
        cache.put("analysis-comparisons", key, _StoredComparisons(tuple(alignments), tuple(facts)))


def store_analysis(cache: Cache, key: str, analysis: Analysis) -> None:
    """Keep what the pipeline computed besides ``store_comparisons`` (not the sources, which have
    their own cache)."""
    if cache.enabled:
        cache.put("analyses", key, _StoredAnalysis(analysis.findings, analysis.summaries, dict(analysis.signature)))


def _nothing(request: CheckRequest, config: CheckConfig, why: str) -> CheckResult:
    empty = Analysis((), (), (), (), (), {"diffsrc": _version()}, (why,))
    return CheckResult(empty, frozenset(), config, (), (), (why,))


def _version() -> str:
    from diffsrc import __version__

    return __version__


def jsonable_result(result: CheckResult) -> dict[str, Any]:
    """The pass/fail part of a check result as plain data (for the JSON check summary)."""
    return {
        "passed": result.passed,
        "checked": sorted(result.focus),
        "violations": [to_jsonable(v) for v in result.violations],
        "thresholds": to_jsonable(result.config.thresholds),
        "config": str(result.config.path) if result.config.path else None,
    }
