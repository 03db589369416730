"""Child process of the benchmark: one build, then its own measurements as JSON on stdout.

Usage: ``python bench/_run_build.py DATA_DIR OUT_DIR``

Runs :func:`mpsc_graph.pipeline.run_build` (what ``mpsc-graph build`` runs) and prints one
JSON object: the import time of the pipeline, the wall time per stage, the peak resident set
size of this process (``ru_maxrss``, KiB on Linux) and the validation counts. Exits like the
CLI: 0 if the data conforms (warnings allowed), 1 if validation found violations.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def measure(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Build once and return what the parent reports."""
    clock = time.perf_counter()
    from mpsc_graph.core.settings import Settings
    from mpsc_graph.pipeline import run_build

    imported = time.perf_counter() - clock
    clock = time.perf_counter()
    outcome = run_build(Settings(data_dir=data_dir, out_dir=out_dir))
    total = time.perf_counter() - clock
    validation = outcome.summary["validation"]
    return {
        "import_s": imported,
        "run_build_s": total,
        "stages_s": outcome.seconds,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "quads": outcome.summary["quads"],
        "conforms": validation["conforms"],
        "violations": validation["violations"],
        "warnings": validation["warnings"],
    }


def main() -> int:
    data_dir, out_dir = (Path(arg) for arg in sys.argv[1:3])
    result = measure(data_dir, out_dir)
    print(json.dumps(result))
    return 0 if result["conforms"] else 1


if __name__ == "__main__":
    sys.exit(main())
