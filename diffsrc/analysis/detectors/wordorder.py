"""Word-order calques that need word statistics: a modifier inside a closed compound.

French places a modifier after the noun, and machine translation of a compound ("cessez-le-feu
temporaire") can drop it inside an English closed compound ("cease possible fire"). The French
orders that one pattern describes ("the president French", "send there troops") are
rows of ``resources/word_order_fr_en.tsv`` applied by ``rules.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.lexicon import text_paragraphs
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import is_function_word, make_finding, tokens
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Evidence, Finding, Source

CATEGORY = "word_order"


@detector("DS802")
class SplitCompound(Detector):
    """"cease Possible fire": a modifier inserted inside a closed compound ("ceasefire")."""

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        text = source.text
        for start, end in text_paragraphs(source):
            toks = tokens(text, start, end)
            for a, b, c in zip(toks, toks[1:], toks[2:], strict=False):
                if text[a.end : b.start] != " " or text[b.end : c.start] != " ":
                    continue
                if not (a.text.isalpha() and c.text.isalpha() and b.text.isalpha()):
                    continue
                if len(a.text) < 3 or len(c.text) < 3 or a.is_upper or c.is_upper:
                    continue
                if any(is_function_word(t.text, "en") for t in (a, b, c)):
                    continue
                compound = a.lower + c.lower
                zc = zipf(compound, "en")
                # The closed compound must be a common word, far more common than the parts
                # suggest by chance, and the inserted word must not form a phrase with the first.
                if zc < 3.0 or zipf(a.lower + b.lower, "en") > 0 or zipf(b.lower + c.lower, "en") > 0:
                    continue
                if zc < min(zipf(a.lower, "en"), zipf(c.lower, "en")) - 1.5:
                    continue
                yield make_finding(
                    source, a.start, c.end, detector=type(self), severity="high", confidence=0.8,
                    message=f"'{b.text}' inserted inside the compound '{compound}'",
                    suggestion=f"{b.lower} {compound}",
                    evidence=(Evidence(note=f"wordfreq: '{compound}' zipf {zc:.1f}"),),
                )
