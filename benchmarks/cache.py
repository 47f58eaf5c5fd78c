"""Does the content cache pay for itself? A scripted decide with the cache warm against without it.

Run from the repository root, with the virtual environment famsupport is installed in:

    .venv/bin/python benchmarks/cache.py [--runs N] [--answers FILE]

Every run is a fresh process of the console script (what a user runs), `famsupport decide
--answers FILE --no-input --output -`, in a private FAMSUPPORT_HOME; the two cases alternate
(one warm-up run each is not counted), so a slow moment of the machine hits both alike. It
prints the median and the minimum of the wall time and of the child's CPU time (user and
system), and the saving. The rule (developers' guide): the cache stays only if it buys at
least 10 ms on a command a person runs. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _one_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--answers", type=Path, default=ROOT / "tests" / "golden" / "decide-digital.yaml")
    options = parser.parse_args()
    famsupport = str(Path(sys.executable).with_name("famsupport"))
    command = [famsupport, "decide", "--answers", str(options.answers), "--no-input", "--output", "-"]
    with tempfile.TemporaryDirectory() as home:
        warm = {**os.environ, "FAMSUPPORT_HOME": home}
        cases = {"cache warm": warm, "no cache": {**warm, "FAMSUPPORT_NO_CACHE": "1"}}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for round_number in range(options.runs + 1):  # round 0 fills the cache and is not counted
            for name, env in cases.items():
                measured = _one_run(command, env)
                if round_number:
                    times[name].append(measured)
    medians = {}
    for name, runs in times.items():
        walls, cpus = [wall * 1000 for wall, _ in runs], [cpu * 1000 for _, cpu in runs]
        medians[name] = (statistics.median(walls), statistics.median(cpus))
        print(
            f"{name:10}  wall median {medians[name][0]:6.1f} ms  min {min(walls):6.1f} ms"
            f"  |  cpu median {medians[name][1]:6.1f} ms  min {min(cpus):6.1f} ms"
        )
    wall_saved = medians["no cache"][0] - medians["cache warm"][0]
    cpu_saved = medians["no cache"][1] - medians["cache warm"][1]
    verdict = "PASS: keep the cache" if min(wall_saved, cpu_saved) >= 10 else "FAIL: drop the cache"
    print(f"saved by the cache: {wall_saved:.1f} ms wall, {cpu_saved:.1f} ms cpu (median); rule >= 10 ms: {verdict}")


if __name__ == "__main__":
    main()
