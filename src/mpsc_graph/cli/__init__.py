"""The command line: parse options, call the library, render, pick the exit code.

This is the only module that prints or exits. Errors from the stages are translated here,
once, into a message in the user's language and an exit code (see errors.ExitCode).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from mpsc_graph import __version__
from mpsc_graph.core.errors import ExitCode, InputError, MpscError
from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import DEFAULT_BASE, prefixes
from mpsc_graph.reason import DEFAULT_TIMEOUT, REASONERS

LANGS = ("de", "en")


def _default_lang() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


class MpscGroup(click.Group):
    """Turns domain errors into one-line messages and documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MpscError as exc:
            if ctx.params.get("traceback"):
                raise
            lang = ctx.params.get("lang") or _default_lang()
            head = "Fehler" if lang == "de" else "Error"
            lines = exc.render(lang)
            if len(lines) == 1 and not isinstance(exc, InputError):
                click.secho(f"{head}: {lines[0]}", fg="red", err=True)
            else:
                click.secho(f"{head}: {exc.text.get(lang)}", fg="red", err=True)
                for line in lines:
                    click.echo(f"  {line}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint.get(lang)}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so, keep the details behind --traceback
            if ctx.params.get("traceback"):
                raise
            click.secho(
                f"Internal error / Interner Fehler: {type(exc).__name__}: {exc}\n"
                "Run again with --traceback and report it. / Mit --traceback erneut "
                "ausführen und melden.",
                fg="red",
                err=True,
            )
            ctx.exit(ExitCode.INTERNAL)


@click.group(cls=MpscGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    envvar="MPSC_LANG",
    help="Language of messages: de or en (default: from LANG). [env: MPSC_LANG]",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    envvar="MPSC_BASE",
    help="Base IRI of entities, vocabularies and graphs. [env: MPSC_BASE]",
)
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors.")
@click.version_option(__version__, prog_name="mpsc-graph")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, base: str, traceback: bool) -> None:
    """Build, reason over, validate and export the knowledge graph of the programme
    Modellprojekte Smart Cities (MPSC).

    Exit codes: 0 ok, 1 checks found problems (SHACL violations, inconsistent data), 2 usage
    error, 3 bad input, 4 missing external dependency (e.g. Java) or reasoner out of time,
    5 internal error.
    """
    if not base.endswith(("/", "#")):
        raise click.BadParameter("must end with '/' or '#'", param_hint="--base")
    ctx.obj = {"lang": lang or _default_lang(), "base": base}


def _data_option(function: Any) -> Any:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("data"),
        show_default=True,
        help="Directory with the curated files.",
    )(function)


_Command = TypeVar("_Command", bound=Callable[..., Any])


def _format_option(*choices: str, help: str) -> Callable[[_Command], _Command]:
    """``--format`` (parameter ``fmt``), its first choice the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def _emit(content: bytes, output: Path | None) -> None:
    """Write to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from mpsc_graph.export import write_atomically

    write_atomically(output.parent if str(output.parent) else Path("."), {output.name: content})


def _lang(ctx: click.Context, override: str | None = None) -> str:
    return override or str(ctx.obj["lang"])


def _reasoner_option(function: Any) -> Any:
    return click.option(
        "--reasoner",
        type=click.Choice(REASONERS),
        default="hermit",
        show_default=True,
        envvar="MPSC_REASONER",
        help="OWL reasoner, run by owlready2 in Java: hermit, or pellet (slower; the Pellet "
        "shipped with owlready2 0.51 needs Java 25 or newer). [env: MPSC_REASONER]",
    )(function)


def _timeout_option(name: str) -> Callable[[Any], Any]:
    return click.option(
        name,
        "timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        envvar="MPSC_REASON_TIMEOUT",
        metavar="SECONDS",
        help="Stop the reasoner after this many seconds and exit 4. [env: MPSC_REASON_TIMEOUT]",
    )


@cli.command()
@_data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output directory; files are replaced atomically.",
)
@_reasoner_option
@_timeout_option("--reason-timeout")
@click.pass_context
def build(ctx: click.Context, data_dir: Path, out_dir: Path, reasoner: str, timeout: float) -> None:
    """Load, build, reason over and validate the curated data; write all outputs.

    Writes mpsc.trig, mpsc.nq, mpsc.ttl (reconciled data, vocabulary and ontology),
    mpsc.jsonld with context.jsonld, build-report.json and the validation report; mpsc.trig,
    mpsc.nq and mpsc.jsonld include the inferred graph. Exits 1 if validation finds violations
    or the reasoner finds the data inconsistent (the outputs are still written).
    """
    from mpsc_graph.pipeline import run_build

    lang = _lang(ctx)
    outcome = run_build(
        Settings(data_dir=data_dir, out_dir=out_dir, base=ctx.obj["base"]),
        reasoner=reasoner,
        reason_timeout=timeout,
    )
    report, summary, reasoning = outcome.report, outcome.summary, outcome.reasoning
    if report.results:
        click.echo(report.to_text(lang), err=True, nl=False)
    if not reasoning.consistent:
        click.echo(reasoning.explanation(lang), err=True)
    records = summary["records"]
    seconds = " · ".join(f"{k} {v:.2f}s" for k, v in outcome.seconds.items())
    if lang == "de":
        click.echo(
            f"{summary['quads']} Quads in {len(summary['graphs'])} Graphen aus "
            f"{records['sources']} Quellen, {records['conferences']} Konferenzen → {out_dir}/"
        )
    else:
        click.echo(
            f"{summary['quads']} quads in {len(summary['graphs'])} graphs from "
            f"{records['sources']} sources, {records['conferences']} conferences → {out_dir}/"
        )
    click.echo(reasoning.summary(lang))
    click.echo(f"{report.summary(lang)} ({seconds})")
    if not report.conforms or not reasoning.consistent:
        ctx.exit(ExitCode.CHECKS_FAILED)


@cli.command("reason")
@_data_option
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Reason over this RDF file (.ttl, .trig, .nt, .nq, .jsonld, .rdf; all graphs merged) "
    "instead of the curated data. Repeatable.",
)
@_reasoner_option
@_timeout_option("--timeout")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Run the reasoner even if the result for the same input is cached (cache: "
    "$MPSC_CACHE_DIR, else $XDG_CACHE_HOME/mpsc-graph or ~/.cache/mpsc-graph).",
)
@_format_option("text", "json", help="The summary for people (text) or tools (json).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inferred graph (TriG) to FILE, atomically; the summary then goes to "
    "standard output.",
)
@click.pass_context
def reason(
    ctx: click.Context,
    data_dir: Path,
    inputs: tuple[Path, ...],
    reasoner: str,
    timeout: float,
    no_cache: bool,
    fmt: str,
    output: Path | None,
) -> None:
    """Check consistency and infer class memberships and property values (OWL reasoner).

    Runs HermiT (or Pellet) through owlready2, in Java, on the ontology plus the reconciled
    data, the vocabulary and the provenance graph (or the --input files). Writes the inferred
    graph (TriG) to standard output, or to FILE with -o, and a summary to standard error (to
    standard output with -o). If ontology and data are inconsistent it writes no graph but an
    explanation naming the individuals and axioms involved, and exits 1. Exits 4 if Java is
    missing or the reasoner runs out of time.
    """
    from mpsc_graph.core.iris import Iris
    from mpsc_graph.export import serialize
    from mpsc_graph.pipeline import (
        assemble,
        inferred_dataset,
        inferred_graph,
        read_rdf,
        start_reasoning,
    )
    from mpsc_graph.reason import default_cache_dir
    from mpsc_graph.reason import reason as run_reasoner

    lang = _lang(ctx)
    settings = Settings(data_dir=data_dir, base=ctx.obj["base"])
    iris = Iris(settings.base)
    if inputs:
        outcome = run_reasoner(
            settings.ontology_dir,
            read_rdf(list(inputs)),
            graph=inferred_graph(iris),
            reasoner=reasoner,
            timeout=timeout,
            cache_dir=None if no_cache else default_cache_dir(),
        )
        quads = inferred_dataset(iris, outcome, used=[])
    else:
        built = assemble(settings)
        pending = start_reasoning(built, reasoner=reasoner, timeout=timeout, cache=not no_cache)
        outcome = pending.result()
        quads = inferred_dataset(iris, outcome)
    info = output is None  # the graph goes to standard output: the summary to standard error
    if fmt == "json":
        click.echo(json.dumps(outcome.to_json(lang), ensure_ascii=False, indent=2), err=info)
    elif outcome.consistent:
        click.echo(outcome.summary(lang), err=info)
        for line in outcome.breakdown():
            click.echo(f"  {line}", err=info)
    else:
        click.echo(outcome.explanation(lang), err=info)
    if not outcome.consistent:
        ctx.exit(ExitCode.CHECKS_FAILED)
    content = serialize(quads, "trig", prefixes(settings.base))
    _emit(content, output)


@cli.command()
@_data_option
@_format_option("text", "json", help="text for people, json for tools.")
@click.option("--lang", "lang_override", type=click.Choice(LANGS), help="Language of messages.")
@click.pass_context
def validate(ctx: click.Context, data_dir: Path, fmt: str, lang_override: str | None) -> None:
    """Check the curated data against the SHACL shapes.

    Reports every violation, grouped by entity, with the curated file and line it came
    from. Exits 1 when any violation is found.
    """
    from mpsc_graph.pipeline import assemble, check

    lang = _lang(ctx, lang_override)
    report = check(assemble(Settings(data_dir=data_dir, base=ctx.obj["base"])))
    click.echo(report.to_json(lang) if fmt == "json" else report.to_text(lang), nl=False)
    if not report.conforms:
        ctx.exit(ExitCode.CHECKS_FAILED)


@cli.command()
@_data_option
@_format_option(
    "ttl",
    "trig",
    "nq",
    "nt",
    "jsonld",
    "xml",
    help="Serialisation. ttl, nt and xml hold triples: they merge the selected graphs.",
)
@click.option(
    "--graph",
    "selection",
    type=click.Choice(("reconciled", "all", "ontology")),
    default="reconciled",
    show_default=True,
    help="reconciled: chosen values and the SKOS vocabulary; all: every named graph "
    "(sources, derived, meta, ontology); ontology: the OWL ontology.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.pass_context
def export(
    ctx: click.Context, data_dir: Path, fmt: str, selection: str, output: Path | None
) -> None:
    """Export the dataset in an RDF format."""
    from mpsc_graph.export import serialize
    from mpsc_graph.pipeline import assemble

    built = assemble(Settings(data_dir=data_dir, base=ctx.obj["base"]))
    content = serialize(built.select(selection), fmt, built.prefixes, built.context())
    _emit(content, output)


@cli.command()
@_data_option
@_format_option("table", "json", help="table for people, json for tools.")
@click.pass_context
def stats(ctx: click.Context, data_dir: Path, fmt: str) -> None:
    """Count entities per class, per Bundesland, per year and per source.

    Counts use the reconciled graph (the preferred value of every fact); per source,
    each source's own graph.
    """
    from mpsc_graph.analysis.stats import compute
    from mpsc_graph.pipeline import assemble

    built = assemble(Settings(data_dir=data_dir, base=ctx.obj["base"]))
    result = compute(built.store, built.iris)
    click.echo(result.to_json() if fmt == "json" else result.to_table(_lang(ctx)), nl=False)


@cli.command("queries")
@_format_option("table", "json", help="table for people, json for tools.")
def list_queries(fmt: str) -> None:
    """List the stored queries with their parameters."""
    from mpsc_graph.queries import load_queries

    stored = load_queries(Settings().queries_dir)
    if fmt == "json":
        entries = [
            {
                "name": q.name,
                "summary": q.summary,
                "kind": q.kind,
                "tags": list(q.tags),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "default": p.default,
                        "example": p.example,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
            }
            for q in stored
        ]
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    width = max((len(q.name) for q in stored), default=0)
    for q in stored:
        params = " ".join(
            f"{p.name}=<{p.type}>" if p.required else f"[{p.name}=<{p.type}>]" for p in q.parameters
        )
        click.echo(f"{q.name.ljust(width)}  {q.summary}" + (f"  ({params})" if params else ""))


@cli.command()
@click.argument("name")
@_data_option
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value: an IRI, prefixed name, AGS code or literal, as the query's "
    "parameter type says. Repeatable.",
)
@_format_option(
    "table",
    "csv",
    "tsv",
    "json",
    "srj",
    "ttl",
    help="srj: SPARQL 1.1 results JSON; ttl for CONSTRUCT queries.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Run against this SPARQL 1.1 endpoint instead of the embedded store.",
)
@click.pass_context
def query(
    ctx: click.Context,
    name: str,
    data_dir: Path,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
) -> None:
    """Run a stored query (NAME from `mpsc-graph queries`, or a .rq FILE)."""
    from mpsc_graph.core.iris import Iris
    from mpsc_graph.queries import bind, find_query, render, run, run_remote

    settings = Settings(data_dir=data_dir, base=ctx.obj["base"])
    stored = find_query(settings.queries_dir, name)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[key.strip()] = value
    bound = bind(stored, values, settings.base)
    graphs = Iris(settings.base).query_default_graphs
    if endpoint:
        result = run_remote(stored, endpoint, bound, graphs)
    else:
        from mpsc_graph.pipeline import assemble

        result = run(stored, assemble(settings).store, bound, graphs)
    sys.stdout.buffer.write(render(result, fmt, settings.base))
    sys.stdout.flush()


@cli.command()
@_data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output directory; writes OUT/reports/network/.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Take the query results from this SPARQL 1.1 endpoint instead of the embedded store.",
)
@click.pass_context
def network(ctx: click.Context, data_dir: Path, out_dir: Path, endpoint: str | None) -> None:
    """Analyse the transfer network: centralities, communities, brokers, topic timeline.

    Builds networkx graphs from the stored queries participation-edges, organisations and
    topic-conferences, and writes CSV tables, GraphML, GEXF, PNG and SVG figures and the
    metrics as RDF (analysis.trig) under OUT/reports/network/.
    """
    from mpsc_graph.analysis.network import analyse
    from mpsc_graph.core.iris import Iris
    from mpsc_graph.export import serialize, write_atomically
    from mpsc_graph.pipeline import NETWORK_QUERIES, analysis_time, assemble
    from mpsc_graph.queries import bind, find_query, run, run_remote

    settings = Settings(data_dir=data_dir, out_dir=out_dir, base=ctx.obj["base"])
    iris = Iris(settings.base)
    built = None if endpoint else assemble(settings)
    results = {}
    for name in NETWORK_QUERIES:
        stored = find_query(settings.queries_dir, name)
        bound = bind(stored, {}, settings.base)
        if built is None:
            assert endpoint is not None
            results[name] = run_remote(stored, endpoint, bound, iris.query_default_graphs)
        else:
            results[name] = run(stored, built.store, bound, iris.query_default_graphs)
    # Embedded: the latest curation date, so rebuilds stay byte-identical; remote: now.
    when = (
        analysis_time(built)
        if built
        else datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )
    analysis = analyse(results, iris.analysis_graph, settings.base, when)
    files = analysis.files()
    files["reports/network/analysis.trig"] = serialize(
        analysis.quads(), "trig", built.prefixes if built else {}
    )
    write_atomically(out_dir, files)
    click.echo(f"{len(files)} files → {out_dir}/reports/network/")


@cli.command()
@_format_option(
    "text",
    "json",
    "markdown",
    help="text for people, json for tools, markdown for a pull request or a report.",
)
@click.option(
    "--no-java", is_flag=True, help="Skip the two checks that need Java (OWL 2 DL profile, HermiT)."
)
@click.pass_context
def qc(ctx: click.Context, fmt: str, no_java: bool) -> None:
    """Ontology quality control, offline: OWL 2 DL profile, OOPS! pitfalls, FOOPS!-style
    metadata, labels and definitions per language, naming, undeclared and unused terms,
    shapes that target missing classes. Every finding has a severity; exit 1 on errors."""
    from mpsc_graph.qc import run_qc

    settings = Settings()
    report = run_qc(settings.ontology_dir, settings.shapes_dir, java=not no_java)
    click.echo(getattr(report, f"to_{fmt}")(_lang(ctx)), nl=False)
    ctx.exit(report.exit_code)


def main() -> None:
    cli(prog_name="mpsc-graph")
