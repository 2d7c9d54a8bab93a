#include <gtest/gtest.h>

#include "geo/osm_schema.hpp"
#include "geo/shapefile.hpp"
#include "geo/shapefile_fixtures.hpp"
#include "geo/synth_city.hpp"

using namespace atlas;
using namespace atlas::test;

TEST(SynthCity, WritesOsmLayersThatLoadBack) {
    TempDir tmp;
    const auto report = write_synth_city(tmp.path(), {0.01, 7});
    ASSERT_EQ(report.files.size(), 5u);
    EXPECT_EQ(report.files[0].features, 5000u);
    EXPECT_EQ(report.files[0].vertices, 50000u);  // 10 per street on average, exactly
    EXPECT_EQ(report.files[1].features, 2000u);

    const Layer roads = load_shapefile(tmp / "gis_osm_roads_free_1.shp");
    EXPECT_EQ(roads.feature_count(), 5000u);
    EXPECT_EQ(roads.vertex_count(), 50000u);
    EXPECT_TRUE(roads.warnings.empty());
    EXPECT_EQ(roads.codepage, "UTF-8");
    EXPECT_EQ(detect_osm_layer(roads), OsmLayerKind::Roads);
    EXPECT_GT(roads.bounds.min_lat, 43.0);
    EXPECT_LT(roads.bounds.max_lat, 43.5);
    size_t residential = 0, unknown = 0;
    const auto fclass = static_cast<size_t>(roads.field_index("fclass"));
    for (size_t f = 0; f < roads.feature_count(); ++f) {
        const FeatureClass c = classify(roads.attribute(f, fclass), OsmLayerKind::Roads);
        residential += c == FeatureClass::Residential;
        unknown += c == FeatureClass::Unknown;
    }
    EXPECT_GT(residential, 1000u);
    EXPECT_EQ(unknown, 0u);

    const Layer buildings = load_shapefile(tmp / "gis_osm_buildings_a_free_1.shp");
    EXPECT_EQ(detect_osm_layer(buildings), OsmLayerKind::Buildings);
    EXPECT_EQ(buildings.vertex_count(), 2000u * 5);
    EXPECT_EQ(detect_osm_layer(load_shapefile(tmp / "gis_osm_water_a_free_1.shp")), OsmLayerKind::Water);
}

TEST(SynthCity, SameSeedSameBytes) {
    TempDir a, b, c;
    (void)write_synth_city(a.path(), {0.002, 42});
    (void)write_synth_city(b.path(), {0.002, 42});
    (void)write_synth_city(c.path(), {0.002, 43});
    for (const char* f : {"gis_osm_roads_free_1.shp", "gis_osm_buildings_a_free_1.dbf", "gis_osm_landuse_a_free_1.shp"})
        EXPECT_EQ(read_bytes(a / f), read_bytes(b / f)) << f;
    EXPECT_NE(read_bytes(a / "gis_osm_roads_free_1.shp"), read_bytes(c / "gis_osm_roads_free_1.shp"));
}
