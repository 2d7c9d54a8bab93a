#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/tessellate.hpp"

namespace atlas {
namespace {

std::vector<MercatorXY> square(double x0, double y0, double side, bool clockwise) {
    std::vector<MercatorXY> r = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
    if (clockwise) std::reverse(r.begin(), r.end());
    return r;
}

// Adds one feature whose parts are the given rings (lon/lat degrees).
void add_feature(Layer& layer, const std::vector<std::vector<std::pair<double, double>>>& rings) {
    for (const auto& ring : rings) {
        for (auto [lon, lat] : ring) {
            layer.lonlat.push_back(lon);
            layer.lonlat.push_back(lat);
            layer.bounds.extend(lon, lat);
        }
        layer.part_vertices.push_back(static_cast<uint32_t>(layer.lonlat.size() / 2));
    }
    layer.feature_parts.push_back(static_cast<uint32_t>(layer.part_vertices.size() - 1));
    layer.record.push_back(static_cast<int32_t>(layer.record.size()));
}

bool point_covered(const Mesh2D& m, double px, double py) {
    for (size_t i = 0; i + 2 < m.indices.size(); i += 3) {
        double x[3], y[3];
        for (int k = 0; k < 3; ++k) {
            x[k] = m.xy[2 * m.indices[i + k]];
            y[k] = m.xy[2 * m.indices[i + k] + 1];
        }
        double d0 = (x[1] - x[0]) * (py - y[0]) - (y[1] - y[0]) * (px - x[0]);
        double d1 = (x[2] - x[1]) * (py - y[1]) - (y[2] - y[1]) * (px - x[1]);
        double d2 = (x[0] - x[2]) * (py - y[2]) - (y[0] - y[2]) * (px - x[2]);
        if ((d0 >= 0 && d1 >= 0 && d2 >= 0) || (d0 <= 0 && d1 <= 0 && d2 <= 0)) return true;
    }
    return false;
}

TEST(Tessellate, SquareWithHoleHasOuterMinusHoleArea) {
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {square(0, 0, 100, true), square(25, 25, 50, false)};
    EXPECT_GT(t.add_rings(rings, m), 0u);
    EXPECT_NEAR(mesh_area(m), 100.0 * 100 - 50.0 * 50, 1e-3);
    EXPECT_TRUE(point_covered(m, 10, 10));
    EXPECT_FALSE(point_covered(m, 50, 50));  // inside the hole
}

TEST(Tessellate, HoleOrientationDoesNotMatter) {
    Tessellator t;
    Mesh2D m;
    // Both rings clockwise: the odd winding rule still makes the inner one a hole.
    std::vector<std::vector<MercatorXY>> rings = {square(0, 0, 100, true), square(25, 25, 50, true)};
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 7500.0, 1e-3);
    EXPECT_FALSE(point_covered(m, 50, 50));
}

TEST(Tessellate, TwoDisjointPartsBothFilled) {
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {square(0, 0, 10, true), square(100, 0, 20, true)};
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 100.0 + 400.0, 1e-3);
    EXPECT_TRUE(point_covered(m, 5, 5));
    EXPECT_TRUE(point_covered(m, 110, 10));
    EXPECT_FALSE(point_covered(m, 50, 5));
}

TEST(Tessellate, DegenerateRingsAreSkippedNotFatal) {
    Tessellator t;
    Mesh2D m;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<MercatorXY>> rings = {
        {},                                        // empty
        {{1, 1}},                                  // one point
        {{0, 0}, {5, 5}, {0, 0}},                  // two distinct points
        {{3, 3}, {3, 3}, {3, 3}, {3, 3}},          // all the same
        {{nan, 0}, {1, nan}, {2, 2}},              // not finite
        square(0, 0, 10, true),                    // the one sound ring
    };
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 100.0, 1e-3);
    // Only degenerate input: no triangles, no crash, nothing half-written.
    Mesh2D empty;
    std::vector<std::vector<MercatorXY>> bad = {{{0, 0}, {1, 1}}, {{2, 2}, {2, 2}, {2, 2}}};
    EXPECT_EQ(t.add_rings(bad, empty), 0u);
    EXPECT_TRUE(empty.xy.empty());
    EXPECT_TRUE(empty.indices.empty());
}

TEST(Tessellate, CollinearRingGivesNoArea) {
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 0}}};
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 0.0, 1e-9);
}

TEST(Tessellate, SelfIntersectingBowTieIsFilled) {
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}};
    t.add_rings(rings, m);
    // Two triangles of area 25 meeting at the crossing, which GLU adds as a new vertex.
    EXPECT_NEAR(mesh_area(m), 50.0, 1e-3);
}

TEST(Tessellate, LayerFeaturesInLocalMercatorMetres) {
    Layer layer;
    layer.kind = GeometryKind::Polygon;
    // A 0.01 degree square near Almaty with a 0.004 degree hole, then a separate multi-part feature.
    const double lon = 76.94, lat = 43.25;
    add_feature(layer, {{{lon, lat}, {lon, lat + 0.01}, {lon + 0.01, lat + 0.01}, {lon + 0.01, lat}, {lon, lat}},
                        {{lon + 0.003, lat + 0.003}, {lon + 0.007, lat + 0.003}, {lon + 0.007, lat + 0.007},
                         {lon + 0.003, lat + 0.007}, {lon + 0.003, lat + 0.003}}});
    add_feature(layer, {{{lon + 1, lat}, {lon + 1, lat + 0.01}, {lon + 1.01, lat + 0.01}, {lon + 1.01, lat}}});
    const MercatorXY origin = WebMercator::forward({lat, lon});
    Mesh2D m = tessellate_layer(layer, origin);
    auto merc_area = [&](double dlon, double dlat, double x0, double y0) {
        const MercatorXY a = WebMercator::forward({lat + y0, lon + x0});
        const MercatorXY b = WebMercator::forward({lat + y0 + dlat, lon + x0 + dlon});
        return (b.x - a.x) * (b.y - a.y);
    };
    const double expected = merc_area(0.01, 0.01, 0, 0) - merc_area(0.004, 0.004, 0.003, 0.003) +
                            merc_area(0.01, 0.01, 1, 0);
    EXPECT_NEAR(mesh_area(m), expected, expected * 1e-5);
    // Local coordinates start at the origin: the first vertex is (0, 0).
    EXPECT_NEAR(m.xy[0], 0.0f, 1e-3);
    EXPECT_NEAR(m.xy[1], 0.0f, 1e-3);
}

TEST(Tessellate, OutOfRangeFeatureAndOtherKindsGiveNothing) {
    Layer layer;
    layer.kind = GeometryKind::Line;
    add_feature(layer, {{{0, 0}, {1, 0}, {1, 1}}});
    EXPECT_EQ(tessellate_layer(layer, {}).triangle_count(), 0u);
    Tessellator t;
    Mesh2D m;
    EXPECT_EQ(t.add_feature(layer, 5, {}, m), 0u);
}

}  // namespace
}  // namespace atlas
