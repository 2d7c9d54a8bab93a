#pragma once
// ESRI shapefiles (.shp + .shx + .dbf, with .prj and .cpg) into a Layer, through Shapelib.
//
// What it does with imperfect files (each case becomes a Diagnostic in
// Layer::warnings naming file, record and fault, never a crash):
//  - missing or damaged .shx: the index is rebuilt by walking the .shp;
//  - .shp header length that disagrees with the file, index entries pointing
//    outside the file, records running past its end: those records are
//    features without geometry (attributes kept), the rest is read;
//  - null shapes: features without geometry (counted, as GDAL/OGR does);
//  - NaN, infinite or out-of-range coordinates: the record's geometry is dropped;
//  - polygon rings under 4 points, lines under 2, bad part indices: the part
//    (or record) is dropped; unclosed rings are closed;
//  - missing/damaged .dbf: features without attributes;
//  - MultiPatch: read as polygons (triangle strips and fans become triangles);
//  - Z and M values are ignored (read as 2D).
// It throws atlas::Error ("file: what is wrong") when nothing sensible can be
// read: no .shp, not a shapefile, unknown shape type, or (by default) a CRS it
// cannot convert to WGS84.
#include <filesystem>
#include <vector>
#include <string>

#include "geo/layer.hpp"

namespace atlas {

struct LoadOptions {
    // What to do with coordinates that cannot be placed on the map: a .prj naming a
    // projection we do not convert, or no .prj and coordinates outside lon/lat ranges.
    enum class Unplaced { Refuse, KeepSourceCoordinates };
    Unplaced unplaced = Unplaced::Refuse;
    // Code page for DBF text when neither .cpg nor the language driver byte names one
    // and the text is not valid UTF-8.
    std::string fallback_codepage = "CP1252";
    bool read_attributes = true;
    // Individual diagnostics kept per kind of fault; the rest are summarised.
    size_t max_warnings_per_kind = 20;
};

[[nodiscard]] Layer load_shapefile(const std::filesystem::path& shp, const LoadOptions& options = {});

// Every *.shp directly in `dir`, in name order (the basemap's drawing and
// labelling start from this order); empty when the folder cannot be read.
[[nodiscard]] std::vector<std::filesystem::path> shapefiles_in(const std::filesystem::path& dir);

// Every shapefile of a folder, read (the basemap: geodata/*.shp): the layers in
// name order, and one line per file that could not be read (the others stay);
// `problems` says so when the folder holds none. Needs no OpenGL, so a program
// starts it on another thread while its GL context and shaders are made
// (std::async), and hands the layers to the renderer after. With a
// `cache_dir`, each file as read is kept there and read back while the
// shapefile is unchanged (geo/layer_cache.hpp).
struct FolderLayers {
    std::vector<Layer> layers;
    std::vector<std::string> problems;
};
[[nodiscard]] FolderLayers load_shapefiles_in(const std::filesystem::path& dir,
                                              const std::filesystem::path& cache_dir = {});

// ESRI name of a shape type code: "Point", "PolyLineZ", "MultiPatch", "Null"; "" if unknown.
[[nodiscard]] std::string shape_type_name(int shp_type);
// OGR's name for a layer of this shape type ("3D Measured Polygon", "Unknown (any)").
// `measured`: whether Z records carry M values (OGR looks at the first shape).
[[nodiscard]] std::string ogr_geometry_name(int shp_type, bool measured);

}  // namespace atlas
