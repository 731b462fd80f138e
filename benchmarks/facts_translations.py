"""False contradictions on professionally translated pairs (issue #19).

For each news case of the external benchmark, compare only its English and French versions (one
is the original, the other a professional translation; no derived outlet) and count the
contradictions diffsrc reports per 1,000 words. Every one is a false alarm: the two texts say the
same thing. Target: at most 1 per 1,000 words.

    python benchmarks/facts_translations.py [SPLIT_DIR] [--bin diffsrc] [--show]

SPLIT_DIR defaults to /work/shared/eval/external/cases/dev; ``--show`` prints each contradiction.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_SPLIT = Path("/work/shared/eval/external/cases/dev")


def versions(case: Path) -> list[Path]:
    """The files of a case that are the article's English and French versions."""
    meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
    return [case / s["file"] for s in meta["sources"].values() if "_version_" in s.get("role", "")]


def run_case(binary: str, files: list[Path], out: Path) -> list[dict[str, object]]:
    """The contradictions of one comparison."""
    cmd = [binary, "compare", *map(str, files), "--format", "json", "-o", str(out), "-q"]
    subprocess.run(cmd, check=True, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    return [f for f in report.get("facts", []) if f.get("kind") == "contradiction"]


def main() -> int:
    """Print one row per case and the total rate; exit 1 when the rate is over the target."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--bin", default="diffsrc")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    total_words = total_contra = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(p for p in args.split.iterdir() if (p / "case.json").exists()):
            files = versions(case)
            if len(files) != 2:
                continue
            words = sum(len(re.findall(r"\w+", f.read_text(encoding="utf-8"))) for f in files)
            contra = run_case(args.bin, files, Path(tmp) / f"{case.name}.json")
            total_words += words
            total_contra += len(contra)
            print(f"{case.name:26} words {words:6d}  contradictions {len(contra):3d}")
            for f in contra if args.show else ():
                print("   ", f.get("topic"), "|", [c.get("text") for c in f.get("claims", [])])
    rate = 1000 * total_contra / max(1, total_words)
    print(f"total: {total_contra} contradictions in {total_words} words = {rate:.2f} per 1,000 words (target <= 1)")
    return 0 if rate <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
