#pragma once
// A vector layer in memory: flat arrays, ready to tessellate and upload.
// Coordinates are WGS84 longitude/latitude after any CRS conversion.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/geo.hpp"

namespace atlas {

enum class GeometryKind : uint8_t { Point, Line, Polygon };

struct FieldInfo {
    std::string name;
    char type = 'C';      // DBF type letter: C, N, F, L, D, ...
    int width = 0;
    int decimals = 0;
};

struct Layer {
    std::string name;                    // file stem by default
    std::filesystem::path path;
    GeometryKind kind = GeometryKind::Point;
    std::string shape_type;              // as in the file: "Polygon", "PolyLineZ", "MultiPointM", ...
    std::string geometry_name;           // as OGR names it: "3D Polygon", "Measured Line String", "Unknown (any)"
    std::string crs;                     // "WGS 84", "WGS 84 / UTM zone 43N", ...
    std::string codepage;                // "UTF-8", "CP1251", ...
    // False only when the loader was asked to keep coordinates it could not place
    // (no or unsupported .prj): then `lonlat` holds the file's own x,y.
    bool georeferenced = true;

    // Feature f owns parts [feature_parts[f], feature_parts[f+1]); part p owns
    // vertices [part_vertices[p], part_vertices[p+1]). Polygons: rings, outer
    // rings clockwise as in the shapefile, holes counter-clockwise, each ring
    // closed (last vertex == first). Lines: parts of 2+ vertices. Points: one
    // part per feature holding its point(s) (a multipoint's points together).
    // A feature with no parts has no geometry (a null shape, or a record whose
    // geometry was unreadable): it still has its attributes, so feature counts
    // agree with the file's record count (and with GDAL/OGR).
    std::vector<uint32_t> feature_parts{0};
    std::vector<uint32_t> part_vertices{0};
    std::vector<double> lonlat;          // x0,y0,x1,y1,... (WGS84 degrees)
    std::vector<int32_t> record;         // shapefile record number of each feature

    std::vector<FieldInfo> fields;
    std::vector<std::string> attributes; // row-major: attributes[f * fields.size() + i], UTF-8

    BoundsLL bounds;
    Diagnostics warnings;                // records skipped or repaired, with reasons

    [[nodiscard]] size_t feature_count() const noexcept { return feature_parts.size() - 1; }
    [[nodiscard]] size_t part_count() const noexcept { return part_vertices.size() - 1; }
    [[nodiscard]] size_t vertex_count() const noexcept { return lonlat.size() / 2; }
    [[nodiscard]] int field_index(std::string_view field_name) const noexcept {
        for (size_t i = 0; i < fields.size(); ++i)
            if (fields[i].name == field_name) return static_cast<int>(i);
        return -1;
    }
    [[nodiscard]] const std::string& attribute(size_t feature, size_t field) const {
        return attributes[feature * fields.size() + field];
    }
};

}  // namespace atlas
