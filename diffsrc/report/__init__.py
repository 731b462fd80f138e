"""Renderers: JSON, Markdown, HTML, SARIF and the terminal summary, all from an ``Analysis``."""
