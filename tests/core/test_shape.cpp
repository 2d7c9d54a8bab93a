// Areas and routes: WKT read and written back, the checks every way in shares,
// the marker's point, and the distance used for picking.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/shape.hpp"

namespace atlas {
namespace {

const std::vector<LatLon> kBlock = {{43.25, 76.94}, {43.25, 76.96}, {43.27, 76.96}, {43.27, 76.94}};

TEST(Wkt, APolygonRoundTripsWithItsRingClosedOnlyInTheText) {
    Location l;
    set_shape(l, ShapeKind::Area, kBlock);
    const std::string wkt = to_wkt(l);
    EXPECT_EQ(wkt, "POLYGON ((76.94 43.25, 76.96 43.25, 76.96 43.27, 76.94 43.27, 76.94 43.25))");
    const Shape back = parse_wkt(wkt);
    EXPECT_EQ(back.kind, ShapeKind::Area);
    EXPECT_EQ(back.vertices, kBlock);
}

TEST(Wkt, ShortestDigitsThatReadBackExactly) {
    Location l;
    set_shape(l, ShapeKind::Route, {{43.123456789012345, 76.1}, {43.2, 76.98765432109876}});
    const Shape back = parse_wkt(to_wkt(l));
    EXPECT_EQ(back.vertices, l.vertices);
}

TEST(Wkt, PointsRoutesCaseSpacingAndExtraDimensions) {
    EXPECT_EQ(parse_wkt("POINT (76.9 43.2)").vertices, (std::vector<LatLon>{{43.2, 76.9}}));
    EXPECT_EQ(parse_wkt("  point(76.9 43.2)  ").kind, ShapeKind::Point);
    const Shape z = parse_wkt("LINESTRING Z (76.9 43.2 800, 76.95 43.25 900)");
    EXPECT_EQ(z.kind, ShapeKind::Route);
    EXPECT_EQ(z.vertices, (std::vector<LatLon>{{43.2, 76.9}, {43.25, 76.95}}));
    EXPECT_EQ(parse_wkt("LineString(76.9 43.2 1,76.95 43.25 2)").vertices.size(), 2u);
    EXPECT_EQ(parse_wkt("POLYGON ZM ((0 0 1 2, 1 0 1 2, 1 1 1 2, 0 0 1 2))").vertices.size(), 3u);
    EXPECT_EQ(parse_wkt("POINT (+76.9 -43.2)").vertices[0].lat, -43.2);
}

std::string wkt_error(std::string_view text) {
    try {
        (void)parse_wkt(text);
    } catch (const Error& e) {
        return e.what();
    }
    return "(read)";
}

TEST(Wkt, FaultsNameTheCharacterAndTheReason) {
    EXPECT_EQ(wkt_error("POINT (76.9 x)"), "character 13: expected a number");
    EXPECT_EQ(wkt_error("LINESTRING (76.9 43.2, 76.95 43.25"), "character 35: expected ')'");
    EXPECT_NE(wkt_error("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))").find("MULTIPOLYGON is not taken"), std::string::npos);
    EXPECT_NE(wkt_error("POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))").find("holes"), std::string::npos);
    EXPECT_NE(wkt_error("POINT EMPTY").find("empty"), std::string::npos);
    EXPECT_NE(wkt_error("CIRCLE (1 2)").find("unknown geometry 'CIRCLE'"), std::string::npos);
    EXPECT_NE(wkt_error("POINT (1 2) junk").find("unexpected text"), std::string::npos);
    EXPECT_NE(wkt_error("LINESTRING (76.9 43.2, 76.9 43.2)").find("two different places"), std::string::npos);
    EXPECT_NE(wkt_error("POLYGON ((0 10, 1 10, 2 10, 0 10))").find("enclose no ground"), std::string::npos);
    EXPECT_NE(wkt_error("POINT (200 43)").find("vertex 1"), std::string::npos);
    EXPECT_NE(wkt_error("POINT (nan 43)").find("not finite"), std::string::npos);
    EXPECT_NE(wkt_error("").find("expected POINT"), std::string::npos);
    EXPECT_EQ(wkt_error("POINT (76.9 43.25.1)"), "character 18: expected a space, ',' or ')' after the number");
}

TEST(Wkt, AMillionVertexClaimIsRefusedBeforeItIsRead) {
    std::string text = "LINESTRING (";
    for (size_t i = 0; i < kMaxShapeVertices + 5; ++i) text += (i ? ", " : "") + std::string("76.9 43.2");
    text += ")";
    EXPECT_NE(wkt_error(text).find("more than 20000 vertices"), std::string::npos);
}

TEST(Shape, AnAreasMarkerIsItsCentroidARoutesIsHalfwayAlong) {
    const LatLon c = representative_point(ShapeKind::Area, kBlock);
    EXPECT_NEAR(c.lon, 76.95, 1e-9);
    EXPECT_NEAR(c.lat, 43.26, 1e-4);  // Mercator's centre of the block, a hair north of the mean
    // An L-shaped route: 1 km east, then 3 km north; halfway is 1 km up the second leg.
    const double dlat = 1000.0 / 111319.49, dlon = 1000.0 / (111319.49 * std::cos(43.2 * M_PI / 180));
    const std::vector<LatLon> route = {{43.2, 76.9}, {43.2, 76.9 + dlon}, {43.2 + 3 * dlat, 76.9 + dlon}};
    const LatLon h = representative_point(ShapeKind::Route, route);
    EXPECT_NEAR(h.lon, 76.9 + dlon, 1e-9);
    EXPECT_NEAR(h.lat, 43.2 + dlat, 1e-5);
}

TEST(Shape, SetShapeMovesTheMarkerAndAPointDropsTheOutline) {
    Location l;
    l.lat = 1;
    l.lon = 2;
    set_shape(l, ShapeKind::Area, kBlock);
    EXPECT_NEAR(l.lat, 43.26, 1e-4);
    set_shape(l, ShapeKind::Point, {});
    EXPECT_TRUE(l.vertices.empty());
    EXPECT_EQ(l.shape, ShapeKind::Point);
    EXPECT_NEAR(l.lat, 43.26, 1e-4);  // the point stays where the marker was
}

TEST(Shape, AreasAreStoredCounterClockwiseFromTheirFirstCorner) {
    Location l;
    const std::vector<LatLon> cw = {kBlock[0], kBlock[3], kBlock[2], kBlock[1]};
    set_shape(l, ShapeKind::Area, cw);
    EXPECT_EQ(l.vertices, kBlock);
    std::vector<LatLon> again = l.vertices;
    orient_counter_clockwise(again);
    EXPECT_EQ(again, kBlock) << "not idempotent";
    // A route keeps its direction: it has a start and an end.
    set_shape(l, ShapeKind::Route, cw);
    EXPECT_EQ(l.vertices, cw);
}

TEST(Shape, Problems) {
    EXPECT_EQ(shape_problem(ShapeKind::Area, kBlock), "");
    EXPECT_EQ(shape_problem(ShapeKind::Area, std::vector<LatLon>(kBlock.begin(), kBlock.begin() + 2)),
              "an area needs three different corners");
    EXPECT_EQ(shape_problem(ShapeKind::Route, std::vector<LatLon>{{43, 76}}), "a route needs two different places");
    EXPECT_NE(shape_problem(ShapeKind::Route, std::vector<LatLon>{{43, 76}, {NAN, 76}}).find("vertex 2"),
              std::string::npos);
}

TEST(Shape, DistanceIsZeroInsideAnAreaAndMetresToARoute) {
    EXPECT_EQ(distance_to_shape_m({43.26, 76.95}, ShapeKind::Area, kBlock), 0.0);
    // 0.01 degree of latitude south of the block: about 1.11 km.
    EXPECT_NEAR(distance_to_shape_m({43.24, 76.95}, ShapeKind::Area, kBlock), 1113, 5);
    // The same point and the block's south edge as a route.
    const std::vector<LatLon> edge = {kBlock[0], kBlock[1]};
    EXPECT_NEAR(distance_to_shape_m({43.24, 76.95}, ShapeKind::Route, edge), 1113, 5);
    EXPECT_GT(distance_to_shape_m({43.26, 76.95}, ShapeKind::Route, edge), 1000);
}

TEST(Shape, ConvexHullKeepsTheOutermostPointsCounterClockwise) {
    // A square with points inside it, on an edge, and repeated.
    std::vector<LatLon> pts = {{43.30, 76.90}, {43.25, 76.85}, {43.28, 76.87}, {43.25, 76.90}, {43.30, 76.85},
                               {43.25, 76.875}, {43.27, 76.88}, {43.30, 76.90}, {43.26, 76.86}};
    const std::vector<LatLon> hull = convex_hull(pts);
    const std::vector<LatLon> want = {{43.25, 76.85}, {43.25, 76.90}, {43.30, 76.90}, {43.30, 76.85}};
    EXPECT_EQ(hull, want);
    // Counter-clockwise already: orienting it changes nothing, and it is a valid area.
    std::vector<LatLon> oriented = hull;
    orient_counter_clockwise(oriented);
    EXPECT_EQ(oriented, hull);
    EXPECT_EQ(shape_problem(ShapeKind::Area, hull), "");
    // Every input point is inside or on it.
    for (LatLon p : pts) EXPECT_LT(distance_to_shape_m(p, ShapeKind::Area, hull), 1e-6);

    // Random points: the hull holds them all, and turns left at every vertex.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lat(43.1, 43.4), lon(76.7, 77.1);
    std::vector<LatLon> cloud(2000);
    for (LatLon& p : cloud) p = {lat(rng), lon(rng)};
    const std::vector<LatLon> h = convex_hull(cloud);
    ASSERT_GE(h.size(), 3u);
    for (size_t i = 0; i < h.size(); ++i) {
        const LatLon o = h[i], a = h[(i + 1) % h.size()], b = h[(i + 2) % h.size()];
        EXPECT_GT((a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon), 0.0) << i;
    }
    for (LatLon p : cloud) EXPECT_LT(distance_to_shape_m(p, ShapeKind::Area, h), 1e-6);

    // Degenerate input: points on one line give its two ends; invalid ones are dropped.
    EXPECT_EQ(convex_hull({{43.2, 76.9}, {43.3, 76.9}, {43.25, 76.9}}),
              (std::vector<LatLon>{{43.2, 76.9}, {43.3, 76.9}}));
    EXPECT_EQ(convex_hull({{std::nan(""), 76.9}, {43.2, 76.9}}), (std::vector<LatLon>{{43.2, 76.9}}));
    EXPECT_TRUE(convex_hull({}).empty());
}

}  // namespace
}  // namespace atlas
