#!/usr/bin/env python3
"""Time and peak memory of `almaty-atlas snapshot`, against Mapnik on the same shapefile.

    python3 tests/bench/bench_snapshot.py [--binary build/almaty-atlas]
        [--synth build/tools/synth_city] [--scale 0.1] [--sizes 1920x1080,3840x2160,8192x8192]
        [--work DIR] [--repeat 1]

For each size it runs, each in a fresh child process whose own resource usage
is read with wait4 (ru_maxrss: peak resident memory):
  1. `almaty-atlas snapshot` of the default project (basemap, events, overlays);
  2. the same with a large OSM-schema roads layer added (`--layer`, written by
     synth_city at --scale) framed on that layer's extent (`--bbox`);
  3. Mapnik (python3-mapnik, tests/bench/mapnik_render.py) rendering that
     roads shapefile to a PNG of the same size and extent, when it is installed
     (skipped with a note otherwise);
  4. `almaty-atlas snapshot` of the default project framed on the real
     OpenStreetMap roads it ships (geodata/roads.shp), and Mapnik drawing
     those roads at the same size and extent.
Times are wall-clock seconds of the whole process (start-up, loading, drawing,
PNG writing); Mapnik's also includes starting Python, so its own in-process
time is shown beside it. Prints a Markdown table.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run_measured(cmd):
    """Runs cmd; returns (seconds, peak RSS in MiB, exit code, stdout, stderr)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read the pipes to the end, then reap the child with wait4 for its own rusage.
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def shp_bbox(path):
    with open(path, "rb") as f:
        header = f.read(100)
    return struct.unpack("<4d", header[36:68])


def mapnik_python():
    """An interpreter that can import mapnik (Debian's python3-mapnik lives in /usr/bin/python3)."""
    for exe in ("/usr/bin/python3", sys.executable, shutil.which("python3") or ""):
        if exe and os.path.exists(exe):
            if subprocess.run([exe, "-c", "import mapnik"], capture_output=True).returncode == 0:
                return exe
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "almaty-atlas"))
    ap.add_argument("--synth", default=os.path.join(ROOT, "build", "tools", "synth_city"))
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--sizes", default="1920x1080,3840x2160,8192x8192")
    ap.add_argument("--work", default=None, help="folder for the synthetic city and the images (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest is reported")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="atlas_bench_snapshot_")
    os.makedirs(work, exist_ok=True)
    city = os.path.join(work, "city")
    roads = os.path.join(city, "gis_osm_roads_free_1.shp")
    if not os.path.exists(roads):
        r = subprocess.run([args.synth, city, "--scale", str(args.scale)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("synth_city failed: " + r.stderr)
        sys.stderr.write(r.stdout)
    west, south, east, north = shp_bbox(roads)
    bbox = "%.9f,%.9f,%.9f,%.9f" % (west, south, east, north)
    with open(roads.replace(".shp", ".shx"), "rb") as f:
        features = (len(f.read()) - 100) // 8

    osm_roads = os.path.join(ROOT, "geodata", "roads.shp")
    osm_bbox = "%.9f,%.9f,%.9f,%.9f" % shp_bbox(osm_roads)

    py = mapnik_python()
    mapnik_script = os.path.join(HERE, "mapnik_render.py")
    rows = []

    def best(cmd):
        results = [run_measured(cmd) for _ in range(max(1, args.repeat))]
        for r in results:
            if r[2] != 0:
                sys.exit("failed (%d): %s\n%s" % (r[2], " ".join(cmd), r[4]))
        return min(results, key=lambda r: r[0])

    for size in args.sizes.split(","):
        w, h = (int(v) for v in size.lower().split("x"))
        out = os.path.join(work, "atlas_%s.png" % size)
        t, mem, _, _, _ = best([args.binary, "snapshot", "--out", out, "--size", size])
        rows.append((size, "atlas: default project", t, mem, ""))
        out = os.path.join(work, "atlas_roads_%s.png" % size)
        t, mem, _, _, _ = best([args.binary, "snapshot", "--out", out, "--size", size, "--layer", roads, "--bbox", bbox])
        rows.append((size, "atlas: + roads layer", t, mem, ""))
        if py:
            out = os.path.join(work, "mapnik_roads_%s.png" % size)
            t, mem, _, stdout, _ = best([py, mapnik_script, roads, out, str(w), str(h), bbox])
            rows.append((size, "mapnik: roads layer", t, mem, "in-process %s s" % stdout.strip()))
        else:
            rows.append((size, "mapnik: roads layer", None, None, "python3-mapnik not installed: skipped"))
        # The real OpenStreetMap roads the program ships (geodata/roads.shp),
        # the whole city: the default project framed on them against Mapnik
        # drawing the same roads alone.
        out = os.path.join(work, "atlas_osm_%s.png" % size)
        t, mem, _, _, _ = best([args.binary, "snapshot", "--out", out, "--size", size, "--bbox", osm_bbox])
        rows.append((size, "atlas: embedded OSM map, whole city", t, mem, "all 8 layers, events, labels"))
        if py:
            out = os.path.join(work, "mapnik_osm_%s.png" % size)
            t, mem, _, stdout, _ = best([py, mapnik_script, osm_roads, out, str(w), str(h), osm_bbox])
            rows.append((size, "mapnik: embedded OSM roads", t, mem, "in-process %s s" % stdout.strip()))

    print("roads layer: %d features (synth_city --scale %g); images in %s\n" % (features, args.scale, work))
    print("| size | run | seconds | peak RSS (MiB) | note |")
    print("| --- | --- | ---: | ---: | --- |")
    for size, name, t, mem, note in rows:
        print("| %s | %s | %s | %s | %s |" % (size, name, "-" if t is None else "%.2f" % t,
                                             "-" if mem is None else "%.0f" % mem, note))


if __name__ == "__main__":
    main()
