// The shipped places against the shipped OpenStreetMap basemap: each place the
// articles locate is where the place finder finds it, and its circle covers the
// real place and no more.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/shape.hpp"
#include "core/paths.hpp"
#include "geo/gazetteer.hpp"
#include "store/dataset_json.hpp"

namespace {

using namespace atlas;

const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::build(paths::source_dir() / "geodata");
    return g;
}

const Dataset& shipped() {
    static const Dataset d = load_dataset(paths::source_dir() / "assets" / "data");
    return d;
}

const GazetteerPlace& best(const std::string& query) {
    const auto found = gazetteer().find(query, 1);
    if (found.empty()) throw std::runtime_error("the place finder finds nothing for " + query);
    return gazetteer().place(found.front().place);
}

double metres(const Place& p, LatLon at) { return haversine_m({p.lat, p.lon}, at); }

TEST(PlacesOnTheMap, ZhetysuHouseIsOnTheGogolDostykCorner) {
    const GazetteerPlace& corner = best("Gogol & Dostyk");
    ASSERT_EQ(corner.kind, PlaceKind::Intersection);
    const Place* house = shipped().find_place("zhetysu-house");
    ASSERT_NE(house, nullptr);
    EXPECT_LT(house->uncertainty_m, 100.0);  // a building on a known corner
    EXPECT_LT(metres(*house, corner.at), house->uncertainty_m);
}

// Streets named as the place of an event are the place finder's street: its
// point, and a circle reaching the street's ends (no tighter, hardly wider).
TEST(PlacesOnTheMap, StreetsAreThePlaceFindersStreets) {
    for (const auto& [id, query] : std::map<std::string, std::string>{{"gogol-street", "Gogol Street"},
                                                                      {"maternity-hospital-1", "Bogenbai Batyr Street"}}) {
        SCOPED_TRACE(id);
        const GazetteerPlace& street = best(query);
        ASSERT_EQ(street.kind, PlaceKind::Street);
        const Place* p = shipped().find_place(id);
        ASSERT_NE(p, nullptr);
        EXPECT_LT(metres(*p, street.at), 25.0);
        EXPECT_GE(p->uncertainty_m, street.radius_m);
        EXPECT_LE(p->uncertainty_m, street.radius_m * 1.1);
    }
}

// A building between two corners, and one between two sources: the circle
// holds every position the note gives, and no more than it needs.
TEST(PlacesOnTheMap, SitesBetweenTwoKnownPointsCoverBoth) {
    const Place* palace = shipped().find_place("palace-of-schoolchildren-old");
    ASSERT_NE(palace, nullptr);
    const LatLon a = best("Seifullin & Kabanbai Batyr").at, b = best("Seifullin & Tole Bi").at;
    EXPECT_LE(metres(*palace, a), palace->uncertainty_m);
    EXPECT_LE(metres(*palace, b), palace->uncertainty_m);
    EXPECT_LT(palace->uncertainty_m, haversine_m(a, b));
    const Place* station = shipped().find_place("sayahat-bus-station");
    ASSERT_NE(station, nullptr);
    const GazetteerPlace& terminal = best("Sayakhat bus terminal");
    EXPECT_LE(metres(*station, terminal.at), station->uncertainty_m);
    EXPECT_LE(metres(*station, {43.2728, 76.9514}), station->uncertainty_m);  // the encyclopedia's coordinate
    EXPECT_LE(station->uncertainty_m, 200.0);
}

// The eight districts are the basemap's outlines: their centroid, and a
// circle reaching the farthest point of the outline.
TEST(PlacesOnTheMap, DistrictsAreTheirOutlines) {
    size_t districts = 0;
    for (const Place& p : shipped().places) {
        if (p.kind != "district") continue;
        ++districts;
        SCOPED_TRACE(p.id);
        const GazetteerPlace& d = best(p.name_ru);
        ASSERT_EQ(d.kind, PlaceKind::District) << d.name;
        EXPECT_LT(metres(p, d.at), 10.0);
        EXPECT_NEAR(p.uncertainty_m, d.radius_m, 10.0);
    }
    EXPECT_EQ(districts, 8u);
}

TEST(PlacesOnTheMap, NeighbourhoodsAreTheExtentOfTheirStreets) {
    for (const auto& [id, query] : {std::pair<const char*, const char*>{"shanyrak", "Shanyrak"}, {"aigerim", "Aigerim"}}) {
        SCOPED_TRACE(id);
        const GazetteerPlace& hood = best(query);
        ASSERT_EQ(hood.kind, PlaceKind::Neighbourhood);
        const Place* p = shipped().find_place(id);
        ASSERT_NE(p, nullptr);
        // The circle holds the neighbourhood and is not much larger than it.
        EXPECT_LE(metres(*p, hood.at) + hood.radius_m, p->uncertainty_m * 1.05);
        EXPECT_LE(p->uncertainty_m, hood.radius_m * 1.5);
    }
    // The two settlements named together: one circle holding both.
    const Place* both = shipped().find_place("shanyrak-aigerim");
    ASSERT_NE(both, nullptr);
    for (const char* query : {"Shanyrak", "Aigerim"}) {
        const GazetteerPlace& hood = best(query);
        EXPECT_LE(metres(*both, hood.at) + hood.radius_m, both->uncertainty_m * 1.05) << query;
    }
}

// Events the articles place only in a settlement cover its ground: the outline
// the place finder derives from the streets OSM names as its own.
TEST(PlacesOnTheMap, NeighbourhoodEventsAreTheAreaOfTheirStreets) {
    const std::vector<LatLon>& shanyrak = best("Shanyrak").outline;
    const std::vector<LatLon>& aigerim = best("Aigerim").outline;
    ASSERT_GE(shanyrak.size(), 3u);
    ASSERT_GE(aigerim.size(), 3u);
    std::vector<LatLon> both = shanyrak;
    both.insert(both.end(), aigerim.begin(), aigerim.end());
    const std::map<std::string, std::vector<LatLon>> outline = {
        {"shanyrak", shanyrak}, {"aigerim", aigerim}, {"shanyrak-aigerim", convex_hull(both)}};
    size_t areas = 0;
    for (const Event& e : shipped().events) {
        const auto it = outline.find(e.location.place_id);
        if (it == outline.end()) continue;
        SCOPED_TRACE(e.id);
        ASSERT_EQ(e.location.shape, ShapeKind::Area);
        ASSERT_EQ(e.location.vertices.size(), it->second.size());
        for (size_t i = 0; i < it->second.size(); ++i) {
            EXPECT_NEAR(e.location.vertices[i].lat, it->second[i].lat, 1e-7) << i;
            EXPECT_NEAR(e.location.vertices[i].lon, it->second[i].lon, 1e-7) << i;
        }
        // The marker is inside the ground it stands for.
        EXPECT_EQ(distance_to_shape_m({e.location.lat, e.location.lon}, ShapeKind::Area, e.location.vertices), 0.0);
        ++areas;
    }
    EXPECT_GE(areas, 19u);
    // Shanyrak's marker lies inside Shanyrak, not on a street to the west of it.
    const Place* p = shipped().find_place("shanyrak");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(distance_to_shape_m({p->lat, p->lon}, ShapeKind::Area, shanyrak), 0.0);
}

TEST(PlacesOnTheMap, EveryEventLiesInsideItsPlacesCircle) {
    for (const Event& e : shipped().events) {
        const Place* p = shipped().find_place(e.location.place_id);
        if (!p) continue;
        EXPECT_LE(haversine_m({e.location.lat, e.location.lon}, {p->lat, p->lon}), p->uncertainty_m) << e.id;
    }
}

}  // namespace
