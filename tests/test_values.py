"""How reports write claim values (analysis/values.py)."""

from __future__ import annotations

import pytest

from diffsrc.analysis.values import shown


@pytest.mark.parametrize(
    "kind,value,expected",
    [
        ("weekday", "thu", "Thursday"),
        ("list", "denmark,eu,uk", "Denmark, European Union, United Kingdom"),
        ("people", "kellogg+zelensky", "Kellogg & Zelensky"),
        ("statement", "starmer", "Starmer"),
        ("organisation", "state_department", "State Department"),
        ("place", "GB", "United Kingdom"),  # a CLDR territory code
        ("place", "saudi_arabia", "Saudi Arabia"),  # a gazetteer key
        ("place", "paris@FR", "Paris"),
        ("date", "02-17", "February 17"),
        ("relative", "next-week", "next week"),
        ("number", "3 %", "3 %"),  # already written as a reader would
        ("quote", "ready willing put troops ground", ""),  # the quote itself is shown instead
    ],
)
def test_shown(kind: str, value: str, expected: str) -> None:
    assert shown(kind, value) == expected
