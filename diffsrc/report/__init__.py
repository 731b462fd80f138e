"""Renderers: JSON, Markdown, HTML, SARIF and the terminal summary, all from an ``Analysis``."""


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, with an "s" unless ``n`` is 1 ("1 contradiction", "3 artefacts")."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
