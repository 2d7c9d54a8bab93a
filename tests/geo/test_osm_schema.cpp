#include <gtest/gtest.h>

#include "geo/osm_schema.hpp"

using namespace atlas;

namespace {
Layer osm_layer(const std::string& name, GeometryKind kind, const std::vector<std::string>& fclasses) {
    Layer l;
    l.name = name;
    l.kind = kind;
    for (const char* f : {"osm_id", "code", "fclass", "name"}) l.fields.push_back({f, 'C', 20, 0});
    for (size_t i = 0; i < fclasses.size(); ++i) {
        l.feature_parts.push_back(0);
        for (const auto& v : {std::to_string(i), std::string("5111"), fclasses[i], std::string("x")})
            l.attributes.push_back(v);
    }
    return l;
}
}  // namespace

TEST(OsmSchema, DetectsLayersByFileName) {
    EXPECT_EQ(detect_osm_layer(osm_layer("gis_osm_roads_free_1", GeometryKind::Line, {})), OsmLayerKind::Roads);
    EXPECT_EQ(detect_osm_layer(osm_layer("gis_osm_water_a_free_1", GeometryKind::Polygon, {})), OsmLayerKind::Water);
    EXPECT_EQ(detect_osm_layer(osm_layer("gis_osm_buildings_a_free_1", GeometryKind::Polygon, {})),
              OsmLayerKind::Buildings);
    EXPECT_EQ(detect_osm_layer(osm_layer("gis_osm_pois_a_free_1", GeometryKind::Polygon, {})), OsmLayerKind::Pois);
    EXPECT_EQ(detect_osm_layer(osm_layer("GIS_OSM_PLACES_FREE_1", GeometryKind::Point, {})), OsmLayerKind::Places);
    EXPECT_EQ(detect_osm_layer(osm_layer("gis_osm_landuse_a_free_1", GeometryKind::Polygon, {})), OsmLayerKind::Landuse);
    EXPECT_EQ(detect_osm_layer(osm_layer("districts", GeometryKind::Polygon, {})), OsmLayerKind::Boundaries);
    EXPECT_EQ(detect_osm_layer(osm_layer("transport_a", GeometryKind::Polygon, {})), OsmLayerKind::Transport);
}

TEST(OsmSchema, DetectsLayersByContentOrNotAtAll) {
    EXPECT_EQ(detect_osm_layer(osm_layer("almaty_streets_2024", GeometryKind::Line, {"primary", "residential"})),
              OsmLayerKind::Roads);
    EXPECT_EQ(detect_osm_layer(osm_layer("my_rivers", GeometryKind::Line, {"river", "stream"})),
              OsmLayerKind::Waterways);
    Layer plain;
    plain.name = "gis_osm_roads_free_1";
    plain.fields.push_back({"name", 'C', 10, 0});
    EXPECT_EQ(detect_osm_layer(plain), OsmLayerKind::NotOsm);
}

TEST(OsmSchema, ClassifiesFclassValues) {
    EXPECT_EQ(classify("motorway"), FeatureClass::Motorway);
    EXPECT_EQ(classify("Motorway_Link"), FeatureClass::Motorway);
    EXPECT_TRUE(is_link("motorway_link"));
    EXPECT_FALSE(is_link("motorway"));
    EXPECT_EQ(classify("living_street"), FeatureClass::Residential);
    EXPECT_EQ(classify("footway"), FeatureClass::Path);
    EXPECT_EQ(classify("rail"), FeatureClass::Rail);
    EXPECT_EQ(classify("river", OsmLayerKind::Waterways), FeatureClass::River);
    EXPECT_EQ(classify("river", OsmLayerKind::Water), FeatureClass::Water);
    EXPECT_EQ(classify("residential", OsmLayerKind::Landuse), FeatureClass::ResidentialArea);
    EXPECT_EQ(classify("residential", OsmLayerKind::Roads), FeatureClass::Residential);
    EXPECT_EQ(classify("park"), FeatureClass::Park);
    EXPECT_EQ(classify("forest"), FeatureClass::Forest);
    EXPECT_EQ(classify("building"), FeatureClass::Building);
    EXPECT_EQ(classify("house", OsmLayerKind::Buildings), FeatureClass::Building);
    EXPECT_EQ(classify("suburb"), FeatureClass::Suburb);
    EXPECT_EQ(classify("christian_orthodox"), FeatureClass::PlaceOfWorship);
    EXPECT_EQ(classify("restaurant", OsmLayerKind::Pois), FeatureClass::Poi);
    EXPECT_EQ(classify("no_such_class"), FeatureClass::Unknown);
    // The embedded basemap: district polygons in a boundaries layer are boundaries,
    // the same value in a places layer a district label.
    EXPECT_EQ(classify("city_district", OsmLayerKind::Boundaries), FeatureClass::AdminBoundary);
    EXPECT_EQ(classify("city_district", OsmLayerKind::Places), FeatureClass::Suburb);
    EXPECT_EQ(classify("airport", OsmLayerKind::Transport), FeatureClass::Airport);
    EXPECT_EQ(classify("theatre", OsmLayerKind::Pois), FeatureClass::Poi);
}

TEST(OsmSchema, OrderAndPriorityFollowImportance) {
    EXPECT_LT(z_order(FeatureClass::Water), z_order(FeatureClass::Building));
    EXPECT_LT(z_order(FeatureClass::Park), z_order(FeatureClass::Water));
    EXPECT_LT(z_order(FeatureClass::Building), z_order(FeatureClass::Path));
    EXPECT_LT(z_order(FeatureClass::Residential), z_order(FeatureClass::Primary));
    EXPECT_LT(z_order(FeatureClass::Primary), z_order(FeatureClass::Motorway));
    EXPECT_GT(label_priority(FeatureClass::City), label_priority(FeatureClass::Suburb));
    EXPECT_GT(label_priority(FeatureClass::Primary), label_priority(FeatureClass::Residential));
    EXPECT_GT(label_priority(FeatureClass::River), label_priority(FeatureClass::Stream));
    EXPECT_EQ(feature_class_name(FeatureClass::ResidentialArea), "residential_area");
    EXPECT_EQ(osm_layer_kind_name(OsmLayerKind::Roads), "roads");
}
