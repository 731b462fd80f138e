"""Tests of diffsrc check: config, git detection, thresholds, exit codes, reports and the cache."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from diffsrc.app import check, config
from diffsrc.app.cli import app
from diffsrc.app.config import CheckConfig, Thresholds
from diffsrc.errors import ConfigError, InputError
from diffsrc.io.cache import Cache
from diffsrc.model import Alignment, Analysis, Claim, Fact, Finding, Paragraph, ParaRef, Source

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# An invented event told by three outlets, and a fourth report of the same event.
CORPUS = {
    "harbour-times.txt": (
        "Storm floods the old harbour of Varnholm\n\n"
        "Heavy rain flooded the old harbour of Varnholm on Saturday night, forcing forty families to leave their homes.\n\n"
        "The river rose by two metres in six hours, the regional water agency said on Sunday.\n\n"
        "Mayor Ilse Brandt said the town would open the sports hall as a shelter for the evacuated families.\n\n"
        "Firefighters pumped water out of the fish market until the early morning.\n"
    ),
    "coast-daily.txt": (
        "Varnholm harbour under water after night of rain\n\n"
        "Forty families were evacuated when floods hit the old harbour of Varnholm on Saturday night.\n\n"
        "According to the regional water agency, the river rose two metres in six hours.\n\n"
        "The mayor, Ilse Brandt, opened the sports hall to shelter the families who left their homes.\n\n"
        "Firefighters worked through the night to pump water from the fish market.\n"
    ),
    "north-wire.txt": (
        "Floods in Varnholm: forty families evacuated\n\n"
        "Floodwater covered the old harbour of Varnholm late on Saturday after hours of heavy rain.\n\n"
        "The water agency of the region said the river had risen by two metres within six hours.\n\n"
        "Forty families spent the night in the sports hall, which Mayor Ilse Brandt opened as a shelter.\n\n"
        "The fish market was pumped dry by firefighters before dawn.\n"
    ),
}
NEW = (
    "Night of floods in the harbour of Varnholm\n\n"
    "The old harbour of Varnholm was flooded on Saturday night by heavy rain, and forty families left their homes.\n\n"
    "The regional water agency said the river rose two metres in six hours.\n\n"
    "Mayor Ilse Brandt opened the sports hall as a shelter for the families.\n\n"
    "Firefighters pumped the water out of the fish market during the night.\n"
)
UNRELATED = (
    "Chess club wins the county cup\n\n"
    "The chess club of Oberlin won the county cup on Sunday after a tense final against the university team.\n\n"
    "Its youngest player, aged eleven, drew against the reigning champion in the last round.\n\n"
    "The club will now represent the county at the national championship in the spring.\n"
)
NO_LIMITS = ["--max-per-1000", "high=off", "--max-per-1000", "medium=off", "--fail-on-contradiction", "off"]


def _write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize(
    "table, expected",
    [
        ({}, CheckConfig().thresholds),
        ({"max_per_1000_words": {"high": 2, "low": 30.5}}, Thresholds({"high": 2.0, "low": 30.5})),
        ({"max_per_1000_words": {"high": False}}, Thresholds({})),
        ({"fail_on_contradiction_confidence": False}, Thresholds(fail_on_contradiction_confidence=None)),
        ({"fail_on_contradiction_confidence": 0.5}, Thresholds(fail_on_contradiction_confidence=0.5)),
        ({"min_aligned_share": 0}, Thresholds(min_aligned_share=0.0)),
        ({"languages": ["en", "fr"]}, Thresholds(languages=("en", "fr"))),
    ],
)
def test_config_tables(table: dict[str, object], expected: Thresholds) -> None:
    assert config.parse(table).thresholds == expected


@pytest.mark.parametrize(
    "table, message",
    [
        ({"max_per_1k": 1}, "unknown key 'max_per_1k'; allowed keys: cache_dir"),
        ({"max_per_1000_words": 3}, "must be a table"),
        ({"max_per_1000_words": {"severe": 1}}, "unknown severity 'severe'"),
        ({"max_per_1000_words": {"high": -1}}, "max_per_1000_words.high must be a number >= 0"),
        ({"max_per_1000_words": {"high": "2"}}, "must be a number >= 0"),
        ({"fail_on_contradiction_confidence": 1.5}, "between 0 and 1"),
        ({"min_aligned_share": True}, "between 0 and 1"),
        ({"languages": "english"}, "'english' is not a language code"),
        ({"languages": [1]}, "must be a list of strings"),
        ({"cache_dir": 3}, "cache_dir must be a folder path or false"),
        ({"select": [""]}, "must be a list of strings"),
        ({"select": ["DS1", "XS2"]}, "'diffsrc.toml': select 'XS2' matches no detector code"),
        ({"disable": ["DS0"]}, "'diffsrc.toml': disable 'DS0' matches no detector code"),
    ],
)
def test_bad_config_values_raise_one_line_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        config.parse(table, Path("diffsrc.toml"))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_config_file_discovery(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    corpus = repo / "corpus"
    corpus.mkdir(parents=True)
    (repo / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.diffsrc]\nmin_aligned_share = 0.9\n")  # outside the repo
    assert config.load(corpus) == CheckConfig()
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.diffsrc]\nlanguages = ['fr']\ncache_dir = 'build/cache'\n")
    cfg = config.load(corpus)
    assert cfg.thresholds.languages == ("fr",) and cfg.path == repo / "pyproject.toml"
    assert cfg.cache_dir == str(repo / "build" / "cache")  # relative to the file naming it
    (corpus / "diffsrc.toml").write_text("languages = ['en']\n")
    assert config.load(corpus).thresholds.languages == ("en",)  # the corpus's own file wins
    explicit = tmp_path / "ci.toml"
    explicit.write_text("min_aligned_share = false\n")
    assert config.load(corpus, explicit).thresholds.min_aligned_share is None


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "diffsrc.toml").write_text("max_per_1000_words = {high = }\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(tmp_path)


@pytest.mark.parametrize(
    "flags, check_",
    [
        ({"max_per_1000": ["high=3", "total=off"]}, lambda c: c.thresholds.max_per_1000_words == {"high": 3.0, "medium": 5.0}),
        ({"fail_on_contradiction": "off"}, lambda c: c.thresholds.fail_on_contradiction_confidence is None),
        ({"min_aligned_share": "0.5"}, lambda c: c.thresholds.min_aligned_share == 0.5),
        ({"languages": ["fr"]}, lambda c: c.thresholds.languages == ("fr",)),
        ({"no_cache": True}, lambda c: c.cache_dir is None),
        ({"cache_dir": "/tmp/x"}, lambda c: c.cache_dir == "/tmp/x"),
    ],
)
def test_flags_override_the_file(flags: dict[str, object], check_: object) -> None:
    cfg = config.override(CheckConfig(), **flags)  # type: ignore[arg-type]
    assert check_(cfg)  # type: ignore[operator]


@pytest.mark.parametrize(
    "flags", [{"max_per_1000": ["high"]}, {"max_per_1000": ["severe=1"]}, {"max_per_1000": ["high=x"]},
              {"fail_on_contradiction": "2"}, {"min_aligned_share": "lots"}],
)
def test_bad_flags_raise_config_errors(flags: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        config.override(CheckConfig(), **flags)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- targets and git


def test_parse_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert check.parse_targets(["corpus"]) == (Path("corpus"), ())
    assert check.parse_targets(["corpus", "corpus/coast-daily.txt"]) == (Path("corpus"), (Path("corpus/coast-daily.txt"),))
    assert check.parse_targets(["corpus/coast-daily.txt"]) == (Path("corpus"), (Path("corpus/coast-daily.txt"),))
    assert check.parse_targets([]) == (Path("."), ())
    with pytest.raises(InputError, match="no such file"):
        check.parse_targets(["missing.txt"])
    (tmp_path / "other").mkdir()
    with pytest.raises(InputError, match="one corpus folder"):
        check.parse_targets(["corpus", "other"])
    (tmp_path / "other" / "x.txt").write_text("x")
    with pytest.raises(InputError, match="several folders"):
        check.parse_targets(["other/x.txt", str(corpus / "coast-daily.txt")])


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "diffsrc tests")
    _git(root, "config", "user.email", "tests@example.org")
    _git(root, "config", "commit.gpgsign", "false")
    _write_corpus(root / "corpus")
    (root / "corpus" / "old.txt").write_text("An old report that will be deleted.\n")
    (root / ".gitignore").write_text("*.draft.txt\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "corpus")
    return root


def test_git_detection_of_added_changed_and_untracked_sources(repo: Path) -> None:
    corpus = repo / "corpus"
    _git(repo, "checkout", "-q", "-b", "feature")
    (corpus / "committed-new.txt").write_text(NEW)
    _git(repo, "add", "corpus/committed-new.txt")
    _git(repo, "commit", "-q", "-m", "add a source")
    with (corpus / "coast-daily.txt").open("a") as fh:  # modified, not committed
        fh.write("Schools stay closed on Monday.\n")
    (corpus / "staged.md").write_text("# Staged\n\nA staged source.\n")
    _git(repo, "add", "corpus/staged.md")
    (corpus / "untracked.html").write_text("<p>An untracked page.</p>")
    (corpus / "ignored.draft.txt").write_text("ignored by git")
    (corpus / "notes.toml").write_text("not = 'a source'\n")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "nested.txt").write_text("not read from a folder")
    (corpus / "old.txt").unlink()
    (repo / "outside.txt").write_text("outside the corpus")
    found = check.changed_files(corpus, "main")
    assert [p.name for p in found] == ["coast-daily.txt", "committed-new.txt", "staged.md", "untracked.html"]


def test_git_detection_uses_the_merge_base(repo: Path) -> None:
    corpus = repo / "corpus"
    _git(repo, "checkout", "-q", "-b", "feature")
    (corpus / "mine.txt").write_text(NEW)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "mine")
    _git(repo, "checkout", "-q", "main")
    (corpus / "north-wire.txt").write_text(CORPUS["north-wire.txt"] + "Update from the base branch.\n")
    (corpus / "theirs.txt").write_text("Added on main after the branch point.\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base moves on")
    _git(repo, "checkout", "-q", "feature")
    assert [p.name for p in check.changed_files(corpus, "main")] == ["mine.txt"]


def test_git_detection_errors(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a commit"):
        check.changed_files(repo / "corpus", "no-such-branch")
    plain = _write_corpus(tmp_path / "plain")
    if check.repo_root(plain) is None:
        with pytest.raises(InputError, match="inside a git repository"):
            check.changed_files(plain, "main")
    assert check.changed_files(repo / "corpus", "main") == []


# --------------------------------------------------------------------------- evaluation


def _src(sid: str, words: int, paragraphs: int = 4, lang: str = "en", text_of: str = "") -> Source:
    text = " ".join(f"{text_of or sid}{i}" for i in range(words))
    step = max(1, len(text) // paragraphs)
    paras = tuple(Paragraph(i, i * step, min(len(text), (i + 1) * step), lang) for i in range(paragraphs))
    return Source(sid, f"{sid}.txt", text, sid * 8, lang, "utf-8", "text", paras)


def _findings(sid: str, severities: str) -> tuple[Finding, ...]:
    names = {"h": "high", "m": "medium", "l": "low"}
    return tuple(Finding(sid, i, i + 4, "word", "DS601", "x", names[c], "m") for i, c in enumerate(severities))  # type: ignore[arg-type]


def _analysis(findings: tuple[Finding, ...] = (), facts: tuple[Fact, ...] = (), aligned: int = 4, lang: str = "en",
              copy_words: int = 0) -> Analysis:
    new, old = _src("new", 1000, lang=lang), _src("old", 1000)
    if copy_words:  # the new source repeats the first copy_words words of the old one
        new = replace(new, text=" ".join(old.text.split()[:copy_words] + new.text.split()[copy_words:]))
    alignments = tuple(Alignment(ParaRef("new", i), ParaRef("old", i), 0.8, "same") for i in range(aligned))
    return Analysis((new, old), alignments, findings, facts, (), {})


def _contradiction(confidence: float) -> Fact:
    return Fact("contradiction", "day", (Claim("new", 0, 0, 4, "word", "weekday", "sat"), Claim("old", 0, 0, 4, "word", "weekday", "sun")),
                reason="weekday mismatch", confidence=confidence)


@pytest.mark.parametrize(
    "analysis, thresholds, rules",
    [
        (_analysis(), Thresholds(), []),
        (_analysis(_findings("new", "h")), Thresholds(), []),  # 1 per 1,000 words is at the limit
        (_analysis(_findings("new", "hh")), Thresholds(), ["max_per_1000_words.high"]),
        (_analysis(_findings("new", "mmmmmm")), Thresholds(), ["max_per_1000_words.medium"]),
        (_analysis(_findings("new", "llllllllll")), Thresholds(), []),  # no limit on low by default
        (_analysis(_findings("new", "hhmml")), Thresholds({"total": 4}), ["max_per_1000_words.total"]),
        (_analysis(_findings("old", "hhhhh")), Thresholds(), []),  # the corpus is not checked
        (_analysis(facts=(_contradiction(0.9),)), Thresholds(), ["fail_on_contradiction_confidence"]),
        (_analysis(facts=(_contradiction(0.7),)), Thresholds(), []),
        (_analysis(facts=(_contradiction(0.9),)), Thresholds(fail_on_contradiction_confidence=None), []),
        (_analysis(aligned=0), Thresholds(), ["min_aligned_share"]),
        (_analysis(aligned=1), Thresholds(), []),  # 25% >= 20%
        (_analysis(aligned=0), Thresholds(min_aligned_share=None), []),
        (_analysis(lang="fr"), Thresholds(languages=("en",)), ["languages"]),
        (_analysis(lang="fr"), Thresholds(languages=("en", "fr")), []),
        (_analysis(copy_words=1000), Thresholds(), ["max_copy_share"]),  # an exact copy
        (_analysis(copy_words=950), Thresholds(), ["max_copy_share"]),  # a near copy: 95% of its sequences
        (_analysis(copy_words=800), Thresholds(), []),  # 80% is under the 90% default
        (_analysis(copy_words=800), Thresholds(max_copy_share=0.5), ["max_copy_share"]),
        (_analysis(copy_words=1000), Thresholds(max_copy_share=None), []),
    ],
)
def test_thresholds(analysis: Analysis, thresholds: Thresholds, rules: list[str]) -> None:
    checks, violations = check.evaluate(analysis, frozenset({"new"}), thresholds)
    assert [v.rule for v in violations] == rules
    assert [c.source for c in checks] == ["new"]
    assert checks[0].passed is (not rules)
    assert all("\n" not in v.message for v in violations)


def test_focused_analysis_keeps_new_sources_and_their_context() -> None:
    a = _analysis(_findings("new", "h") + _findings("old", "m"), (_contradiction(0.9),))
    third = _src("third", 50)
    a = Analysis(a.sources + (third,), a.alignments, a.findings, a.facts, (), {})
    f = check.focused(a, frozenset({"new"}))
    assert [s.id for s in f.sources] == ["new", "old"]
    assert {x.source for x in f.findings} == {"new"}
    assert len(f.facts) == 1 and len(f.alignments) == 4
    assert [s.verdict for s in f.summaries][1] == "context (not checked)"


# --------------------------------------------------------------------------- the command


def _invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.output


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = _write_corpus(tmp_path / "corpus")
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "new-report.txt").write_text(NEW, encoding="utf-8")
    (tmp_path / "incoming" / "chess.txt").write_text(UNRELATED, encoding="utf-8")
    return folder


def test_check_passes_and_writes_valid_reports(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus.parent
    code, out = _invoke(
        ["corpus", "--new", "incoming/new-report.txt", *NO_LIMITS, "--sarif", "out.sarif",
         "--markdown", "summary.md", "-o", "report.json", "--cache-dir", "cache"], root, monkeypatch,
    )
    assert code == 0, out
    assert "diffsrc check: passed: 1 new or changed source(s) checked against 3 source(s)" in out
    log = json.loads((root / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)
    assert {a["location"]["uri"] for a in log["runs"][0]["artifacts"]} >= {"incoming/new-report.txt"}
    for r in log["runs"][0]["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "incoming/new-report.txt"
    assert (root / "summary.md").read_text(encoding="utf-8").startswith("## ✅ diffsrc check passed")
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert report["sources"][0]["id"] == "new-report"


def test_unrelated_source_fails_with_exit_code_1(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _invoke(["corpus", "incoming/chess.txt", *NO_LIMITS, "--no-cache", "--markdown", "s.md"], corpus.parent, monkeypatch)
    assert code == 1, out
    assert "FAIL incoming/chess.txt: only 0% of its body paragraphs align with the corpus" in out
    assert "[min_aligned_share]" in out
    assert "❌" in (corpus.parent / "s.md").read_text(encoding="utf-8")
    code, out = _invoke(["corpus", "incoming/chess.txt", *NO_LIMITS, "--no-cache", "--exit-zero"], corpus.parent, monkeypatch)
    assert code == 0 and "FAILED" in out


def test_language_threshold_from_a_config_file(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "diffsrc.toml").write_text("languages = ['fr']\nmin_aligned_share = false\nfail_on_contradiction_confidence = false\n"
                                         "max_per_1000_words = {}\ncache_dir = false\n")
    code, out = _invoke(["corpus", "--new", "incoming/new-report.txt"], corpus.parent, monkeypatch)
    assert code == 1, out
    assert "is in 'en'; allowed languages: fr [languages]" in out
    assert "config: " in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing-folder"], "no such file or folder"),
        (["corpus", "--new", "incoming/nope.txt"], "no such file or folder"),
        (["corpus", "--new", "incoming/new-report.txt", "--since", "HEAD"], "not both"),
        (["corpus", "--max-per-1000", "extreme=1"], "--max-per-1000"),
        (["corpus", "--min-aligned-share", "2"], "between 0 and 1"),
        (["corpus", "--config", "nowhere.toml"], "no such file"),
    ],
)
def test_usage_and_input_errors_exit_2(corpus: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    code, out = _invoke(args, corpus.parent, monkeypatch)
    assert code == 2, out
    assert message in out
    assert "Traceback" not in out


def test_bad_config_key_exits_2(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "diffsrc.toml").write_text("max_artefacts = 3\n")
    code, out = _invoke(["corpus"], corpus.parent, monkeypatch)
    assert code == 2 and "unknown key 'max_artefacts'" in out


def test_since_with_nothing_new_passes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _invoke(["corpus", "--since", "main", "--no-cache"], repo, monkeypatch)
    assert code == 0, out
    assert "was added or changed since main" in out and "nothing to check: passed" in out


def test_since_checks_only_the_changed_source(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "corpus" / "old.txt").unlink()
    (repo / "corpus" / "new-report.txt").write_text(NEW)
    code, out = _invoke(["corpus", "--since", "main", *NO_LIMITS, "--no-cache", "--sarif", "s.sarif"], repo, monkeypatch)
    assert code == 0, out
    log = json.loads((repo / "s.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["properties"]["checkedSources"] == ["new-report"]


# --------------------------------------------------------------------------- the cache


def test_cache_is_reused_and_survives_corruption(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    request = check.CheckRequest(corpus, (corpus.parent / "incoming" / "new-report.txt",))
    cfg = config.override(CheckConfig(cache_dir=str(cache_dir)), max_per_1000=["high=off", "medium=off"])
    cold = check.run(request, cfg)
    assert cold.cache_stats["hits"] == 0
    # 4 sources and the analysis in two parts (its alignments and facts may be written by the
    # pipeline's second process, whose writes this process does not count)
    written = {ns: len(list((cache_dir / ns).rglob("*.json"))) for ns in ("sources", "analyses", "analysis-comparisons")}
    assert written == {"sources": 4, "analyses": 1, "analysis-comparisons": 1}
    warm = check.run(request, cfg)
    assert warm.cache_stats["hits"] == 6 and warm.cache_stats["writes"] == 0
    assert warm.analysis.sources == cold.analysis.sources
    assert warm.violations == cold.violations and warm.analysis.findings == cold.analysis.findings

    files = sorted((cache_dir / "sources").rglob("*.json"))
    assert len(files) == 4
    files[0].write_bytes(files[0].read_bytes()[:40])  # truncated
    files[1].write_bytes(b"\x00\xff garbage \x13")  # binary garbage
    files[2].write_text(json.dumps({"diffsrc": "0.1.0", "something": "else"}))  # foreign JSON
    record = json.loads(files[3].read_text(encoding="utf-8"))
    record["value"]["text"] = "tampered"  # edited value: the digest no longer matches
    files[3].write_text(json.dumps(record), encoding="utf-8")
    rebuilt = check.run(request, cfg)
    assert rebuilt.cache_stats["rejected"] == 4 and rebuilt.cache_stats["writes"] == 4
    assert rebuilt.analysis.sources == cold.analysis.sources
    assert check.run(request, cfg).cache_stats["hits"] == 6


def test_unchanged_corpus_reuses_the_whole_analysis(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diffsrc.analysis import pipeline

    request = check.CheckRequest(corpus, (corpus.parent / "incoming" / "new-report.txt",))
    cfg = CheckConfig(cache_dir=str(tmp_path / "cache"))
    first = check.run(request, cfg)
    calls = []
    real_run = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda *a, **k: calls.append(1) or real_run(*a, **k))
    again = check.run(request, cfg)
    assert calls == [] and again.violations == first.violations
    assert again.analysis.findings == first.analysis.findings and again.analysis.facts == first.analysis.facts
    assert again.analysis.alignments == first.analysis.alignments
    (corpus / "north-wire.txt").write_text(CORPUS["north-wire.txt"] + "Schools reopened on Tuesday.\n", encoding="utf-8")
    check.run(request, cfg)  # a corpus source changed: cross-source results are recomputed
    assert calls == [1]
    check.run(request, config.override(cfg, disable=["DS6"]))  # other options: recomputed too
    assert calls == [1, 1]


@pytest.mark.parametrize("part", ["analyses", "analysis-comparisons"])
def test_a_stored_analysis_missing_a_part_is_recomputed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str,
) -> None:
    import shutil

    from diffsrc.analysis import pipeline

    request = check.CheckRequest(corpus, (corpus.parent / "incoming" / "new-report.txt",))
    cfg = CheckConfig(cache_dir=str(tmp_path / "cache"))
    first = check.run(request, cfg)
    shutil.rmtree(tmp_path / "cache" / part)
    calls = []
    real_run = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda *a, **k: calls.append(1) or real_run(*a, **k))
    again = check.run(request, cfg)
    assert calls == [1]
    for name in ("alignments", "findings", "facts", "summaries"):
        assert getattr(again.analysis, name) == getattr(first.analysis, name), name
    assert len(list((tmp_path / "cache" / part).rglob("*.json"))) == 1  # written again
    check.run(request, cfg)
    assert calls == [1]


def test_new_source_checked_against_a_warm_cache_finds_exactly_what_an_uncached_check_finds(
    corpus: Path, tmp_path: Path,
) -> None:
    from diffsrc.report import sarif

    cached = CheckConfig(cache_dir=str(tmp_path / "cache"))
    # A previous pull request checked one corpus file: every corpus source's per-stage work is
    # cached (sources, alignment features, claims, casing, names); the new source is not.
    check.run(check.CheckRequest(corpus, (corpus / "north-wire.txt",)), cached)
    request = check.CheckRequest(corpus, (corpus.parent / "incoming" / "new-report.txt",))
    warm = check.run(request, cached)
    assert warm.cache_stats["hits"] >= len(CORPUS)
    assert warm.analysis.alignments and warm.analysis.facts  # something to compare
    cold = check.run(request, CheckConfig(cache_dir=None))
    assert warm.checks == cold.checks and warm.violations == cold.violations
    for name in ("sources", "alignments", "findings", "facts", "summaries"):
        assert getattr(warm.analysis, name) == getattr(cold.analysis, name), name
    assert sarif.render(check.focused(warm.analysis, warm.focus), focus=warm.focus, violations=warm.violations) == \
        sarif.render(check.focused(cold.analysis, cold.focus), focus=cold.focus, violations=cold.violations)


def test_a_damaged_corpus_index_is_rebuilt_and_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    import shutil

    from diffsrc.analysis import align

    cached = CheckConfig(cache_dir=str(tmp_path / "cache"))
    request = check.CheckRequest(corpus, (corpus.parent / "incoming" / "new-report.txt",))
    first = check.run(request, cached)
    (index,) = list((tmp_path / "cache" / "align-corpus").rglob("*.bin"))
    index.write_bytes(index.read_bytes()[:-100])  # truncated
    shutil.rmtree(tmp_path / "cache" / "analyses")  # so that the pipeline runs again
    again = check.run(request, cached)
    assert again.analysis.alignments == first.analysis.alignments and again.violations == first.violations
    stored = Cache(tmp_path / "cache").get_bytes("align-corpus", index.stem)  # rewritten whole
    assert stored is not None and align.corpus_from_bytes(stored) is not None


@pytest.mark.parametrize(
    "stored",
    [
        {"id": 3},  # valid JSON, but not a stored source
        {"source": {"id": 3}, "layout_digest": "0" * 64},
        {"source": "rows", "layout_digest": "0" * 64},
        {"source": None, "layout_digest": None},
        "layout-digest",  # the digest checked like the rest
    ],
)
def test_well_formed_record_of_the_wrong_shape_is_recomputed(corpus: Path, tmp_path: Path, stored: object) -> None:
    cache = Cache(tmp_path / "cache")
    reader = check.cached_reader(cache)
    path = corpus / "coast-daily.txt"
    first = reader(path, "corpus/coast-daily.txt")
    (entry,) = list((tmp_path / "cache" / "sources").rglob("*.json"))
    key = entry.stem
    if stored == "layout-digest":
        stored = {"source": first, "layout_digest": "not a digest"}
    cache.put("sources", key, stored)
    again = reader(path, "corpus/coast-daily.txt")
    assert again == first and again.layout_digest == first.layout_digest
    rewritten = cache.get("sources", key, check._StoredSource)
    assert rewritten == check._StoredSource(first, first.layout_digest)


def test_a_cached_source_keeps_its_layout_digest(corpus: Path, tmp_path: Path) -> None:
    reader = check.cached_reader(Cache(tmp_path / "cache"))
    path = corpus / "coast-daily.txt"
    reader(path, "corpus/coast-daily.txt")
    again = reader(path, "elsewhere/coast-daily.txt")  # from the cache, with another shown path
    assert "layout_digest" in vars(again)  # set from the cache, not hashed again
    assert again.layout_digest == replace(again).layout_digest  # a copy computes it afresh: equal


def test_a_source_is_reused_however_its_path_is_spelt(corpus: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    reader = check.cached_reader(cache)
    path = corpus / "coast-daily.txt"
    first = reader(path, "corpus/coast-daily.txt")
    for shown in ("./corpus/coast-daily.txt", str(path.resolve()), "corpus/coast-daily.txt"):
        again = reader(path, shown)
        assert again.path == shown and again == replace(first, path=shown)
    assert (cache.stats.hits, cache.stats.writes) == (3, 1)


def test_changed_content_is_not_served_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    reader = check.cached_reader(Cache(tmp_path / "cache"))
    path = corpus / "coast-daily.txt"
    before = reader(path, "corpus/coast-daily.txt")
    path.write_text(CORPUS["coast-daily.txt"] + "A late paragraph about the damage to the harbour walls.\n", encoding="utf-8")
    after = reader(path, "corpus/coast-daily.txt")
    assert after.text != before.text and after.sha256 != before.sha256


# --------------------------------------------------------------------------- ecosystem files


def _check_flags() -> set[str]:
    import typer.main

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    return {opt for p in commands["check"].params for opt in getattr(p, "opts", [])}


def test_example_workflow_uses_existing_flags() -> None:
    yaml = pytest.importorskip("yaml")
    root = Path(__file__).resolve().parent.parent
    workflow = yaml.safe_load((root / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    (run,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("diffsrc check")]
    used = {w for w in run.split() if w.startswith("--")}
    assert used and used <= _check_flags()
    assert any("upload-sarif" in str(s.get("uses", "")) for s in steps)
    assert any("upload-artifact" in str(s.get("uses", "")) for s in steps)


def test_pre_commit_hook_runs_the_check_on_source_files() -> None:
    import re

    yaml = pytest.importorskip("yaml")
    root = Path(__file__).resolve().parent.parent
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "diffsrc check" and hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    assert all(pattern.search(f) for f in ("corpus/a.txt", "corpus/b.md", "corpus/c.html"))
    assert not pattern.search("corpus/sources.toml")


def test_contradiction_lines_name_only_the_other_side(tmp_path: Path) -> None:
    """A fact that quotes the checked sentence twice and an identical copy of it (issue 20, point 5)."""
    from diffsrc.report import check_summary

    text = "They met on Thursday in Paris and talked for hours.\n"
    new = Source("new", "new.txt", text, "n" * 8, "en", "utf-8", "text", (Paragraph(0, 0, len(text) - 1, "en"),))
    copy = replace(new, id="copy", path="copy.txt", sha256="c" * 8)
    other = replace(new, id="old", path="old.txt", text=text.replace("Thursday", "Monday"), sha256="o" * 8)
    mine = Claim("new", 0, 13, 21, "Thursday", "weekday", "thu")
    fact = Fact("contradiction", "day", (mine, Claim("old", 0, 13, 19, "Monday", "weekday", "mon"), mine,
                                          replace(mine, source="copy")), reason="weekday mismatch", confidence=0.9)
    analysis = Analysis((new, other, copy), (), (), (fact,), (), {})
    result = check.CheckResult(analysis, frozenset({"new"}), CheckConfig(), (), ())
    assert check_summary.finding_lines(result) == [
        "new.txt:1:14: DSC001 [contradiction 0.90] “Thursday” vs old: “Monday”",
    ]
