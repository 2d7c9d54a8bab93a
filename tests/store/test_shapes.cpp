// Events that cover an area or follow a route, through every way in and out:
// the project file (and its migration), CSV with a WKT column, GeoJSON
// Polygon/LineString, KML. Faults are reported on the row with their reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/shape.hpp"
#include "store/csv.hpp"
#include "store/geojson.hpp"
#include "store/kml.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

using namespace atlas;
using atlas::test::all_problems;
using atlas::test::has_problem;
using atlas::test::ids_of;
using atlas::test::TempDir;
using nlohmann::json;

namespace {

// The sample dataset with its first event an area (a settlement) and its second a route.
Dataset with_shapes() {
    Dataset d = atlas::test::sample_dataset();
    set_shape(d.events[0].location, ShapeKind::Area,
              {{43.325, 76.855}, {43.325, 76.875}, {43.34, 76.875}, {43.34, 76.855}});
    set_shape(d.events[1].location, ShapeKind::Route, {{43.32, 76.86}, {43.30, 76.88}, {43.27, 76.92}});
    return d;
}

const Event& by_id(const Dataset& d, const std::string& id) {
    const Event* e = d.find_event(id);
    if (!e) throw std::runtime_error("no event " + id);
    return *e;
}

}  // namespace

TEST(Shapes, SavedAndLoadedExactlyInTheProject) {
    TempDir dir;
    const Dataset d = with_shapes();
    {
        Project p = Project::open(dir / "s.atlas", OpenMode::CreateIfMissing);
        p.merge(d);
    }
    const Dataset back = Project::open(dir / "s.atlas", OpenMode::ReadOnly).load();
    for (const Event& e : d.events) EXPECT_EQ(by_id(back, e.id), e) << e.id;
    EXPECT_EQ(by_id(back, d.events[0].id).location.shape, ShapeKind::Area);
}

TEST(Shapes, AProjectOfTheLastVersionGainsTheColumnAndKeepsItsPoints) {
    TempDir dir;
    const auto file = dir / "v6.atlas";
    Project::create_at_schema_version(file, 6);
    {
        Project p = Project::open(file, OpenMode::ReadWrite);
        EXPECT_EQ(p.schema_version(), Project::kSchemaVersion);
        p.merge(with_shapes());
    }
    const Dataset back = Project::open(file, OpenMode::ReadOnly).load();
    EXPECT_EQ(by_id(back, with_shapes().events[1].id).location.shape, ShapeKind::Route);
    EXPECT_EQ(by_id(back, with_shapes().events[2].id).location.shape, ShapeKind::Point);
}

TEST(Shapes, ADamagedGeometryInTheFileIsNamed) {
    TempDir dir;
    const auto file = dir / "bad.atlas";
    Project::open(file, OpenMode::CreateIfMissing).merge(with_shapes());
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(db, "UPDATE events SET geometry = 'POLYGON ((1 2' WHERE geometry <> ''", nullptr,
                               nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(db);
    }
    try {
        (void)Project::open(file, OpenMode::ReadOnly).load();
        FAIL() << "a damaged geometry was read";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("bad.atlas"), std::string::npos) << what;
        EXPECT_NE(what.find("geometry"), std::string::npos) << what;
    }
}

TEST(Shapes, CsvCarriesWktAndReadsItBack) {
    const Dataset d = with_shapes();
    const std::string csv = export_csv(d, ids_of(d));
    EXPECT_NE(csv.find("\"POLYGON ((76.855 43.325, 76.875 43.325, 76.875 43.34, 76.855 43.34, 76.855 43.325))\""),
              std::string::npos);
    EXPECT_NE(csv.find("POINT ("), std::string::npos);
    const ImportResult r = import_csv(csv, "out.csv");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    for (const Event& e : d.events) {
        const Event& got = by_id(r.data, e.id);
        EXPECT_EQ(got.location.shape, e.location.shape);
        EXPECT_EQ(got.location.vertices, e.location.vertices);
        EXPECT_NEAR(got.location.lat, e.location.lat, 1e-9);
    }
}

TEST(Shapes, CsvWithOnlyWktAndItsFaultsByRow) {
    const std::string csv =
        "title,category,time,wkt\n"
        "Settlement,eviction,2006-04-05,\"POLYGON ((76.855 43.325, 76.875 43.325, 76.875 43.34, 76.855 43.325))\"\n"
        "March,protest,2006-03-20,\"LINESTRING (76.86 43.32, 76.92 43.27)\"\n"
        "Broken,protest,2006-03-20,\"LINESTRING (76.86 43.32, oops)\"\n"
        "Nowhere,protest,2006-03-20,\n";
    const ImportResult r = import_csv(csv, "in.csv", ImportOptions{.skip_bad = true});
    ASSERT_EQ(r.data.events.size(), 2u) << all_problems(r);
    EXPECT_EQ(r.data.events[0].location.shape, ShapeKind::Area);
    EXPECT_NEAR(r.data.events[0].location.lat, 43.33, 0.01);
    EXPECT_EQ(r.data.events[1].location.shape, ShapeKind::Route);
    EXPECT_TRUE(has_problem(r, 4, "wkt")) << all_problems(r);
    EXPECT_NE(all_problems(r).find("expected a number"), std::string::npos) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 5, "lat")) << all_problems(r);
}

TEST(Shapes, GeoJsonPolygonsAreRightHandedAndClosedAndReadBack) {
    Dataset d = with_shapes();
    // Drawn clockwise: the export turns it to counter-clockwise, as RFC 7946 asks.
    std::vector<LatLon> cw(d.events[0].location.vertices.rbegin(), d.events[0].location.vertices.rend());
    set_shape(d.events[0].location, ShapeKind::Area, cw);
    const json doc = json::parse(export_geojson(d, ids_of(d)));
    const json* area = nullptr;
    const json* route = nullptr;
    for (const json& f : doc["features"]) {
        if (f["geometry"]["type"] == "Polygon") area = &f;
        if (f["geometry"]["type"] == "LineString") route = &f;
    }
    ASSERT_TRUE(area && route);
    const json& ring = (*area)["geometry"]["coordinates"][0];
    ASSERT_EQ(ring.size(), 5u);
    EXPECT_EQ(ring.front(), ring.back());
    double twice = 0;
    for (size_t i = 0; i + 1 < ring.size(); ++i)
        twice += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
                 ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    EXPECT_GT(twice, 0) << "outer ring not counter-clockwise";
    EXPECT_EQ((*area)["properties"]["shape"], "area");
    EXPECT_EQ((*route)["geometry"]["coordinates"].size(), 3u);

    const ImportResult r = import_geojson(doc.dump(), "out.geojson");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    EXPECT_EQ(by_id(r.data, d.events[0].id).location.shape, ShapeKind::Area);
    EXPECT_EQ(by_id(r.data, d.events[0].id).location.vertices.size(), 4u);
    EXPECT_EQ(by_id(r.data, d.events[1].id).location.vertices, d.events[1].location.vertices);
}

TEST(Shapes, GeoJsonRefusesWhatIsNotOneShapeWithTheReason) {
    auto one = [](const std::string& geometry) {
        return R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":)" + geometry +
               R"(,"properties":{"title":"t","category":"protest","time":"2006-03-20"}}]})";
    };
    const ImportResult holes = import_geojson(
        one(R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]})"), "h.geojson");
    EXPECT_TRUE(has_problem(holes, 1, "geometry")) << all_problems(holes);
    EXPECT_NE(all_problems(holes).find("holes"), std::string::npos);
    const ImportResult multi = import_geojson(one(R"({"type":"MultiPoint","coordinates":[[0,0],[1,1]]})"), "m.geojson");
    EXPECT_NE(all_problems(multi).find("MultiPoint is not taken"), std::string::npos) << all_problems(multi);
    const ImportResult line = import_geojson(one(R"({"type":"LineString","coordinates":[[76.9,43.2]]})"), "l.geojson");
    EXPECT_NE(all_problems(line).find("two different places"), std::string::npos) << all_problems(line);
    const ImportResult bad = import_geojson(one(R"({"type":"LineString","coordinates":[[76.9,43.2],["x",1]]})"), "b.geojson");
    EXPECT_TRUE(has_problem(bad, 1, "geometry")) << all_problems(bad);
}

TEST(Shapes, KmlDrawsTheAreaAndTheRouteWithTheMarker) {
    const Dataset d = with_shapes();
    const std::string kml = export_kml(d, ids_of(d), "Almaty");
    EXPECT_NE(kml.find("<MultiGeometry><Point><coordinates>"), std::string::npos);
    EXPECT_NE(kml.find("<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>"
                       "76.8550000,43.3250000,0 "),
              std::string::npos)
        << kml;
    EXPECT_NE(kml.find("<LineString><tessellate>1</tessellate><coordinates>76.8600000,43.3200000,0 "), std::string::npos);
    EXPECT_NE(kml.find("<PolyStyle>"), std::string::npos);
}
