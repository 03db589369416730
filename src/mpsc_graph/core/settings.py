"""One settings object for a run: where the inputs are, where outputs go, and how stages run.

Precedence: command-line options > ``MPSC_*`` environment variables > defaults. The CLI builds
it once (:meth:`Settings.create`, which is the only code that reads the environment) and passes
it down; stages never read the environment themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mpsc_graph.core.errors import Text, UsageError
from mpsc_graph.core.resources import packaged
from mpsc_graph.core.vocab import DEFAULT_BASE

REASONERS = ("hermit", "pellet")
DEFAULT_REASON_TIMEOUT = 120.0  # seconds; the real data take about 2 s, 10x the data about 10 s
# C1 only: HermiT's short runs gain more from a fast start than from the optimising compiler.
DEFAULT_JAVA_OPTIONS = {"hermit": "-XX:TieredStopAtLevel=1", "pellet": ""}
DEFAULT_JAVA_MEMORY_MB = 2000


@dataclass(frozen=True)
class JavaSettings:
    """How the reasoner's Java runs."""

    home: Path | None = None  # JAVA_HOME; else ``java`` on PATH
    memory_mb: int = DEFAULT_JAVA_MEMORY_MB  # MPSC_JAVA_MEMORY
    options: str | None = None  # MPSC_JAVA_OPTIONS; None: DEFAULT_JAVA_OPTIONS of the reasoner
    inherited_options: str | None = None  # JDK_JAVA_OPTIONS of the caller, kept in front

    def options_for(self, reasoner: str) -> str:
        own = DEFAULT_JAVA_OPTIONS.get(reasoner, "") if self.options is None else self.options
        return " ".join(filter(None, (self.inherited_options, own)))


def default_cache_dir(environ: Mapping[str, str]) -> Path:
    """``$MPSC_CACHE_DIR``, else ``$XDG_CACHE_HOME/mpsc-graph``, else ``~/.cache/mpsc-graph``."""
    configured = environ.get("MPSC_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mpsc-graph"


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on besides its inputs' content. Paths are as given."""

    data_dir: Path = field(default_factory=lambda: packaged("data"))
    ontology_dir: Path = field(default_factory=lambda: packaged("ontology"))
    shapes_dir: Path = field(default_factory=lambda: packaged("shapes"))
    queries_dir: Path = field(default_factory=lambda: packaged("queries"))
    out_dir: Path = Path("dist")
    base: str = DEFAULT_BASE
    cache_dir: Path | None = None  # None: nothing is cached
    java: JavaSettings = field(default_factory=JavaSettings)
    parallel: bool = True  # validation in a worker process beside the other stages
    reasoner: str = "hermit"
    reason_timeout: float = DEFAULT_REASON_TIMEOUT

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def create(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        project: Path | None = None,
        **options: Any,
    ) -> Settings:
        """Settings from options (None means not given), then ``environ``, then defaults.

        ``project`` is a directory whose ``data/``, ``ontology/``, ``shapes/`` and ``queries/``
        (each where present) replace the packaged ones; a single-folder option wins over it.
        """
        env = dict(os.environ if environ is None else environ)
        given = {k: v for k, v in options.items() if v is not None}
        project = project or _path(env, "MPSC_PROJECT")
        for name in ("data", "ontology", "shapes", "queries"):
            key = f"{name}_dir"
            if key in given:
                continue
            from_env = _path(env, f"MPSC_{name.upper()}")
            if from_env is not None:
                given[key] = from_env
            elif project is not None and (project / name).is_dir():
                given[key] = project / name
        if "base" not in given and env.get("MPSC_BASE"):
            given["base"] = env["MPSC_BASE"]
        if "cache_dir" not in given:
            no_cache = env.get("MPSC_NO_CACHE", "") not in ("", "0")
            given["cache_dir"] = None if no_cache else default_cache_dir(env)
        if "parallel" not in given:
            given["parallel"] = _flag(env, "MPSC_PARALLEL", default=True)
        if "reasoner" not in given and env.get("MPSC_REASONER"):
            given["reasoner"] = _choice(env, "MPSC_REASONER", REASONERS)
        if "reason_timeout" not in given and env.get("MPSC_REASON_TIMEOUT"):
            given["reason_timeout"] = _positive(env, "MPSC_REASON_TIMEOUT", float)
        if "java" not in given:
            given["java"] = JavaSettings(
                home=_path(env, "JAVA_HOME"),
                memory_mb=int(_positive(env, "MPSC_JAVA_MEMORY", int))
                if env.get("MPSC_JAVA_MEMORY")
                else DEFAULT_JAVA_MEMORY_MB,
                options=env.get("MPSC_JAVA_OPTIONS"),
                inherited_options=env.get("JDK_JAVA_OPTIONS") or None,
            )
        return cls(**given)


def _bad(variable: str, value: str, expected: str) -> UsageError:
    shown = value if len(value) <= 60 else value[:57] + "…"
    return UsageError(
        Text(
            de=f"Umgebungsvariable {variable}={shown!r} ungültig: erwartet {expected}",
            en=f"environment variable {variable}={shown!r} is invalid: expected {expected}",
        )
    )


def _path(env: Mapping[str, str], variable: str) -> Path | None:
    value = env.get(variable)
    return Path(value) if value else None


def _flag(env: Mapping[str, str], variable: str, *, default: bool) -> bool:
    value = env.get(variable)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise _bad(variable, value, "1 or 0")


def _choice(env: Mapping[str, str], variable: str, choices: tuple[str, ...]) -> str:
    value = env[variable]
    if value not in choices:
        raise _bad(variable, value, " or ".join(choices))
    return value


def _positive(env: Mapping[str, str], variable: str, kind: type[int] | type[float]) -> float:
    value = env[variable]
    try:
        number = kind(value)
    except ValueError:
        raise _bad(variable, value, "a positive number") from None
    if not number > 0 or number != number or number == float("inf"):
        raise _bad(variable, value, "a positive number")
    return number
