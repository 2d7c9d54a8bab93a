#pragma once
// OpenStreetMap "free shapefile" schema (the Geofabrik extracts: fields osm_id,
// code, fclass, name; files gis_osm_roads_free_1.shp, gis_osm_water_a_free_1.shp, ...).
// The embedded Almaty basemap uses the same fields plus name_ru and name_kk.
//
// The renderer styles features by FeatureClass, draws layers and features in
// ascending z_order(), and places labels by descending label_priority().
//
//   Layer file (stem)                 OsmLayerKind   geometry   typical classes
//   gis_osm_roads_free_1              Roads          line       Motorway..Path, Track
//   gis_osm_railways_free_1           Railways       line       Rail, Tram, Subway
//   gis_osm_waterways_free_1          Waterways      line       River, Stream, Canal, Drain
//   gis_osm_water_a_free_1            Water          polygon    Water, Wetland, Glacier
//   gis_osm_landuse_a_free_1          Landuse        polygon    Park, Forest, Grass, ResidentialArea, ...
//   gis_osm_buildings_a_free_1        Buildings      polygon    Building
//   gis_osm_places_free_1 / _a        Places         point/poly City, Town, Suburb, Neighbourhood, Village
//   gis_osm_pois_free_1 / _a          Pois           point/poly Poi, Airport, ...
//   gis_osm_pofw_free_1 / _a          PlacesOfWorship point/poly PlaceOfWorship
//   gis_osm_traffic_free_1 / _a       Traffic        point/poly Traffic
//   gis_osm_transport_free_1 / _a     Transport      point/poly Station, Stop, Airport
//   gis_osm_natural_free_1 / _a       Natural        point/poly Peak, NaturalPoint, Forest, Water, ...
//   (anything else with osm_id + fclass)  Other      any        by fclass
//
// Road links (motorway_link, ...) take their parent's class; is_link() tells them apart.
#include <cstdint>
#include <string_view>

#include "geo/layer.hpp"

namespace atlas {

enum class OsmLayerKind : uint8_t {
    NotOsm,     // no fclass field: style the layer by the user's choice
    Roads, Railways, Waterways, Water, Landuse, Buildings, Places, Pois, PlacesOfWorship,
    Traffic, Transport, Natural, Boundaries,
    Other,      // osm_id + fclass but a file name we do not know: classify by fclass
};

enum class FeatureClass : uint8_t {
    Unknown,
    // Roads, from the most to the least important.
    Motorway, Trunk, Primary, Secondary, Tertiary, Residential /* also unclassified, living_street */,
    Service, Pedestrian, Track, Cycleway, Path /* footway, path, steps, bridleway */,
    // Railways.
    Rail, Tram /* tram, light_rail, monorail, funicular */, Subway,
    // Waterways (lines).
    River, Stream, Canal, Drain,
    // Areas.
    Water /* water, reservoir, riverbank, dock */, Wetland, Glacier,
    Park /* park, recreation_ground, garden, nature_reserve, national_park, square */,
    Forest /* forest, wood, orchard */, Grass /* grass, meadow, heath, scrub, farmland, allotments, vineyard */,
    Cemetery, ResidentialArea, Industrial /* industrial, quarry, railway land */, Commercial /* commercial, retail */,
    Military, Building,
    AdminBoundary /* administrative, boundary, district, city_boundary */,
    // Places (labels).
    City /* city, national_capital */, Town, Suburb /* suburb, district */, Neighbourhood /* neighbourhood, quarter, locality */,
    Village /* village, hamlet, farm, dwelling */,
    // Points of interest.
    Airport, Station /* railway_station, bus_station, tram/subway stations */, Stop /* bus_stop, tram_stop */,
    PlaceOfWorship, Peak /* peak, volcano, cliff */, Traffic, NaturalPoint /* spring, tree, cave_entrance */, Poi,
};

// The kind of an OSM free-shapefile layer, from its file name and fields; NotOsm
// when it has no `fclass` field. Layers named otherwise are told apart by their
// fclass values and geometry.
[[nodiscard]] OsmLayerKind detect_osm_layer(const Layer& layer);

// Style class of an fclass value (case-insensitive). The layer kind settles values
// that mean different things in different layers ("river" is a line in waterways
// and an area in water_a; "forest" a landuse area). Unknown for unknown values.
[[nodiscard]] FeatureClass classify(std::string_view fclass, OsmLayerKind kind = OsmLayerKind::Other);
// True for motorway_link, trunk_link, ... (drawn thinner than their parent class).
[[nodiscard]] bool is_link(std::string_view fclass) noexcept;

// Drawing order: lower first (areas, then water lines, then roads from minor to
// major, rail, boundaries, point symbols). Roads span 40..59, in class order.
[[nodiscard]] int z_order(FeatureClass c) noexcept;
// Label priority, 0..100: higher wins when labels collide (city > suburb > motorway > ... > poi).
[[nodiscard]] int label_priority(FeatureClass c) noexcept;
// Stable lower-case name ("motorway", "residential_area") for styles and tests.
[[nodiscard]] std::string_view feature_class_name(FeatureClass c) noexcept;
[[nodiscard]] std::string_view osm_layer_kind_name(OsmLayerKind k) noexcept;

}  // namespace atlas
