#!/usr/bin/env python3
"""Start-up to a first frame: `almaty-atlas snapshot --size 64x64` of the
embedded project against `eglinfo` (bare EGL start-up on the same driver).

    python3 tests/bench/bench_startup.py [--binary build/almaty-atlas] [--runs 15]

The two are run alternately, each a whole process, so that both see the same
machine load; medians and quartiles of wall-clock milliseconds are printed.
"warm" runs share one cache folder (XDG_CACHE_HOME: the prepared geometry,
the label font, Mesa's shader cache), as every start after the first does;
"cold" runs each get an empty one, as the very first start does. Run it where
EGL finds a display or the surfaceless platform (e.g. under xvfb-run).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def wall_ms(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t0) * 1000.0


def summary(xs):
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):7.1f} ms (quartiles {q[0]:.1f}-{q[2]:.1f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "almaty-atlas"))
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    eglinfo = shutil.which("eglinfo")
    if not eglinfo:
        sys.exit("eglinfo not found: install the Debian package mesa-utils")
    work = tempfile.mkdtemp(prefix="atlas-startup-")
    try:
        base = dict(os.environ)
        base["XDG_DATA_HOME"] = os.path.join(work, "data")
        base["XDG_CONFIG_HOME"] = os.path.join(work, "config")
        warm = dict(base, XDG_CACHE_HOME=os.path.join(work, "cache"))
        out = os.path.join(work, "s.png")
        snap = [a.binary, "snapshot", "--size", "64x64", "--out", out]
        wall_ms(snap, warm)  # fills the caches and makes the embedded project
        ours, theirs, cold = [], [], []
        for i in range(a.runs):
            ours.append(wall_ms(snap, warm))
            theirs.append(wall_ms([eglinfo], warm))
            cold.append(wall_ms(snap, dict(base, XDG_CACHE_HOME=os.path.join(work, f"cold{i}"))))
        print(f"almaty-atlas snapshot 64x64, warm: {summary(ours)}")
        print(f"almaty-atlas snapshot 64x64, cold: {summary(cold)}")
        print(f"eglinfo:                           {summary(theirs)}")
        print(f"ratio (warm / eglinfo, medians):   {statistics.median(ours) / statistics.median(theirs):.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
