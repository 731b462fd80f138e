"""Configuration of ``diffsrc check``: ``[tool.diffsrc]`` in pyproject.toml or a diffsrc.toml.

Where it is read from, first found wins (files are not merged):

1. the file given with ``--config`` (a ``diffsrc.toml``, or a ``pyproject.toml`` with a
   ``[tool.diffsrc]`` table);
2. ``diffsrc.toml`` in the corpus folder;
3. the nearest ``pyproject.toml`` with a ``[tool.diffsrc]`` table, walking up from the corpus
   folder and stopping at the repository root (the folder holding ``.git``).

Command-line flags override single keys of the file. Every key is validated; a wrong key or
value raises ``ConfigError`` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from diffsrc.errors import ConfigError
from diffsrc.outcome import SEVERITIES, CheckConfig, Thresholds

KEYS = (
    "cache_dir", "disable", "embedder", "fail_on_contradiction_confidence", "languages", "lm",
    "max_copy_share", "max_per_1000_words", "min_aligned_share", "nli", "select",
)


def find_config(corpus_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    """The config file that applies to a corpus folder and its ``[tool.diffsrc]`` table."""
    folder = corpus_dir.resolve()
    own = folder / "diffsrc.toml"
    if own.is_file():
        return own, _read(own, table=False) or {}
    for d in (folder, *folder.parents):
        pp = d / "pyproject.toml"
        if pp.is_file():
            table = _read(pp, table=True)
            if table is not None:
                return pp, table
        if (d / ".git").exists():
            break
    return None


def load(corpus_dir: Path, explicit: Path | None = None) -> CheckConfig:
    """The validated configuration for a corpus folder (defaults when no file applies)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"--config {str(explicit)!r}: no such file")
        is_pyproject = explicit.name == "pyproject.toml"
        table = _read(explicit, table=is_pyproject)
        if table is None:
            raise ConfigError(f"{str(explicit)!r} has no [tool.diffsrc] table")
        return parse(table, explicit)
    found = find_config(corpus_dir)
    if found is None:
        return CheckConfig()
    return parse(found[1], found[0])


def _read(path: Path, *, table: bool) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{str(path)!r} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {str(path)!r}: {exc.strerror}") from exc
    if not table:
        return data
    tool = data.get("tool", {})
    found = tool.get("diffsrc") if isinstance(tool, dict) else None
    if found is None:
        return None
    if not isinstance(found, dict):
        raise ConfigError(f"{str(path)!r}: [tool.diffsrc] must be a table")
    return found


def parse(table: Mapping[str, Any], path: Path | None = None) -> CheckConfig:
    """Validate a ``[tool.diffsrc]`` table into a ``CheckConfig``."""
    where = f"{str(path)!r}" if path is not None else "configuration"
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}; allowed keys: {', '.join(KEYS)}")
    base = CheckConfig()
    t = base.thresholds
    max_per = dict(t.max_per_1000_words)
    if "max_per_1000_words" in table:
        max_per = parse_max_per_1000(table["max_per_1000_words"], where)
    fail_conf = t.fail_on_contradiction_confidence
    if "fail_on_contradiction_confidence" in table:
        value = table["fail_on_contradiction_confidence"]
        fail_conf = None if value is False else share(value, f"{where}: fail_on_contradiction_confidence", allow_false=True)
    min_share = t.min_aligned_share
    if "min_aligned_share" in table:
        value = table["min_aligned_share"]
        min_share = None if value is False else share(value, f"{where}: min_aligned_share", allow_false=True)
    copy_share = t.max_copy_share
    if "max_copy_share" in table:
        value = table["max_copy_share"]
        copy_share = None if value is False else share(value, f"{where}: max_copy_share", allow_false=True)
    languages = t.languages
    if "languages" in table:
        languages = parse_languages(table["languages"], f"{where}: languages")
    cache_dir = base.cache_dir
    if "cache_dir" in table:
        value = table["cache_dir"]
        if value is False:
            cache_dir = None
        elif isinstance(value, str) and value.strip():
            p = Path(value).expanduser()
            # A relative cache folder is relative to the file that names it, not to where
            # the command happens to run.
            cache_dir = str(p if p.is_absolute() or path is None else path.parent / p)
        else:
            raise ConfigError(f"{where}: cache_dir must be a folder path or false, got {value!r}")
    return CheckConfig(
        thresholds=Thresholds(max_per, fail_conf, min_share, languages, copy_share),
        cache_dir=cache_dir,
        select=detector_prefixes(_strings(table.get("select", ()), f"{where}: select"), f"{where}: select"),
        disable=detector_prefixes(_strings(table.get("disable", ()), f"{where}: disable"), f"{where}: disable"),
        embedder=_opt_string(table.get("embedder"), f"{where}: embedder"),
        lm=_opt_string(table.get("lm"), f"{where}: lm"),
        nli=_opt_string(table.get("nli"), f"{where}: nli"),
        path=path,
    )


def parse_max_per_1000(value: Any, where: str) -> dict[str, float]:
    """Validate ``{high = 1.0, medium = 5.0}``; a severity set to false has no limit."""
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"{where}: max_per_1000_words must be a table such as {{high = 1.0, medium = 5.0}}, got {value!r}"
        )
    out: dict[str, float] = {}
    for sev, limit in value.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}: max_per_1000_words has unknown severity {sev!r}; use {', '.join(SEVERITIES)}")
        if limit is False:
            continue
        out[sev] = non_negative(limit, f"{where}: max_per_1000_words.{sev}")
    return out


def non_negative(value: Any, what: str) -> float:
    """A finite number >= 0, or ConfigError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ConfigError(f"{what} must be a number >= 0, got {value!r}")
    return float(value)


def share(value: Any, what: str, allow_false: bool = False) -> float:
    """A number between 0 and 1, or ConfigError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        extra = " (or false to turn it off)" if allow_false else ""
        raise ConfigError(f"{what} must be a number between 0 and 1{extra}, got {value!r}")
    return float(value)


def parse_languages(value: Any, what: str) -> tuple[str, ...]:
    """A list of two- or three-letter language codes such as ["en", "fr"]."""
    items = _strings(value, what)
    for code in items:
        if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower()):
            raise ConfigError(f"{what}: {code!r} is not a language code; use ISO 639-1 codes such as 'en', 'fr'")
    return items


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{what} must be a list of strings, got {value!r}")
    return tuple(value)


def detector_prefixes(values: Sequence[str], what: str) -> tuple[str, ...]:
    """``--select``/``--disable`` code prefixes in capitals; one that matches no detector is an
    error (a typo would otherwise run every detector, or none, without a word)."""
    prefixes = tuple(v.strip().upper() for v in values)
    if not prefixes:
        return ()
    from diffsrc.analysis.detectors import selected

    codes = [d.code for d in selected()]
    for given, prefix in zip(values, prefixes, strict=True):
        if not prefix or not any(code.startswith(prefix) for code in codes):
            raise ConfigError(
                f"{what} {given!r} matches no detector code ({codes[0]} to {codes[-1]}; "
                "`diffsrc detectors` lists them)"
            )
    return prefixes


def _opt_string(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{what} must be a string, got {value!r}")
    return value


def override(
    config: CheckConfig,
    *,
    max_per_1000: Sequence[str] = (),
    fail_on_contradiction: str | None = None,
    min_aligned_share: str | None = None,
    languages: Sequence[str] = (),
    max_copy_share: str | None = None,
    cache_dir: str | None = None,
    no_cache: bool = False,
    select: Sequence[str] = (),
    disable: Sequence[str] = (),
) -> CheckConfig:
    """Apply command-line flags on top of a configuration; bad values raise ConfigError.

    ``max_per_1000`` items are ``SEVERITY=N`` (``N`` may be ``off``); the two thresholds take a
    number or ``off``.
    """
    t = config.thresholds
    max_per = dict(t.max_per_1000_words)
    for item in max_per_1000:
        sev, sep, raw = item.partition("=")
        sev = sev.strip().lower()
        if not sep or sev not in SEVERITIES:
            raise ConfigError(f"--max-per-1000 {item!r} must be SEVERITY=N with SEVERITY one of {', '.join(SEVERITIES)}")
        if raw.strip().lower() == "off":
            max_per.pop(sev, None)
        else:
            max_per[sev] = non_negative(_number(raw, f"--max-per-1000 {sev}"), f"--max-per-1000 {sev}")
    fail_conf = t.fail_on_contradiction_confidence
    if fail_on_contradiction is not None:
        fail_conf = _off_or_share(fail_on_contradiction, "--fail-on-contradiction")
    min_share = t.min_aligned_share
    if min_aligned_share is not None:
        min_share = _off_or_share(min_aligned_share, "--min-aligned-share")
    langs = parse_languages(list(languages), "--language") if languages else t.languages
    copy_share = t.max_copy_share
    if max_copy_share is not None:
        copy_share = _off_or_share(max_copy_share, "--max-copy-share")
    cache = None if no_cache else (cache_dir if cache_dir is not None else config.cache_dir)
    given = [f"--max-per-1000 {item}" for item in max_per_1000]
    given += [f"--fail-on-contradiction {fail_on_contradiction}"] if fail_on_contradiction is not None else []
    given += [f"--min-aligned-share {min_aligned_share}"] if min_aligned_share is not None else []
    given += [f"--language {lang}" for lang in languages]
    given += [f"--max-copy-share {max_copy_share}"] if max_copy_share is not None else []
    return replace(
        config,
        flags=config.flags + tuple(given),
        thresholds=Thresholds(max_per, fail_conf, min_share, langs, copy_share),
        cache_dir=cache,
        select=detector_prefixes(select, "--select") or config.select,
        disable=config.disable + detector_prefixes(disable, "--disable"),
    )


def _number(raw: str, what: str) -> float:
    try:
        return float(raw.strip())
    except ValueError:
        raise ConfigError(f"{what} must be a number or 'off', got {raw.strip()!r}") from None


def _off_or_share(raw: str, what: str) -> float | None:
    if raw.strip().lower() == "off":
        return None
    return share(_number(raw, what), what, allow_false=False)
