"""Foreign typography in English text: French guillemets, spaced hyphens, apostrophe debris."""

from __future__ import annotations

import re
from typing import Iterable

from diffsrc.detectors import Context, Detector, register
from diffsrc.model import Finding, Source


@register
class FrenchQuotesInEnglish(Detector):
    """« » and doubled »» in an English text: quotes left in French typography."""

    code = "DS401"
    name = "french-quotes-in-english"
    category = "foreign_typography"
    languages = ("en",)
    _pattern = re.compile(r"»+|«")

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        for m in self._pattern.finditer(source.text):
            yield Finding(
                source=source.id, start=m.start(), end=m.end(), text=m.group(0), code=self.code,
                category=self.category, severity="high",
                message="French guillemets in English text, typical of machine translation",
                suggestion="”" if m.group(0).startswith("»") else "“",
                confidence=0.95, detector=self.name,
            )
