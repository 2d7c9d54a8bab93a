#!/usr/bin/env python3
"""Packs a shapefile and its sidecars into one fuzz_shapefile input (see fuzz_shapefile.cpp).

usage: pack_shapefile_seed.py FILE.shp OUT [--keep]
"""
import os
import struct
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    shp, out = sys.argv[1], sys.argv[2]
    base = shp[:-4]
    flags = 16 if "--keep" in sys.argv else 0
    parts = [open(shp, "rb").read()]
    for bit, ext in enumerate([".shx", ".dbf", ".prj", ".cpg"]):
        if os.path.exists(base + ext):
            flags |= 1 << bit
            parts.append(open(base + ext, "rb").read())
    blob = bytes([flags])
    for i, p in enumerate(parts):
        if i != len(parts) - 1:
            blob += struct.pack("<I", len(p))
        blob += p
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
