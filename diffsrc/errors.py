"""Errors a user can act on. The CLI prints their message as one line and exits with code 2."""

from __future__ import annotations


class DiffsrcError(Exception):
    """Base of the errors that carry a user-facing, one-line message."""

    exit_code = 2


class InputError(DiffsrcError):
    """A source, path or option the user gave cannot be used."""


class EmptySource(InputError):
    """A source file with no text at all (empty, or only whitespace): skipped with a warning."""


class ModelUnavailable(DiffsrcError):
    """An optional model (--embedder, --lm, --nli) cannot be loaded here."""


class ConfigError(DiffsrcError):
    """A configuration file or threshold is invalid."""


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) during a run.

    Not a KeyboardInterrupt: the command-line framework turns those into a silent exit 130, and
    the CLI says "interrupted". A BaseException, so no ``except Exception`` swallows it.
    """
