// libFuzzer target for the WKT reader of areas and routes: any bytes either are
// refused with a reason or give a shape that passes the shared checks, whose
// marker point is a real position, and whose WKT reads back to the same shape.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/shape.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    atlas::Shape shape;
    try {
        shape = atlas::parse_wkt(text);
    } catch (const atlas::Error& e) {
        if (std::string_view(e.what()).empty()) {
            std::fprintf(stderr, "refused without a reason\n");
            std::abort();
        }
        return 0;
    }
    if (!atlas::shape_problem(shape.kind, shape.vertices).empty()) {
        std::fprintf(stderr, "read a shape its own check refuses\n");
        std::abort();
    }
    atlas::Location l;
    atlas::set_shape(l, shape.kind, shape.vertices);
    if (!std::isfinite(l.lat) || !std::isfinite(l.lon) || std::fabs(l.lat) > 90.0000001 || std::fabs(l.lon) > 180.0000001) {
        std::fprintf(stderr, "marker point off the earth: %g %g\n", l.lat, l.lon);
        std::abort();
    }
    const atlas::Shape again = atlas::parse_wkt(atlas::to_wkt(l));
    const bool same = shape.kind == atlas::ShapeKind::Point
                          ? again.vertices.size() == 1 && again.vertices[0] == atlas::LatLon{l.lat, l.lon}
                          : again.kind == shape.kind && again.vertices == l.vertices;
    if (!same) {
        std::fprintf(stderr, "round trip failed: %s\n", atlas::to_wkt(l).c_str());
        std::abort();
    }
    (void)atlas::distance_to_shape_m({43.25, 76.95}, shape.kind, shape.vertices);
    return 0;
}
