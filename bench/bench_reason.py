"""Reasoning benchmark: time and peak memory of the reason stage on the real and on synthetic data.

Usage::

    python bench/bench_reason.py [--factors 1 10] [--repeat 3] [--reasoners hermit]
                                 [--java-options=default --java-options=]
                                 [--build-factors 1]
                                 [--out bench/out] [--data data]

Factor 1 is the real ``data/``; factor N is synthetic data from ``bench/synth.py`` (the real data
copied N times, as for the build benchmark). For each scale the data are loaded and built once;
then :func:`mpsc_graph.reason.start` runs on the reasoner input of the build (reconciled data,
vocabulary, provenance graph, plus the ontology):

- **without the cache** (``cache_dir=None``): the full run, a child process with owlready2 and
  the Java reasoner. Wall time around the call; peak RSS of the reasoner's process group (the
  Python child and Java together, and Java alone), sampled from /proc every 20 ms;
- **with the cache** (an entry written by a first run): the time to answer from the cache;
  no reasoner process is started.

For the scales in ``--build-factors`` (default: the real data), ``mpsc-graph build`` then runs
in a fresh process with an empty cache (a miss) and again with the same cache (a hit), to show
what reasoning costs a whole build and what the cache saves.

Runs are interleaved per repetition (every scale and variant once, then again) so that machine
noise hits all alike. Results: a Markdown table on stdout, every run in
``OUT/reason-results.json``. See bench/README.md, "Reasoning benchmark".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import synth

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class GroupSampler(threading.Thread):
    """Samples the memory of a process group until stopped: the private memory (USS: private
    clean + dirty pages, from /proc/PID/smaps_rollup) of all its processes together, and the
    resident set of its java process. Private memory, because the Python child is forked from
    this process and shares its pages (copy-on-write): its RSS would count them again."""

    def __init__(self, group: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.group, self.interval = group, interval
        self.peak_private = self.peak_java = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            private = java = 0
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    name_end = (text := stat.read_text()).rindex(")")
                    fields = text[name_end + 2 :].split()
                    if int(fields[2]) != self.group:
                        continue
                    rss = int(fields[21]) * PAGE
                    rollup = (stat.parent / "smaps_rollup").read_text()
                except (OSError, ValueError, IndexError):
                    continue
                private += 1024 * sum(
                    int(line.split()[1])
                    for line in rollup.splitlines()
                    if line.startswith(("Private_Clean:", "Private_Dirty:"))
                )
                if text[text.index("(") + 1 : name_end] == "java":
                    java += rss
            self.peak_private = max(self.peak_private, private)
            self.peak_java = max(self.peak_java, java)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def reason_once(
    ontology_dir: Path, data: list[Any], reasoner: str, cache_dir: Path | None, options: str
) -> dict[str, Any]:
    """One run of the reason stage, measured from outside."""
    from mpsc_graph.reason import start

    if options == "default":  # the project's default for this reasoner
        os.environ.pop("MPSC_JAVA_OPTIONS", None)
    else:
        os.environ["MPSC_JAVA_OPTIONS"] = options
    clock = time.perf_counter()
    pending = start(ontology_dir, data, reasoner=reasoner, cache_dir=cache_dir, timeout=1800)
    sampler = GroupSampler(pending.pid) if pending.pid is not None else None
    if sampler:
        sampler.start()
    try:
        outcome = pending.result()
    finally:
        if sampler:
            sampler.stop()
    wall = time.perf_counter() - clock
    return {
        "reasoner": reasoner,
        "java_options": options,
        "cached": outcome.cached,
        "consistent": outcome.consistent,
        "wall_s": wall,
        "peak_private_mib": (sampler.peak_private / 2**20) if sampler else 0.0,
        "peak_java_rss_mib": (sampler.peak_java / 2**20) if sampler else 0.0,
        "class_memberships": outcome.class_memberships,
        "property_values": outcome.property_values,
    }


def build_once(data_dir: Path, out_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """``mpsc-graph build`` in a fresh process; wall time and the stage times it prints."""
    env = {**os.environ, "MPSC_CACHE_DIR": str(cache_dir), "MPSC_LANG": "en"}
    env.pop("MPSC_JAVA_OPTIONS", None)
    command = [sys.executable, "-m", "mpsc_graph", "build", "--data", str(data_dir)]
    command += ["--out", str(out_dir)]
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - clock
    if done.returncode not in (0, 1):
        raise RuntimeError(f"build exited {done.returncode}:\n{done.stderr[-3000:]}")
    stages = done.stdout.strip().splitlines()[-1]
    return {"wall_s": wall, "stages": stages[stages.find("(load+build") + 1 : -1]}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reasoners", nargs="+", default=["hermit"], choices=["hermit", "pellet"])
    parser.add_argument(
        "--java-options",
        action="append",
        metavar="OPTIONS",
        help="a JVM option set to compare (MPSC_JAVA_OPTIONS), written --java-options=...; "
        "repeatable; 'default' is the project's default (HermiT: -XX:TieredStopAtLevel=1, "
        "Pellet: none); default: 'default' and none",
    )
    parser.add_argument(
        "--build-factors",
        type=int,
        nargs="*",
        default=[1],
        help="scales for the end-to-end builds with and without the cache (none: skip them)",
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    args = parser.parse_args(argv)
    if args.java_options is None:
        args.java_options = ["default", ""]

    sys.path.insert(0, str(ROOT / "src"))
    from mpsc_graph.core.settings import Settings
    from mpsc_graph.pipeline import assemble, reasoning_input

    args.out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    scales: dict[int, dict[str, Any]] = {}
    for factor in args.factors:
        data_dir = args.data
        if factor > 1:
            data_dir = synth.synthesize(args.data, factor, args.out / f"data-x{factor}")
        clock = time.perf_counter()
        built = assemble(Settings(data_dir=data_dir))
        data = reasoning_input(built)
        scales[factor] = {
            "data_dir": data_dir,
            "ontology_dir": built.settings.ontology_dir,
            "data": data,
            "input_triples": len({q.triple for q in data}),
            "assemble_s": time.perf_counter() - clock,
            "runs": [],
        }
        print(f"x{factor}: {scales[factor]['input_triples']} data triples", file=sys.stderr)

    variants = [(r, o) for r in args.reasoners for o in args.java_options]
    with tempfile.TemporaryDirectory(prefix="bench-reason-cache-") as tmp:
        cache = Path(tmp)
        for scale in scales.values():  # fill the cache, one run each (not reported)
            for reasoner in args.reasoners:
                reason_once(scale["ontology_dir"], scale["data"], reasoner, cache, "default")
        for rep in range(args.repeat):
            for factor, scale in scales.items():
                for reasoner, options in variants:
                    run = reason_once(scale["ontology_dir"], scale["data"], reasoner, None, options)
                    scale["runs"].append({"mode": "no cache", "rep": rep, **run})
                    print(f"x{factor} {reasoner} [{options}] {run['wall_s']:.2f}s", file=sys.stderr)
                for reasoner in args.reasoners:
                    run = reason_once(
                        scale["ontology_dir"], scale["data"], reasoner, cache, "default"
                    )
                    scale["runs"].append({"mode": "cache hit", "rep": rep, **run})

    builds: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for _rep in range(args.repeat):
        for factor, scale in scales.items():
            if factor not in args.build_factors:
                continue
            runs = builds.setdefault(factor, {"miss": [], "hit": []})
            with tempfile.TemporaryDirectory(prefix="bench-reason-build-") as tmp:
                out, cache = Path(tmp) / "out", Path(tmp) / "cache"
                runs["miss"].append(build_once(scale["data_dir"], out, cache))
                runs["hit"].append(build_once(scale["data_dir"], out, cache))
    load_after = os.getloadavg()

    rows = []
    for factor, scale in scales.items():
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for run in scale["runs"]:
            key = (run["mode"], run["reasoner"], run["java_options"])
            groups.setdefault(key, []).append(run)
        for (mode, reasoner, options), runs in groups.items():
            walls = [r["wall_s"] for r in runs]
            rows.append(
                {
                    "scale": f"{factor}x",
                    "input_triples": scale["input_triples"],
                    "mode": mode,
                    "reasoner": reasoner,
                    "java_options": options if mode == "no cache" else "",
                    "runs": len(runs),
                    "wall_median_s": statistics.median(walls),
                    "wall_min_s": min(walls),
                    "peak_private_mib": max(r["peak_private_mib"] for r in runs),
                    "peak_java_rss_mib": max(r["peak_java_rss_mib"] for r in runs),
                    "inferred": f"{runs[0]['class_memberships']} + {runs[0]['property_values']}",
                }
            )

    print(
        "| scale | data triples | mode | reasoner | JVM options | wall median | wall min "
        "| peak private memory (child + Java) | Java RSS | inferred (types + values) |"
    )
    print("|---|---:|---|---|---|---:|---:|---:|---:|---|")
    for r in rows:
        rss = f"{r['peak_private_mib']:.0f} MiB" if r["peak_private_mib"] else "– (no process)"
        java = f"{r['peak_java_rss_mib']:.0f} MiB" if r["peak_java_rss_mib"] else "–"
        options = f"`{r['java_options'] or '(none)'}`" if r["mode"] == "no cache" else "–"
        print(
            f"| {r['scale']} ({r['runs']} runs) | {r['input_triples']} | {r['mode']} "
            f"| {r['reasoner']} | {options} "
            f"| {r['wall_median_s']:.2f} s | {r['wall_min_s']:.2f} s | {rss} | {java} "
            f"| {r['inferred']} |"
        )
    if builds:
        print()
        print(
            "| scale | `mpsc-graph build`: reasoner runs (cache miss) | answered from the cache "
            "| stages of the median miss | stages of the median hit |"
        )
        print("|---|---:|---:|---|---|")
        for factor, b in builds.items():
            miss, hit = (_median_run(b[kind]) for kind in ("miss", "hit"))
            print(
                f"| {factor}x ({len(b['miss'])} runs) | {miss['wall_s']:.2f} s "
                f"| {hit['wall_s']:.2f} s | {miss['stages']} | {hit['stages']} |"
            )
    print()
    print(
        f"Load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
        f"({os.cpu_count()} CPUs)."
    )

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": load_before,
            "load_after": load_after,
        },
        "rows": rows,
        "runs": {f"{f}x": s["runs"] for f, s in scales.items()},
        "assemble_s": {f"{f}x": s["assemble_s"] for f, s in scales.items()},
        "builds": {f"{f}x": b for f, b in builds.items()},
    }
    (args.out / "reason-results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
