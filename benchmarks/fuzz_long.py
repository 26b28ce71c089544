"""The fuzz suite (``tests/fuzz/``) run long: randomised, many times the inputs CI gives each target.

Run from the repository root::

    python benchmarks/fuzz_long.py                 # 20 times the CI inputs, a fresh random seed
    python benchmarks/fuzz_long.py --scale 100 -k import

CI runs the suite deterministically (the Hypothesis profile ``ci``: fixed inputs, a
bounded count per target). This runs it with the profile ``long`` (random inputs, a new
seed each run) and ``KG_FUZZ_SCALE`` times as many inputs per target, then prints how
many inputs each target received, the outcome, wall and CPU seconds, and the load
average. A failing input is printed by Hypothesis with the ``@reproduce_failure`` line
that replays it; fix the defect and add it as a test in ``tests/fuzz/test_fuzz_regressions.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20, help="Inputs per target, as a multiple of the CI count.")
    parser.add_argument("-k", dest="keyword", help="Only the fuzz tests whose names match (pytest -k).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counts = Path(folder) / "counts.json"
        env = {**os.environ, "KG_FUZZ_PROFILE": "long", "KG_FUZZ_SCALE": str(args.scale), "KG_FUZZ_COUNTS": str(counts)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "fuzz")]
        if args.keyword:
            command += ["-k", args.keyword]
        started, load = time.monotonic(), os.getloadavg()
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        inputs = json.loads(counts.read_text()) if counts.exists() else {}
    summary = [line for line in result.stdout.splitlines() if line.strip()][-1:] or ["(no pytest summary)"]
    print(f"| target | inputs (scale {args.scale}) |")
    print("|---|---:|")
    for target, count in inputs.items():
        print(f"| {target} | {count} |")
    print(f"| **all** | {sum(inputs.values())} |")
    print(f"\npytest: {summary[0]}")
    print(f"wall {wall:.0f} s, CPU {usage.ru_utime + usage.ru_stime:.0f} s, "
          f"load average at start {load[0]:.1f}, at end {os.getloadavg()[0]:.1f}")
    if result.returncode:
        print(result.stdout[-20000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
