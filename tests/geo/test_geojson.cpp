// GeoJSON files as map layers (geo/geojson): every RFC 7946 geometry a layer can hold,
// properties as fields, rings wound as in a shapefile, and faults named with their line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/error.hpp"
#include "geo/geojson.hpp"

namespace fs = std::filesystem;
using namespace atlas;

namespace {

fs::path write_file(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / ("atlas_geojson_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string error_of(const fs::path& p) {
    try {
        (void)load_geojson(p);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

double ring_signed_area(const Layer& L, size_t part) {
    double a = 0;
    const uint32_t b = L.part_vertices[part], e = L.part_vertices[part + 1];
    for (uint32_t i = b, j = e - 1; i < e; j = i++)
        a += (L.lonlat[2 * j] - L.lonlat[2 * i]) * (L.lonlat[2 * j + 1] + L.lonlat[2 * i + 1]);
    return a / 2;  // positive: clockwise
}

TEST(GeoJson, PolygonsAndMultiPolygonsWithPropertiesMakeAPolygonLayer) {
    // RFC 7946 winding (outer counter-clockwise, hole clockwise), two features on separate lines.
    const fs::path p = write_file("districts.geojson", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Алмалинский район", "pop": 220000, "ok": true},
 "geometry": {"type": "Polygon", "coordinates": [[[76.90, 43.24], [76.95, 43.24], [76.95, 43.27], [76.90, 43.27], [76.90, 43.24]],
                                                 [[76.91, 43.25], [76.91, 43.26], [76.92, 43.26], [76.91, 43.25]]]}},
{"type": "Feature", "properties": {"name": "Two parts", "pop": null},
 "geometry": {"type": "MultiPolygon", "coordinates": [[[[77.0, 43.2], [77.1, 43.2], [77.1, 43.3], [77.0, 43.2]]],
                                                      [[[77.2, 43.2], [77.3, 43.2], [77.3, 43.3], [77.2, 43.2]]]]}}
]})");
    const Layer L = load_geojson(p);
    EXPECT_EQ(L.kind, GeometryKind::Polygon);
    EXPECT_EQ(L.name, "atlas_geojson_" + std::to_string(::getpid()) + "_districts");
    ASSERT_EQ(L.feature_count(), 2u);
    EXPECT_EQ(L.part_count(), 4u);
    ASSERT_EQ(L.fields.size(), 3u);
    EXPECT_EQ(L.fields[0].name, "name");
    EXPECT_EQ(L.fields[1].type, 'N');
    EXPECT_EQ(L.attribute(0, 0), "Алмалинский район");
    EXPECT_EQ(L.attribute(0, 1), "220000");
    EXPECT_EQ(L.attribute(0, 2), "true");
    EXPECT_EQ(L.attribute(1, 1), "");
    EXPECT_EQ(L.attribute(1, 2), "");
    EXPECT_GT(ring_signed_area(L, 0), 0) << "outer ring clockwise, as in a shapefile";
    EXPECT_LT(ring_signed_area(L, 1), 0) << "hole counter-clockwise";
    EXPECT_GT(ring_signed_area(L, 2), 0);
    EXPECT_DOUBLE_EQ(L.bounds.min_lon, 76.90);
    EXPECT_DOUBLE_EQ(L.bounds.max_lon, 77.3);
    fs::remove(p);
}

TEST(GeoJson, LinesPointsAndABareGeometry) {
    const fs::path lines = write_file("lines.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"LineString","coordinates":[[76.9,43.2,800],[77.0,43.3,820]]}},
{"type":"Feature","properties":{"name":"b"},"geometry":{"type":"MultiLineString","coordinates":[[[76.9,43.2],[77.0,43.3]],[[76.8,43.1],[76.85,43.15],[76.9,43.1]]]}},
{"type":"Feature","properties":{"name":"no shape"},"geometry":null}]})");
    const Layer L = load_geojson(lines);
    EXPECT_EQ(L.kind, GeometryKind::Line);
    ASSERT_EQ(L.feature_count(), 3u);
    EXPECT_EQ(L.part_count(), 3u);
    EXPECT_EQ(L.vertex_count(), 7u);
    EXPECT_EQ(L.feature_parts[2], L.feature_parts[3]) << "a null geometry keeps its record without parts";
    EXPECT_EQ(L.attribute(2, 0), "no shape");

    const fs::path pts = write_file("pts.json", R"({"type":"MultiPoint","coordinates":[[76.9,43.2],[76.95,43.25]]})");
    EXPECT_TRUE(is_geojson_path(pts));
    const Layer P = load_map_layer(pts);
    EXPECT_EQ(P.kind, GeometryKind::Point);
    EXPECT_EQ(P.feature_count(), 1u);
    EXPECT_EQ(P.vertex_count(), 2u);
    fs::remove(lines);
    fs::remove(pts);
}

// A property nested 100,000 arrays deep (200 KB): refused with its line
// before any walk over the document, never a stack overflow.
TEST(GeoJson, DeepNestingIsRefusedNotACrash) {
    for (const char* open : {"[", "{\"a\":"}) {
        std::string text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
                           "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[76.9,43.2]},\n"
                           "\"properties\":{\"deep\":";
        const size_t n = open[0] == '[' ? 100000 : 70000;
        for (size_t i = 0; i < n; ++i) text += open;
        const fs::path p = write_file("deep.geojson", text);
        const std::string err = error_of(p);
        EXPECT_NE(err.find("deep.geojson:3: "), std::string::npos) << err.substr(0, 200);
        EXPECT_NE(err.find("nested more than"), std::string::npos) << err.substr(0, 200);
        fs::remove(p);
    }
}

// A file mixing points, lines and polygons (as GeoJSON allows) is a layer of
// each kind, features in file order with their properties; one kind alone is
// one layer as before.
TEST(GeoJson, AMixedFileIsOneLayerPerKind) {
    const fs::path p = write_file("mixed_kinds.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[\n"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"stop\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[76.9,43.2]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"road\",\"lanes\":2},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[76.9,43.2],[77,43.3]]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"nothing\"},\"geometry\":null},\n"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"stop 2\"},\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[[76.95,43.25]]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"block\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[76.9,43.2],[77,43.2],[77,43.3],[76.9,43.2]]]}}]}");
    EXPECT_NE(error_of(p).find("one file holds one kind of geometry"), std::string::npos) << "one layer cannot hold them";
    const std::vector<Layer> layers = load_geojson_layers(p);
    ASSERT_EQ(layers.size(), 3u);
    EXPECT_EQ(layers[0].kind, GeometryKind::Point);
    EXPECT_EQ(layers[1].kind, GeometryKind::Line);
    EXPECT_EQ(layers[2].kind, GeometryKind::Polygon);
    const std::string stem = p.stem().string();
    EXPECT_EQ(layers[0].name, stem + " (points)");
    EXPECT_EQ(layers[1].name, stem + " (lines)");
    EXPECT_EQ(layers[2].name, stem + " (polygons)");
    ASSERT_EQ(layers[0].feature_count(), 3u) << "the two point features and the one without geometry";
    const int name0 = layers[0].field_index("name");
    ASSERT_GE(name0, 0);
    EXPECT_EQ(layers[0].attribute(0, static_cast<size_t>(name0)), "stop");
    EXPECT_EQ(layers[0].attribute(1, static_cast<size_t>(name0)), "nothing");
    EXPECT_EQ(layers[0].attribute(2, static_cast<size_t>(name0)), "stop 2");
    EXPECT_EQ(layers[0].record, (std::vector<int32_t>{1, 3, 4})) << "features keep their place in the file";
    ASSERT_EQ(layers[1].feature_count(), 1u);
    EXPECT_EQ(layers[1].attribute(0, static_cast<size_t>(layers[1].field_index("lanes"))), "2");
    EXPECT_EQ(layers[2].feature_count(), 1u);
    EXPECT_EQ(load_map_layers(p).size(), 3u);
    fs::remove(p);

    const fs::path one = write_file("one_kind.geojson", R"({"type":"MultiPoint","coordinates":[[76.9,43.2],[76.95,43.25]]})");
    const std::vector<Layer> single = load_map_layers(one);
    ASSERT_EQ(single.size(), 1u);
    EXPECT_EQ(single[0].name, one.stem().string());
    fs::remove(one);
}

TEST(GeoJson, FaultsNameTheFileTheLineAndWhatIsWrong) {
    struct Case {
        const char* name;
        const char* text;
        const char* expect;
    };
    const Case cases[] = {
        {"broken.geojson", "{\"type\": \"FeatureCollection\",\n\"features\": [\n{\"type\": \"Feature\" \"geometry\": null}]}",
         "broken.geojson:3: not valid JSON"},
        {"open_ring.geojson",
         "{\"type\":\"FeatureCollection\",\"features\":[\n"
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[76.9,43.2]}},\n"
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[76.9,43.2],[77,43.2],[77,43.3],[76.9,43.3]]]}}]}",
         "open_ring.geojson:3: geometry.coordinates[0]: ring is not closed"},
        {"mixed.geojson",
         "{\"type\":\"FeatureCollection\",\"features\":[\n"
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[76.9,43.2]}},\n\n"
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[76.9,43.2],[77,43.3]]}}]}",
         "mixed.geojson:4: geometry.type: a LineString in a layer of points"},
        {"utm.geojson",
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[632000,4789000]}}",
         "not longitude, latitude"},
        {"collection.geojson",
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":[]}}",
         "GeometryCollection is not read"},
        {"not_geojson.json", "[1, 2, 3]", "not GeoJSON"},
        {"huge.geojson",
         "{\"type\":\"FeatureCollection\",\"features\":[\n"
         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1e999,43.2]}}]}",
         "huge.geojson:2: not valid JSON: number overflow"},
        {"empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}", "no features"},
    };
    for (const Case& c : cases) {
        const fs::path p = write_file(c.name, c.text);
        const std::string err = error_of(p);
        EXPECT_NE(err.find(c.expect), std::string::npos) << c.name << ": " << err;
        EXPECT_NE(err.find(p.string()), std::string::npos) << err;
        fs::remove(p);
    }
}

}  // namespace
