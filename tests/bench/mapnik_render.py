#!/usr/bin/env python3
"""Renders one shapefile to a PNG with Mapnik (python3-mapnik): the comparison
side of bench_snapshot.py.

    mapnik_render.py FILE.shp OUT.png WIDTH HEIGHT WEST,SOUTH,EAST,NORTH

Lines are stroked with a casing and labelled along the line by their `name`,
polygons filled and outlined, points drawn as markers: roughly the work the
atlas does for the same layer. Prints the seconds spent loading, rendering and
writing (without the interpreter's start-up) on stdout.
"""
import struct
import sys
import time
from xml.sax.saxutils import escape, quoteattr


def shape_kind(shp):
    with open(shp, "rb") as f:
        header = f.read(100)
    kind = struct.unpack("<i", header[32:36])[0] % 10  # 3/13/23 lines, 5/15/25 polygons, 1/11/21 points
    return {3: "line", 5: "polygon", 1: "point", 8: "point"}.get(kind, "line")


def style_xml(kind):
    text = ('<TextSymbolizer face-name="DejaVu Sans Book" size="11" fill="#333333" halo-fill="#ffffff" '
            'halo-radius="1.5" placement="{}">[name]</TextSymbolizer>')
    if kind == "line":
        return ('<Rule><LineSymbolizer stroke="#b0a89c" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>'
                '<LineSymbolizer stroke="#ffffff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
                + text.format("line") + '</Rule>')
    if kind == "polygon":
        return ('<Rule><PolygonSymbolizer fill="#d9d0c9"/><LineSymbolizer stroke="#b9a99c" stroke-width="0.6"/>'
                '</Rule>')
    return '<Rule><MarkersSymbolizer fill="#6a5acd" width="6" height="6" allow-overlap="true"/>' + text.format("point") + '</Rule>'


def main(argv):
    if len(argv) != 6:
        sys.stderr.write(__doc__)
        return 2
    shp, out, width, height, bbox = argv[1], argv[2], int(argv[3]), int(argv[4]), argv[5]
    west, south, east, north = (float(v) for v in bbox.split(","))
    import mapnik  # imported here: the import's cost is the interpreter's, not the render's

    t0 = time.perf_counter()
    xml = ('<Map srs="epsg:3857" background-color="#f2efe9"><Style name="layer">{}</Style>'
           '<Layer name="layer" srs="epsg:4326"><StyleName>layer</StyleName><Datasource>'
           '<Parameter name="type">shape</Parameter><Parameter name="file">{}</Parameter>'
           '<Parameter name="encoding">utf-8</Parameter></Datasource></Layer></Map>').format(
               style_xml(shape_kind(shp)), escape(shp))
    m = mapnik.Map(width, height)
    mapnik.load_map_from_string(m, xml)
    merc = mapnik.ProjTransform(mapnik.Projection("epsg:4326"), mapnik.Projection("epsg:3857"))
    m.zoom_to_box(merc.forward(mapnik.Box2d(west, south, east, north)))
    image = mapnik.Image(width, height)
    mapnik.render(m, image)
    image.save(out, "png")
    print("%.3f" % (time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
