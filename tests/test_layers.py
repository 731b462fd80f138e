"""The package's layers only import downwards: app -> report -> analysis -> io -> records."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "diffsrc"

# layer -> the layers it must never import
FORBIDDEN = {
    "io": ("diffsrc.analysis", "diffsrc.report", "diffsrc.app"),
    "analysis": ("diffsrc.report", "diffsrc.app"),
    "report": ("diffsrc.app",),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    bad = [
        f"{path.relative_to(PKG)} imports {name}"
        for path in sorted((PKG / layer).rglob("*.py"))
        for name in sorted(_imports(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert not bad, "; ".join(bad)


def test_every_layer_exists() -> None:
    assert all((PKG / layer / "__init__.py").is_file() for layer in (*FORBIDDEN, "app"))
