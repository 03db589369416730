"""Build benchmark: wall time and peak memory of ``mpsc-graph build`` at 1x, 10x, 100x the data.

Usage::

    python bench/bench_build.py [--factors 1 10 100] [--repeat 3] [--out bench/out]
                                [--repeat-for 100=1] [--profile [--profile-factor 1]]

Factor 1 is the real ``data/``; factor N is synthetic data from ``bench/synth.py`` (the real
data copied N times, same shape). Every build runs in a fresh Python process
(``bench/_run_build.py``), so its peak RSS is its own. The scales run interleaved per
repetition (1, 10, 100, 1, 10, 100, …) so that machine noise hits all alike, and the results
are reported as ratios to the smallest scale, measured side by side in this one run.

``--profile`` runs cProfile on one in-process build (of the real data unless
``--profile-factor`` says otherwise) instead of the timing runs, and writes the top functions
by cumulative and by own time to ``OUT/profile-real.txt`` (``profile-xN.txt`` for N > 1).
See bench/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import synth

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RUNNER = BENCH_DIR / "_run_build.py"
STAGES = ("load+build", "validate", "export")
# The fixed cost of a build that does not depend on the data: starting Python and importing
# the pipeline, and (lazily, inside validation) pySHACL.
STARTUP_COMMANDS = {
    "import mpsc_graph.pipeline": "import mpsc_graph.pipeline",
    "import mpsc_graph.pipeline, pyshacl": "import mpsc_graph.pipeline, pyshacl",
}
TARGET_REAL_SECONDS = 3.0
LINEAR_TOLERANCE = 1.25  # time per quad may grow this much before we call it superlinear


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    """One build in a fresh process: wall time seen from outside, and what the child reports."""

    wall_s: float
    quads: int
    maxrss_kib: int
    run_build_s: float
    import_s: float
    stages_s: dict[str, float]
    warnings: int


@dataclass
class Scale:
    """One data size: where its data is, where its build writes, and its runs."""

    factor: int
    data_dir: Path
    out_dir: Path
    runs: list[Run] = field(default_factory=list)


def prepare_scales(factors: list[int], data_dir: Path, out: Path) -> list[Scale]:
    """Factor 1 uses the real data as it is; larger factors get synthetic data under ``out``."""
    scales = []
    for factor in factors:
        if factor == 1:
            scale_data = data_dir
        else:
            scale_data = out / f"data-x{factor}"
            clock = time.perf_counter()
            synth.synthesize(data_dir, factor, scale_data)
            print(f"generated x{factor} in {time.perf_counter() - clock:.1f}s → {scale_data}")
        scales.append(Scale(factor, scale_data, out / f"build-x{factor}"))
    return scales


def run_build(scale: Scale) -> Run:
    """Build ``scale`` in a fresh Python process and collect its measurements."""
    command = [sys.executable, str(RUNNER), str(scale.data_dir), str(scale.out_dir)]
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - clock
    if done.returncode != 0:
        raise RuntimeError(
            f"build of x{scale.factor} exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    child = json.loads(done.stdout.strip().splitlines()[-1])
    report = json.loads((scale.out_dir / "build-report.json").read_text(encoding="utf-8"))
    return Run(
        wall_s=wall,
        quads=int(report["quads"]),
        maxrss_kib=int(child["maxrss_kib"]),
        run_build_s=float(child["run_build_s"]),
        import_s=float(child["import_s"]),
        stages_s={k: float(v) for k, v in child["stages_s"].items()},
        warnings=int(child["warnings"]),
    )


def time_startup(code: str) -> float:
    """Wall time of ``python -c CODE`` in a fresh process."""
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - clock


def schedule(scales: list[Scale], repeat: int, repeat_for: dict[int, int]) -> list[Scale]:
    """The runs in interleaved order: every scale once per repetition, as long as it has any."""
    counts = {s.factor: repeat_for.get(s.factor, repeat) for s in scales}
    order = []
    for rep in range(max(counts.values(), default=0)):
        order += [s for s in scales if rep < counts[s.factor]]
    return order


def measure(scales: list[Scale], repeat: int, repeat_for: dict[int, int]) -> dict[str, list[float]]:
    """Run every build of the schedule; time the start-up before each repetition."""
    startup: dict[str, list[float]] = {name: [] for name in STARTUP_COMMANDS}
    previous: Scale | None = None
    for scale in schedule(scales, repeat, repeat_for):
        if previous is None or scale.factor <= previous.factor:  # a new repetition
            for name, code in STARTUP_COMMANDS.items():
                startup[name].append(time_startup(code))
        run = run_build(scale)
        scale.runs.append(run)
        print(
            f"x{scale.factor:<4} run {len(scale.runs)}: {run.wall_s:7.2f}s wall, "
            f"{run.quads} quads, {run.maxrss_kib / 1024:.0f} MiB peak",
            flush=True,
        )
        previous = scale
    return startup


# --- summarising ---------------------------------------------------------------------------


def summarise_scale(scale: Scale) -> dict[str, Any]:
    walls = [r.wall_s for r in scale.runs]
    return {
        "factor": scale.factor,
        "data_dir": str(scale.data_dir),
        "runs": len(scale.runs),
        "quads": scale.runs[0].quads,
        "warnings": scale.runs[0].warnings,
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "run_build_median_s": statistics.median(r.run_build_s for r in scale.runs),
        "import_median_s": statistics.median(r.import_s for r in scale.runs),
        "stages_median_s": {
            stage: statistics.median(r.stages_s[stage] for r in scale.runs) for stage in STAGES
        },
        "peak_rss_mib": max(r.maxrss_kib for r in scale.runs) / 1024,
        "all_runs": [asdict(r) for r in scale.runs],
    }


def add_ratios(rows: list[dict[str, Any]], startup_s: float) -> None:
    """Ratios of every scale to the smallest one (normally the real data) and to the previous.

    ``marginal_ms_per_quad`` is the extra wall time per extra quad since the previous scale:
    fixed costs cancel out of it, so it stays flat if the build grows linearly.
    """
    base = rows[0]
    base_net = base["wall_median_s"] - startup_s
    previous: dict[str, Any] | None = None
    for row in rows:
        quads = row["quads"] / base["quads"]
        time_ratio = row["wall_median_s"] / base["wall_median_s"]
        net = (row["wall_median_s"] - startup_s) / base_net if base_net > 0 else float("nan")
        row["ratios"] = {
            "quads": quads,
            "wall": time_ratio,
            "wall_per_quad": time_ratio / quads,
            "wall_net_of_startup": net,
            "wall_net_per_quad": net / quads,
            "stages": _stage_ratios(row, base),
            "stages_vs_previous": _stage_ratios(row, previous) if previous else None,
        }
        row["marginal_ms_per_quad"] = (
            1000
            * (row["wall_median_s"] - previous["wall_median_s"])
            / (row["quads"] - previous["quads"])
            if previous and row["quads"] > previous["quads"]
            else None
        )
        previous = row


def _stage_ratios(row: dict[str, Any], other: dict[str, Any]) -> dict[str, float]:
    mine, theirs = row["stages_median_s"], other["stages_median_s"]
    return {stage: mine[stage] / theirs[stage] for stage in STAGES}


def summarise(scales: list[Scale], startup: dict[str, list[float]]) -> dict[str, Any]:
    startup_median = {name: statistics.median(times) for name, times in startup.items()}
    fixed = max(startup_median.values())
    rows = [summarise_scale(s) for s in sorted(scales, key=lambda s: s.factor)]
    add_ratios(rows, fixed)
    return {
        "meta": machine_info(),
        "startup_median_s": startup_median,
        "startup_runs_s": startup,
        "fixed_startup_s": fixed,
        "scales": rows,
        "verdict": verdict(rows),
    }


def verdict(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The two targets: the real build under 3 s, and time growing no faster than linearly.

    Growth counts as linear if the marginal cost per quad of the last step is at most
    :data:`LINEAR_TOLERANCE` times that of the first step (with only two scales: if the time
    per quad is at most that much above the smallest scale's).
    """
    real = next((r for r in rows if r["factor"] == 1), None)
    marginals = [r["marginal_ms_per_quad"] for r in rows if r["marginal_ms_per_quad"]]
    growth = marginals[-1] / marginals[0] if len(marginals) >= 2 else None
    per_quad = max(r["ratios"]["wall_per_quad"] for r in rows)
    linear = growth <= LINEAR_TOLERANCE if growth is not None else per_quad <= LINEAR_TOLERANCE
    return {
        "real_wall_median_s": real["wall_median_s"] if real else None,
        "real_under_target": real["wall_median_s"] < TARGET_REAL_SECONDS if real else None,
        "target_s": TARGET_REAL_SECONDS,
        "max_wall_per_quad_vs_smallest": per_quad,
        "marginal_growth": growth,
        "linear": linear,
        "linear_tolerance": LINEAR_TOLERANCE,
    }


def machine_info() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit or None,
    }


# --- reporting -----------------------------------------------------------------------------


def markdown(summary: dict[str, Any]) -> str:
    """The results as Markdown tables (also pasted into bench/README.md)."""
    meta = summary["meta"]
    lines = [
        f"Run {meta['date']} · Python {meta['python']} · {meta['platform']} · "
        f"{meta['cpus']} CPUs · commit {meta['commit']}",
        "",
        *_scale_table(summary["scales"]),
        "",
        *_stage_table(summary["scales"]),
        "",
        "Fixed start-up (fresh process, median):",
        *[f'- `python -c "{k}"`: {v:.2f} s' for k, v in summary["startup_median_s"].items()],
        "",
        *_verdict_lines(summary["verdict"]),
    ]
    return "\n".join(lines) + "\n"


def _scale_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scale | quads | × quads | wall median | wall min | × time | time/quad vs 1x "
        "| × time net of start-up | marginal ms/quad | peak RSS | load+build | validate "
        "| export |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r, st = row["ratios"], row["stages_median_s"]
        marginal = row["marginal_ms_per_quad"]
        lines.append(
            f"| {row['factor']}x ({row['runs']} runs) | {row['quads']} | {r['quads']:.1f} "
            f"| {row['wall_median_s']:.2f} s | {row['wall_min_s']:.2f} s | {r['wall']:.1f} "
            f"| {r['wall_per_quad']:.2f} | {r['wall_net_of_startup']:.1f} "
            f"| {f'{marginal:.3f}' if marginal else '–'} "
            f"| {row['peak_rss_mib']:.0f} MiB | {st['load+build']:.2f} s "
            f"| {st['validate']:.2f} s | {st['export']:.2f} s |"
        )
    return lines


def _stage_table(rows: list[dict[str, Any]]) -> list[str]:
    """Per-stage growth: to the smallest scale, and step by step."""
    columns = [(r, "stages", f"× {r['factor']}x/{rows[0]['factor']}x") for r in rows[1:]]
    columns += [
        (r, "stages_vs_previous", f"× {r['factor']}x/{p['factor']}x")
        for p, r in zip(rows[1:-1], rows[2:], strict=True)
    ]
    lines = [
        "| stage | " + " | ".join(title for _, _, title in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for stage in STAGES:
        cells = " | ".join(f"{r['ratios'][key][stage]:.1f}" for r, key, _ in columns)
        lines.append(f"| {stage} | {cells} |")
    quads = [r["ratios"]["quads"] for r in rows[1:]]
    quads += [r["quads"] / p["quads"] for p, r in zip(rows[1:-1], rows[2:], strict=True)]
    lines.append("| (quads) | " + " | ".join(f"{q:.1f}" for q in quads) + " |")
    return lines


def _verdict_lines(v: dict[str, Any]) -> list[str]:
    lines = []
    if v["real_wall_median_s"] is not None:
        state = "met" if v["real_under_target"] else "NOT met"
        lines.append(
            f"- real data: {v['real_wall_median_s']:.2f} s wall median "
            f"(target < {v['target_s']:.0f} s: {state})"
        )
    lines.append(
        f"- time per quad vs the smallest scale: at most {v['max_wall_per_quad_vs_smallest']:.2f}"
    )
    if v["marginal_growth"] is not None:
        lines.append(
            f"- marginal cost per added quad, last step / first step: {v['marginal_growth']:.2f}"
        )
    growth = "linear" if v["linear"] else "SUPERLINEAR"
    lines.append(f"- growth: {growth} (tolerance {v['linear_tolerance']})")
    return lines


# --- profiling -----------------------------------------------------------------------------


def profile(data_dir: Path, out: Path, factor: int, top: int = 20) -> str:
    """cProfile one in-process build; return (and write) the top functions and packages."""
    from mpsc_graph.core.settings import Settings
    from mpsc_graph.pipeline import run_build as pipeline_build

    if factor > 1:
        data_dir = synth.synthesize(data_dir, factor, out / f"data-x{factor}")
    name = "profile-real" if factor == 1 else f"profile-x{factor}"
    settings = Settings(data_dir=data_dir, out_dir=out / f"{name}-build")
    profiler = cProfile.Profile()
    clock = time.perf_counter()
    outcome = profiler.runcall(pipeline_build, settings)
    wall = time.perf_counter() - clock
    profiler.dump_stats(out / f"{name}.prof")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.seconds.items())
    head = (
        f"cProfile of one in-process build, x{factor} ({outcome.summary['quads']} quads): "
        f"{wall:.2f}s under the profiler ({stages}); the profiler adds overhead.\n"
    )
    text = head + by_package(profiler) + top_functions(profiler, top)
    (out / f"{name}.txt").write_text(text, encoding="utf-8")
    return text


def top_functions(profiler: cProfile.Profile, top: int) -> str:
    text = ""
    for key, title in (("cumulative", "cumulative time"), ("tottime", "own (total) time")):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(key).print_stats(top)
        body = buffer.getvalue()
        body = body[body.index("   ncalls") :] if "   ncalls" in body else body
        text += f"\n=== top {top} by {title} ===\n{_shorten_paths(body)}"
    return text


def by_package(profiler: cProfile.Profile) -> str:
    """Own time summed per package: a coarse answer to where the time goes."""
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename, function)] += row[2]
    total = sum(totals.values())
    lines = ["\n=== own time per package ==="]
    for package, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        lines.append(f"{seconds:8.3f}s {100 * seconds / total:5.1f}%  {package}")
    return "\n".join(lines) + "\n"


def _package(filename: str, function: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/mpsc_graph/" in filename:
        return "mpsc_graph." + Path(filename).stem
    if filename == "~":  # a C function: attribute it by the type it belongs to
        for package in ("pyoxigraph", "yaml", "rdflib"):
            if package in function:
                return package
        return "builtins"
    return "stdlib"


def _shorten_paths(text: str) -> str:
    site = next((p for p in sys.path if p.endswith("site-packages")), None)
    if site:
        text = text.replace(site + "/", "")
    return text.replace(str(ROOT) + "/", "")


# --- command line --------------------------------------------------------------------------


def parse_repeat_for(items: list[str]) -> dict[int, int]:
    """``["100=1"]`` → ``{100: 1}``: fewer repetitions for a slow scale."""
    result = {}
    for item in items:
        factor, _, count = item.partition("=")
        result[int(factor)] = int(count)
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per scale")
    parser.add_argument(
        "--repeat-for",
        nargs="*",
        default=[],
        metavar="FACTOR=N",
        help="fewer repetitions for slow scales, e.g. 100=1",
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real data")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    parser.add_argument("--profile-factor", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(profile(args.data, args.out, args.profile_factor))
        return
    scales = prepare_scales(sorted(set(args.factors)), args.data, args.out)
    startup = measure(scales, args.repeat, parse_repeat_for(args.repeat_for))
    summary = summarise(scales, startup)
    (args.out / "build-results.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print()
    print(markdown(summary))
    print(f"written: {args.out / 'build-results.json'}")


if __name__ == "__main__":
    main()
