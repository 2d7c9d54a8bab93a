#pragma once
// Polygon triangulation through the GLU tessellator. Rings come from a Layer
// (WGS84 lon/lat), are projected to Web Mercator in double precision relative
// to a local origin, and leave as float triangles ready to upload: floats stay
// precise because they are offsets of at most tens of kilometres.
//
// Winding rule ODD: a point is inside when it lies inside an odd number of the
// feature's rings, so holes and multi-part records come out right whichever
// way the file orients its rings (shapefiles say outer clockwise, holes
// counter-clockwise, but files in the wild do not always agree).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/geo.hpp"
#include "geo/layer.hpp"

namespace atlas {

// Triangles in a local frame: xy holds x0,y0,x1,y1,... in metres relative to
// the origin the caller chose; indices hold three vertex numbers a triangle.
struct Mesh2D {
    std::vector<float> xy;
    std::vector<uint32_t> indices;
    [[nodiscard]] size_t vertex_count() const noexcept { return xy.size() / 2; }
    [[nodiscard]] size_t triangle_count() const noexcept { return indices.size() / 3; }
};

// Web Mercator metres of a lon/lat relative to `origin`, in double.
[[nodiscard]] inline MercatorXY to_local(double lon, double lat, MercatorXY origin) noexcept {
    const MercatorXY m = WebMercator::forward({lat, lon});
    return {m.x - origin.x, m.y - origin.y};
}

// Reusable triangulator (owns one GLUtesselator; not thread-safe, make one per thread).
class Tessellator {
public:
    Tessellator();
    ~Tessellator();
    Tessellator(const Tessellator&) = delete;
    Tessellator& operator=(const Tessellator&) = delete;

    // Appends the triangles of polygon feature `feature` of `layer` to `out`
    // (indices are absolute in `out`). Rings with fewer than three distinct
    // points or with non-finite coordinates are left out; a ring the
    // tessellator rejects yields no triangles. Returns the triangles added.
    size_t add_feature(const Layer& layer, size_t feature, MercatorXY origin, Mesh2D& out);

    // Appends the triangles of a set of rings already in the local frame.
    size_t add_rings(std::span<const std::vector<MercatorXY>> rings, Mesh2D& out);

    // GLU errors met since construction (each one dropped a polygon's triangles).
    [[nodiscard]] size_t error_count() const noexcept;

    struct State;  // GLU callback state (public so the C callbacks can name it)

private:
    std::unique_ptr<State> state_;
};

// Triangulates every feature of a polygon layer. Empty for other kinds.
[[nodiscard]] Mesh2D tessellate_layer(const Layer& layer, MercatorXY origin);

// Total area of a mesh's triangles (each counted unsigned), in square metres of the local frame.
[[nodiscard]] double mesh_area(const Mesh2D& mesh) noexcept;

}  // namespace atlas
