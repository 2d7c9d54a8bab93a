#pragma once
// Polygon triangulation by ear clipping, holes joined to their outer ring by
// bridges (no OpenGL library involved). Rings come from a Layer
// (WGS84 lon/lat), are projected to Web Mercator in double precision relative
// to a local origin, and leave as float triangles ready to upload: floats stay
// precise because they are offsets of at most tens of kilometres.
//
// Even-odd nesting: a ring inside an odd number of the feature's other rings is
// a hole of the smallest ring holding it, so holes, islands in lakes and
// multi-part records come out right whichever way the file orients its rings
// (shapefiles say outer clockwise, holes counter-clockwise, but files in the
// wild do not always agree). Repeated and collinear points are dropped. A ring
// that crosses itself is not split at the crossing: its convex corners are
// filled and the error is counted.
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

// Reusable triangulator (keeps its work buffers; not thread-safe, make one per thread).
class Tessellator {
public:
    Tessellator();
    ~Tessellator();
    Tessellator(const Tessellator&) = delete;
    Tessellator& operator=(const Tessellator&) = delete;

    // Appends the triangles of polygon feature `feature` of `layer` to `out`
    // (indices are absolute in `out`). Rings with fewer than three distinct
    // points, without area or with non-finite coordinates are left out.
    // Returns the triangles added.
    size_t add_feature(const Layer& layer, size_t feature, MercatorXY origin, Mesh2D& out);

    // Appends the triangles of a set of rings already in the local frame.
    size_t add_rings(std::span<const std::vector<MercatorXY>> rings, Mesh2D& out);

    // Rings met since construction that were not simple (a crossing, or a hole
    // outside its ring): their triangles follow the ring's convex corners.
    [[nodiscard]] size_t error_count() const noexcept;

    struct State;  // the ring being clipped and the work buffers

private:
    std::unique_ptr<State> state_;
};

// Triangulates every feature of a polygon layer. Empty for other kinds.
[[nodiscard]] Mesh2D tessellate_layer(const Layer& layer, MercatorXY origin);

// Total area of a mesh's triangles (each counted unsigned), in square metres of the local frame.
[[nodiscard]] double mesh_area(const Mesh2D& mesh) noexcept;

}  // namespace atlas
