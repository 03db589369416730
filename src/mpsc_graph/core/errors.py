"""Errors, their locations and the exit codes the CLI maps them to.

Stage modules raise these; only ``cli.py`` turns them into messages and exit codes.
Every message is bilingual: it is built from a :class:`Text` holding German and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import ClassVar


class ExitCode(IntEnum):
    OK = 0
    CHECKS_FAILED = 1  # checks ran and found problems (e.g. SHACL violations)
    USAGE = 2  # click's own usage errors
    INPUT = 3  # bad curated data, query file or parameters
    EXTERNAL = 4  # a missing external dependency (e.g. Java)
    INTERNAL = 5  # a bug


@dataclass(frozen=True)
class Text:
    """A user-facing text in German and English."""

    de: str
    en: str

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


@dataclass(frozen=True)
class Location:
    """Where a curated fact came from: file, line and field."""

    file: Path
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return where


@dataclass(frozen=True)
class Problem:
    """One problem in the input, with its location and what would be valid."""

    location: Location
    text: Text

    def render(self, lang: str) -> str:
        return f"{self.location}: {self.text.get(lang)}"


class MpscError(Exception):
    """Base class; ``exit_code`` says how the CLI ends."""

    exit_code: ClassVar[ExitCode] = ExitCode.INTERNAL

    def __init__(self, text: Text, *, hint: Text | None = None) -> None:
        super().__init__(text.en)
        self.text = text
        self.hint = hint

    def render(self, lang: str) -> list[str]:
        return [self.text.get(lang)]


class InputError(MpscError):
    """The curated data (or another input) is wrong; carries every problem found."""

    exit_code = ExitCode.INPUT

    def __init__(self, problems: list[Problem], subject: Text | None = None) -> None:
        count = len(problems)
        what = subject or Text("in den kuratierten Daten", "in the curated data")
        super().__init__(Text(de=f"{count} Fehler {what.de}", en=f"{count} error(s) {what.en}"))
        self.problems = problems

    def render(self, lang: str) -> list[str]:
        return [p.render(lang) for p in self.problems]


class ExternalError(MpscError):
    """A tool the command needs is not installed (e.g. Java for HermiT)."""

    exit_code = ExitCode.EXTERNAL


class UsageError(MpscError):
    """A bad option or environment value that click itself cannot see (exit 2)."""

    exit_code = ExitCode.USAGE


class OutputError(MpscError):
    """An output could not be written."""

    exit_code = ExitCode.INPUT
