#pragma once
// GeoJSON files (RFC 7946) as map layers, beside shapefiles.
//
// A FeatureCollection, a single Feature or a bare geometry. Point and MultiPoint make a
// point layer, LineString and MultiLineString a line layer, Polygon and MultiPolygon a
// polygon layer. load_geojson takes a file of one of the three (as a shapefile is);
// load_geojson_layers makes a file that mixes them one layer per kind, named
// "<file> (points)", "<file> (lines)", "<file> (polygons)" in order of first
// appearance (features without geometry go with the first). GeometryCollection
// is refused. Coordinates are WGS84 longitude, latitude (a third value, the height, is
// ignored). Properties become the layer's fields in order of first appearance: text as
// it is, numbers as written, true/false, null as empty; nested objects and arrays as
// their JSON text. Polygon rings are wound as in a shapefile (outer clockwise, holes
// counter-clockwise) whatever the file's winding. A feature with a null geometry keeps
// its properties and has no shape.
//
// Faults throw atlas::Error "file:line: field: what", the line being where the JSON
// breaks or where the offending feature begins.
#include <filesystem>
#include <vector>

#include "geo/layer.hpp"

namespace atlas {

[[nodiscard]] Layer load_geojson(const std::filesystem::path& path);
[[nodiscard]] std::vector<Layer> load_geojson_layers(const std::filesystem::path& path);

// True for the names GeoJSON files go by (.geojson, .json; any case).
[[nodiscard]] bool is_geojson_path(const std::filesystem::path& path);

// A map layer from a file a user adds: GeoJSON by its name, a shapefile otherwise.
[[nodiscard]] Layer load_map_layer(const std::filesystem::path& path);
// The same, a GeoJSON file of several kinds of geometry as one layer per kind.
[[nodiscard]] std::vector<Layer> load_map_layers(const std::filesystem::path& path);

}  // namespace atlas
