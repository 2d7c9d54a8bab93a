#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <filesystem>

#include "core/paths.hpp"
#include "geo/shapefile.hpp"
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

TEST(Tessellate, SelfIntersectingRingsStayInTheirBounds) {
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}};
    t.add_rings(rings, m);
    // The two lobes wind opposite ways and cancel: the ring has no net area and is
    // left out rather than filled wrongly.
    EXPECT_EQ(m.triangle_count(), 0u);
    // A figure eight with unequal lobes: the crossing is not split, and the
    // triangles stay within the ring's box.
    std::vector<std::vector<MercatorXY>> eight = {{{0, 0}, {20, 10}, {20, 0}, {0, 4}}};
    Mesh2D m8;
    Tessellator t8;
    t8.add_rings(eight, m8);
    for (size_t i = 0; i < m8.xy.size(); i += 2) {
        EXPECT_GE(m8.xy[i], 0.0f);
        EXPECT_LE(m8.xy[i], 20.0f);
        EXPECT_GE(m8.xy[i + 1], 0.0f);
        EXPECT_LE(m8.xy[i + 1], 10.0f);
    }
    EXPECT_LE(mesh_area(m8), 200.0);
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

namespace atlas {
namespace {

// Area of a polygon feature by the shoelace formula, in local Mercator metres:
// rings counted with their sign, so clockwise outer rings (the shapefile
// convention) add and counter-clockwise holes subtract.
double feature_area(const Layer& layer, size_t f, MercatorXY origin) {
    double total = 0;
    for (uint32_t p = layer.feature_parts[f]; p < layer.feature_parts[f + 1]; ++p) {
        double a = 0;
        const uint32_t v0 = layer.part_vertices[p], v1 = layer.part_vertices[p + 1];
        for (uint32_t v = v0; v < v1; ++v) {
            const uint32_t w = v + 1 < v1 ? v + 1 : v0;
            const MercatorXY A = to_local(layer.lonlat[2 * v], layer.lonlat[2 * v + 1], origin);
            const MercatorXY B = to_local(layer.lonlat[2 * w], layer.lonlat[2 * w + 1], origin);
            a += A.x * B.y - B.x * A.y;
        }
        total -= a / 2;  // clockwise is negative in the shoelace sum
    }
    return total;
}

std::filesystem::path osm_dir() {
    return paths::source_dir().parent_path() / "shared" / "osm-almaty";
}

void expect_mesh_area_matches(const std::filesystem::path& shp) {
    if (!std::filesystem::exists(shp)) GTEST_SKIP() << shp << " absent";
    const Layer layer = load_shapefile(shp);
    ASSERT_EQ(layer.kind, GeometryKind::Polygon);
    const MercatorXY origin = WebMercator::forward({layer.bounds.min_lat, layer.bounds.min_lon});
    Tessellator t;
    double total = 0, expected_total = 0;
    size_t checked = 0;
    for (size_t f = 0; f < layer.feature_count(); ++f) {
        Mesh2D m;
        t.add_feature(layer, f, origin, m);
        const double expected = feature_area(layer, f, origin);
        if (expected <= 0) continue;  // no geometry
        EXPECT_NEAR(mesh_area(m), expected, expected * 1e-4 + 1.0) << "feature " << f;
        total += mesh_area(m);
        expected_total += expected;
        ++checked;
    }
    EXPECT_GT(checked, 0u);
    EXPECT_NEAR(total, expected_total, expected_total * 1e-5);
    EXPECT_EQ(t.error_count(), 0u);
}

TEST(TessellateReal, WaterAreasMatchTheirRings) { expect_mesh_area_matches(osm_dir() / "water.shp"); }
TEST(TessellateReal, DistrictAreasMatchTheirRings) { expect_mesh_area_matches(osm_dir() / "districts.shp"); }

TEST(Tessellate, ManyHolesAndAnIslandInALake) {
    // A 1000 m square with a 10 x 10 grid of 40 m square holes, one hole with an island.
    std::vector<std::vector<MercatorXY>> rings = {square(0, 0, 1000, true)};
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j) rings.push_back(square(50 + 90.0 * i, 50 + 90.0 * j, 40, (i + j) % 2 == 0));
    rings.push_back(square(60, 60, 20, true));  // inside the first hole
    Tessellator t;
    Mesh2D m;
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 1000.0 * 1000 - 100 * 40.0 * 40 + 20.0 * 20, 1e-2);
    EXPECT_TRUE(point_covered(m, 70, 70));    // the island
    EXPECT_FALSE(point_covered(m, 55, 55));   // the lake around it
    EXPECT_TRUE(point_covered(m, 45, 45));    // land between the holes
    EXPECT_FALSE(point_covered(m, 510, 510)); // another hole
    EXPECT_EQ(t.error_count(), 0u);
}

TEST(Tessellate, CollinearAndDuplicatePointsOnTheBoundary) {
    // An L shape with repeated points and points in the middle of straight edges.
    std::vector<MercatorXY> l = {{0, 0}, {5, 0}, {5, 0}, {10, 0}, {20, 0}, {20, 10}, {20, 10}, {10, 10},
                                 {10, 20}, {10, 30}, {0, 30}, {0, 15}, {0, 0}};
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {l};
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 20.0 * 10 + 10.0 * 20, 1e-6);
    EXPECT_FALSE(point_covered(m, 15, 20));
    EXPECT_EQ(t.error_count(), 0u);
}

TEST(Tessellate, ConcaveCombIsFilledExactly) {
    // A comb: 50 teeth 1 m wide and 10 m long on a 2 m spine; many reflex corners.
    std::vector<MercatorXY> comb = {{0, 0}, {100, 0}, {100, 2}};
    for (int i = 49; i >= 0; --i) {
        comb.push_back({2.0 * i + 1, 2});
        comb.push_back({2.0 * i + 1, 12});
        comb.push_back({2.0 * i, 12});
        comb.push_back({2.0 * i, 2});
    }
    Tessellator t;
    Mesh2D m;
    std::vector<std::vector<MercatorXY>> rings = {comb};
    t.add_rings(rings, m);
    EXPECT_NEAR(mesh_area(m), 100.0 * 2 + 50 * 1.0 * 10, 1e-6);
    EXPECT_FALSE(point_covered(m, 1.5, 8));   // between two teeth
    EXPECT_TRUE(point_covered(m, 0.5, 8));    // in a tooth
    EXPECT_EQ(t.error_count(), 0u);
}

}  // namespace
}  // namespace atlas
