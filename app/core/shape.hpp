#pragma once
// The ground an event covers beyond a point: an area's outline or a route's
// line (Location::shape, Location::vertices), written and read as WKT (the text
// form GIS tools share: QGIS and GDAL read a CSV column of it), checked by one
// rule for every way in (import, the editor, the project file), and reduced to
// the one point where the event's marker sits.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/geo.hpp"

namespace atlas {

// More vertices than this are refused: an outline drawn by hand or traced from
// a map has dozens; a million-vertex claim in a file must not take the memory.
inline constexpr size_t kMaxShapeVertices = 20000;

struct Shape {
    ShapeKind kind = ShapeKind::Point;
    std::vector<LatLon> vertices;   // as Location::vertices; for a point, the one position
    friend bool operator==(const Shape&, const Shape&) = default;
};

// What is wrong with a shape, in plain words; empty when it is fine. An area
// needs three distinct vertices that enclose some ground, a route two distinct
// vertices; every vertex a finite latitude -90..90 and longitude -180..180.
[[nodiscard]] std::string shape_problem(ShapeKind kind, std::span<const LatLon> vertices);

// Where the marker of an area or a route sits: an area's centroid (of its
// surface, in Web Mercator), or the vertex mean when the outline encloses no
// ground; a route's point halfway along its length. A point: its vertex.
// Precondition: vertices not empty.
[[nodiscard]] LatLon representative_point(ShapeKind kind, std::span<const LatLon> vertices);

// Turns an area's outline counter-clockwise (east, then north: GeoJSON's
// right-hand rule), keeping its first vertex first. An outline whose turn is
// too close to call is left as it is.
void orient_counter_clockwise(std::vector<LatLon>& vertices);

// The smallest convex outline holding every point (the outline of a
// neighbourhood known only by its streets), counter-clockwise from the
// south-westernmost vertex, without collinear vertices. Computed in degrees,
// which keeps convexity at a city's scale (longitude times cos(latitude) is a
// linear stretch). Fewer than three points not all on one line give what
// distinct points there are.
[[nodiscard]] std::vector<LatLon> convex_hull(std::vector<LatLon> points);

// Sets the location's shape and vertices and moves lat/lon to their
// representative point (a Point keeps lat/lon and drops the vertices). An
// area is stored counter-clockwise, whichever way it was drawn.
void set_shape(Location& location, ShapeKind kind, std::vector<LatLon> vertices);

// WKT of a location: "POINT (76.95 43.25)", "POLYGON ((lon lat, ..., first))",
// "LINESTRING (lon lat, ...)"; longitude first, shortest round-trip digits.
[[nodiscard]] std::string to_wkt(const Location& location);

// Reads POINT, LINESTRING or POLYGON (its outer ring; the closing vertex is
// dropped), any letter case, Z/M/ZM coordinates taken without the extra values.
// Throws atlas::Error naming the character where the text stops making sense
// ("character 18: expected a number"), or the kind it does not take (MULTI*,
// polygons with holes, EMPTY). The shape is also checked by shape_problem.
[[nodiscard]] Shape parse_wkt(std::string_view text);

// Ground distance in metres from a point to an area (0 inside it) or a route;
// for a Point kind, to its first vertex. For picking an event by its shape.
[[nodiscard]] double distance_to_shape_m(LatLon p, ShapeKind kind, std::span<const LatLon> vertices);

}  // namespace atlas
