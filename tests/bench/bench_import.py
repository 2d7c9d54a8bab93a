#!/usr/bin/env python3
"""Time and peak memory of `almaty-atlas import`, against sqlite3's own `.import`.

    python3 tests/bench/bench_import.py [--binary build/almaty-atlas]
        [--rows 50000,200000] [--repeat 3] [--work DIR]

For each row count it writes a synthetic events CSV (make_events_csv.py: rows
spread over the city and over 1900-2026, Russian, Kazakh and English text),
then, alternating the two so that both see the same machine state, runs in
fresh child processes:
  1. `almaty-atlas import NEW.atlas FILE.csv --create` (a new project: events,
     tags, actors, the full-text index across scripts);
  2. `sqlite3 NEW.db '.mode csv' '.import FILE.csv events'` (one plain table,
     no index, no checks: the floor for getting these bytes into SQLite).
Each child's wall-clock time and peak resident memory (wait4's ru_maxrss) are
measured; prints a Markdown table of the medians and the ratio.
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


def run_measured(cmd, env=None):
    """Runs cmd; returns (seconds, peak RSS in MiB). Exits when it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err.decode(errors="replace")))
    return seconds, usage.ru_maxrss / 1024.0


def remove_project(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "almaty-atlas"))
    ap.add_argument("--rows", default="50000,200000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=None, help="folder for the CSVs and projects (default: a temporary one)")
    args = ap.parse_args()
    sqlite3 = shutil.which("sqlite3")
    if not sqlite3:
        sys.exit("sqlite3 is not installed (apt-get install sqlite3)")
    work = args.work or tempfile.mkdtemp(prefix="atlas-bench-import-")
    os.makedirs(work, exist_ok=True)
    # The program's settings and caches go to the work folder, not the user's.
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(work, var.lower())

    print("| rows | CSV MiB | almaty-atlas import | peak MiB | sqlite3 .import | peak MiB | ratio |")
    print("|---|---|---|---|---|---|---|")
    for rows in [int(r) for r in args.rows.split(",")]:
        csv = os.path.join(work, "events-%d.csv" % rows)
        if not os.path.exists(csv):
            subprocess.run([sys.executable, os.path.join(HERE, "make_events_csv.py"), csv, "--rows", str(rows)],
                           check=True)
        ours, floor = [], []
        project = os.path.join(work, "bench.atlas")
        plain = os.path.join(work, "plain.db")
        for _ in range(args.repeat):
            remove_project(project)
            ours.append(run_measured([args.binary, "import", project, csv, "--create"], env))
            remove_project(plain)
            floor.append(run_measured([sqlite3, plain, ".mode csv", ".import %s events" % csv]))
        remove_project(project)
        remove_project(plain)
        t_ours = statistics.median(t for t, _ in ours)
        t_floor = statistics.median(t for t, _ in floor)
        print("| %d | %.0f | %.2f s | %.0f | %.2f s | %.0f | %.1fx |" % (
            rows, os.path.getsize(csv) / 2**20, t_ours, max(m for _, m in ours), t_floor,
            max(m for _, m in floor), t_ours / t_floor))
        sys.stdout.flush()
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
