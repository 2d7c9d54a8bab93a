// The place finder on real OpenStreetMap data of Almaty (../shared/osm-almaty,
// skipped when absent) and on the shipped basemap.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/paths.hpp"
#include "core/shape.hpp"
#include "core/translit.hpp"
#include "geo/gazetteer.hpp"
#include "geo/neighbourhoods.hpp"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

class RealGazetteer : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const fs::path shared = paths::shared_dir();
        if (shared.empty() || !fs::exists(shared / "osm-almaty" / "roads.shp")) return;
        gazetteer_ = new Gazetteer(Gazetteer::build(shared / "osm-almaty"));
    }
    static void TearDownTestSuite() {
        delete gazetteer_;
        gazetteer_ = nullptr;
    }
    void SetUp() override {
        if (gazetteer_ == nullptr) GTEST_SKIP() << "no ../shared/osm-almaty";
    }
    static const GazetteerPlace& top(std::string_view query) {
        const std::vector<PlaceMatch> m = gazetteer_->find(query, 5);
        EXPECT_FALSE(m.empty()) << query;
        static const GazetteerPlace none;
        return m.empty() ? none : gazetteer_->place(m.front().place);
    }
    static uint32_t top_index(std::string_view query) {
        const std::vector<PlaceMatch> m = gazetteer_->find(query, 5);
        return m.empty() ? UINT32_MAX : m.front().place;
    }
    static Gazetteer* gazetteer_;
};
Gazetteer* RealGazetteer::gazetteer_ = nullptr;

bool in_almaty(LatLon p) { return p.lat > 43.0 && p.lat < 43.45 && p.lon > 76.7 && p.lon < 77.2; }

}  // namespace

TEST_F(RealGazetteer, HoldsEveryKind) {
    const GazetteerStats& s = gazetteer_->stats();
    EXPECT_GT(s.streets, 2000u);
    EXPECT_GT(s.intersections, 3000u);
    EXPECT_GT(s.neighbourhoods, 20u);
    EXPECT_GT(s.stations, 100u);
    EXPECT_EQ(s.districts, 8u);
    EXPECT_GT(s.build_ms, 0.0);
    for (const GazetteerPlace& p : gazetteer_->places()) {
        ASSERT_TRUE(in_almaty(p.at)) << p.name << " at " << p.at.lat << "," << p.at.lon;
        ASSERT_GT(p.radius_m, 0.0) << p.name;
    }
}

TEST_F(RealGazetteer, GogolInThreeSpellings) {
    const uint32_t ru = top_index("Гоголя");
    EXPECT_EQ(top_index("Gogol"), ru);
    EXPECT_EQ(top_index("Gogolya"), ru);
    EXPECT_EQ(top_index("Gogol Street"), ru);
    EXPECT_EQ(top_index("улица Гоголя"), ru);
    const GazetteerPlace& g = gazetteer_->place(ru);
    EXPECT_EQ(g.kind, PlaceKind::Street);
    EXPECT_EQ(g.name, "улица Гоголя");
    EXPECT_EQ(g.english, "Gogol Street");
    // Gogol Street runs east-west through the centre, about 5 km long.
    EXPECT_NEAR(g.at.lat, 43.259, 0.01);
    EXPECT_GT(g.radius_m, 1500.0);
    EXPECT_LT(g.radius_m, 4000.0);
}

TEST_F(RealGazetteer, ShanyrakInThreeSpellingsIsTheNeighbourhood) {
    const uint32_t ru = top_index("Шанырак");
    EXPECT_EQ(top_index("Shanyrak"), ru);
    EXPECT_EQ(top_index("Shanyraq"), ru);
    const GazetteerPlace& s = gazetteer_->place(ru);
    EXPECT_EQ(s.kind, PlaceKind::Neighbourhood);
    EXPECT_EQ(s.english, "Shanyrak");
    // Shanyrak lies in the north-west of the city; its extent is a few kilometres.
    EXPECT_NEAR(s.at.lat, 43.285, 0.02);
    EXPECT_NEAR(s.at.lon, 76.855, 0.03);
    EXPECT_GT(s.radius_m, 500.0);
    EXPECT_LT(s.radius_m, 4000.0);
    // Its numbered parts are found too and lie inside it.
    const GazetteerPlace& one = top("Shanyrak-1");
    EXPECT_EQ(one.kind, PlaceKind::Neighbourhood);
    EXPECT_EQ(one.name, "Шанырак-1");
    EXPECT_LT(haversine_m(one.at, s.at), s.radius_m);
    EXPECT_EQ(top("Aigerim").name, "Айгерим");
}

TEST_F(RealGazetteer, NamesThatDifferOnlyInTheTypeWord) {
    // OSM has both "улица Абая" (a small street in the west) and "проспект Абая" / "Абай даңғылы"
    // (the avenue): the type word in the query decides which comes first.
    const GazetteerPlace& avenue = top("Abai Avenue");
    EXPECT_EQ(avenue.kind, PlaceKind::Street);
    EXPECT_EQ(avenue.english, "Abai Avenue");
    EXPECT_GT(avenue.radius_m, 3000.0) << "the avenue crosses the city";
    EXPECT_EQ(top_index("проспект Абая"), top_index("Abai Avenue"));
    EXPECT_EQ(top_index("Абай даңғылы"), top_index("Abai Avenue"));
    const GazetteerPlace& street = top("улица Абая");
    EXPECT_EQ(street.english.find("Abai Street"), 0u) << street.english;
    EXPECT_NE(top_index("улица Абая"), top_index("Abai Avenue"));
    // The Russian and Kazakh names of Dostyk Avenue are one street.
    const GazetteerPlace& dostyk = top("Dostyk Avenue");
    EXPECT_EQ(dostyk.english, "Dostyk Avenue");
    std::set<std::string> spellings(dostyk.spellings.begin(), dostyk.spellings.end());
    EXPECT_TRUE(spellings.count("проспект Достык") && spellings.count("Достық даңғылы")) << dostyk.name;
}

TEST_F(RealGazetteer, IntersectionsOfTwoNames) {
    const std::vector<PlaceMatch> m = gazetteer_->find("Gogol & Dostyk", 5);
    ASSERT_FALSE(m.empty());
    const GazetteerPlace& x = gazetteer_->place(m.front().place);
    EXPECT_EQ(x.kind, PlaceKind::Intersection);
    EXPECT_NE(x.name.find("Гоголя"), std::string::npos);
    EXPECT_NE(x.name.find("Достык"), std::string::npos);
    EXPECT_NEAR(x.at.lat, 43.2606, 0.002);
    EXPECT_NEAR(x.at.lon, 76.9547, 0.002);
    EXPECT_LT(x.radius_m, 100.0) << "a crossing is tens of metres";
    // Every separator and script gives the same crossing.
    for (const char* q : {"Гоголя / Достык", "Gogolya and Dostyk", "Dostyk x Gogol", "Достық × Гоголя", "gogol&dostyk"})
        EXPECT_EQ(gazetteer_->find(q, 1).at(0).place, m.front().place) << q;
    EXPECT_TRUE(gazetteer_->find("Gogol & Zzyzzx", 5).empty());
}

// Two avenues drawn across each other without a shared node (an interchange):
// still a corner a researcher can name.
TEST_F(RealGazetteer, CrossingsWithoutASharedNodeAreIntersections) {
    for (const char* q : {"Al-Farabi & Dostyk", "аль-Фараби / Достык", "Abai & Dostyk"}) {
        const std::vector<PlaceMatch> m = gazetteer_->find(q, 3);
        ASSERT_FALSE(m.empty()) << q;
        const GazetteerPlace& x = gazetteer_->place(m.front().place);
        EXPECT_EQ(x.kind, PlaceKind::Intersection) << q << ": " << x.name;
        EXPECT_TRUE(in_almaty(x.at)) << q;
        EXPECT_LT(x.radius_m, 150.0) << q << ": " << x.name;
    }
}

// "СТ" (a garden society) reads "st" in Latin letters: no Street for that.
TEST_F(RealGazetteer, ACyrillicAbbreviationIsNoEnglishStreetType) {
    const GazetteerPlace& s = top("Dostyk Street");
    EXPECT_EQ(s.kind, PlaceKind::Street);
    EXPECT_EQ(s.name.find("СТ"), std::string::npos) << s.name;
    EXPECT_NE(s.name.find("улица"), std::string::npos) << s.name;
    EXPECT_EQ(english_street_type("st", true), "");
    EXPECT_EQ(english_street_type("st", false), "Street");
    EXPECT_EQ(english_street_type(fold_for_search("ул."), true), "Street");
}

TEST_F(RealGazetteer, StreetsThatMeetSeveralTimesAreListedPerMeeting) {
    // Pairs with more than one crossing: each crossing is its own place, and crossings
    // of one pair lie more than 80 m apart.
    std::map<std::pair<uint32_t, uint32_t>, std::vector<LatLon>> by_pair;
    for (const GazetteerPlace& p : gazetteer_->places())
        if (p.kind == PlaceKind::Intersection) by_pair[{p.street_a, p.street_b}].push_back(p.at);
    size_t several = 0;
    for (const auto& [pair, points] : by_pair) {
        if (points.size() < 2) continue;
        ++several;
        for (size_t i = 0; i < points.size(); ++i)
            for (size_t j = i + 1; j < points.size(); ++j) ASSERT_GT(haversine_m(points[i], points[j]), 80.0);
    }
    EXPECT_GT(several, 10u);
}

TEST_F(RealGazetteer, StationsAndDistricts) {
    const GazetteerPlace& station = top("Almaty 1");
    EXPECT_EQ(station.kind, PlaceKind::Station);
    EXPECT_EQ(station.name, "Алматы 1");
    EXPECT_NEAR(station.at.lat, 43.341, 0.005);
    const GazetteerPlace& district = top("Bostandyk");
    EXPECT_EQ(district.kind, PlaceKind::District);
    EXPECT_EQ(district.name, "Бостандыкский район");
    EXPECT_GT(district.radius_m, 5000.0);
    EXPECT_EQ(top_index("Бостандыкский район"), top_index("Bostandyk"));
    EXPECT_EQ(district.english, "Bostandyk District");
    const GazetteerPlace& almaly = top("Almaly District");
    EXPECT_EQ(almaly.kind, PlaceKind::District);
    EXPECT_EQ(almaly.english, "Almaly District");
    EXPECT_EQ(top_index("Алмалы"), top_index("Almaly District"));
}

TEST_F(RealGazetteer, RankingExactBeforePrefixBeforeFuzzy) {
    const std::vector<PlaceMatch> m = gazetteer_->find("Shanyrak", 10);
    ASSERT_GE(m.size(), 3u);
    for (size_t i = 1; i < m.size(); ++i) EXPECT_LE(m[i].score, m[i - 1].score);
    EXPECT_GE(m.front().score, 1.0);
    // A misspelling one letter off still finds it, below the exact spelling's score.
    const std::vector<PlaceMatch> typo = gazetteer_->find("Shanirak", 3);
    ASSERT_FALSE(typo.empty());
    EXPECT_EQ(typo.front().place, m.front().place);
    const std::vector<PlaceMatch> fuzzy = gazetteer_->find("Shanyrrak", 3);
    ASSERT_FALSE(fuzzy.empty());
    EXPECT_EQ(fuzzy.front().place, m.front().place) << "doubled letters fold";
    const std::vector<PlaceMatch> off = gazetteer_->find("Shabyrak", 3);
    ASSERT_FALSE(off.empty());
    EXPECT_EQ(gazetteer_->place(off.front().place).name, "Шанырак");
    EXPECT_LT(off.front().score, 1.0);
    // A prefix as typed so far.
    EXPECT_EQ(gazetteer_->place(gazetteer_->find("Shanyr", 1).at(0).place).name, "Шанырак");
    EXPECT_TRUE(gazetteer_->find("Pfzrtpl", 5).empty());
    EXPECT_TRUE(gazetteer_->find("", 5).empty());
}

TEST(Neighbourhoods, FromStreetNames) {
    EXPECT_EQ(neighbourhood_of_street("Акжол (Шанырак-1)"), "Шанырак-1");
    EXPECT_EQ(neighbourhood_of_street("2-я (Калкаман 2 м-н)"), "Калкаман 2");
    EXPECT_EQ(neighbourhood_of_street("Шанырак 2 микрорайон"), "Шанырак 2");
    EXPECT_EQ(neighbourhood_of_street("мкр. Шанырак"), "Шанырак");
    EXPECT_EQ(neighbourhood_of_street("Алматинская (Айгерим)"), "Айгерим");
    EXPECT_EQ(neighbourhood_of_street("улица Гоголя"), "");
    EXPECT_EQ(neighbourhood_of_street("Абая (Медеуский)"), "") << "a district, not a neighbourhood";
    EXPECT_EQ(neighbourhood_of_street("Саина (дублер)"), "");

    auto box = [](double lon, double lat) {
        BoundsLL b;
        b.extend(lon, lat);
        b.extend(lon + 0.004, lat + 0.002);
        return b;
    };
    const std::vector<Neighbourhood> n = derive_neighbourhoods({
        // A diagonal street given by its vertices; the others by their boxes alone.
        {"Акжол (Шанырак-1)", box(76.86, 43.29), {{43.29, 76.86}, {43.291, 76.862}, {43.292, 76.864}}},
        {"Береке (Шанырак-1)", box(76.865, 43.292), {}},
        {"Строительная (Шанырак 2)", box(76.85, 43.285), {}},
        {"Бартогай (Шанырак-2)", box(76.848, 43.286), {}},
        {"улица Гоголя", box(76.93, 43.259), {}},
    });
    std::map<std::string, Neighbourhood> by_key;
    for (const Neighbourhood& x : n) by_key[x.key] = x;
    ASSERT_EQ(by_key.size(), 3u);
    EXPECT_EQ(by_key.at("shanirak 1").street_count, 2u);
    EXPECT_EQ(by_key.at("shanirak 2").street_count, 2u);
    const Neighbourhood& whole = by_key.at("shanirak");
    EXPECT_EQ(whole.name, "Шанырак");
    EXPECT_EQ(whole.street_count, 4u);
    EXPECT_DOUBLE_EQ(whole.extent.min_lon, 76.848);
    EXPECT_DOUBLE_EQ(whole.extent.max_lat, 43.294);
    // The outline is the hull of the streets: it holds every street's ground,
    // and follows the diagonal street's vertices, not its box.
    const Neighbourhood& first = by_key.at("shanirak 1");
    ASSERT_GE(first.outline.size(), 3u);
    EXPECT_EQ(shape_problem(ShapeKind::Area, first.outline), "");
    for (LatLon p : {LatLon{43.29, 76.86}, LatLon{43.292, 76.864}, LatLon{43.292, 76.865}, LatLon{43.294, 76.869}})
        EXPECT_EQ(distance_to_shape_m(p, ShapeKind::Area, first.outline), 0.0) << p.lat << " " << p.lon;
    EXPECT_GT(distance_to_shape_m({43.2919, 76.8601}, ShapeKind::Area, first.outline), 10.0);
    ASSERT_GE(whole.outline.size(), 3u);
    for (LatLon p : {LatLon{43.285, 76.85}, LatLon{43.288, 76.852}, LatLon{43.294, 76.869}, LatLon{43.286, 76.848}})
        EXPECT_EQ(distance_to_shape_m(p, ShapeKind::Area, whole.outline), 0.0) << p.lat << " " << p.lon;
}

TEST(Gazetteer, IntersectionQueries) {
    std::string a, b;
    EXPECT_TRUE(Gazetteer::split_intersection_query("Gogol & Dostyk", a, b));
    EXPECT_EQ(a, "Gogol ");
    EXPECT_EQ(b, " Dostyk");
    EXPECT_TRUE(Gazetteer::split_intersection_query("Гоголя / Достык", a, b));
    EXPECT_TRUE(Gazetteer::split_intersection_query("Abai AND Furmanov", a, b));
    EXPECT_EQ(b, "Furmanov");
    EXPECT_TRUE(Gazetteer::split_intersection_query("Abai × Furmanov", a, b));
    EXPECT_FALSE(Gazetteer::split_intersection_query("Alexandrovka", a, b)) << "an x inside a word";
    EXPECT_FALSE(Gazetteer::split_intersection_query("Gogol &", a, b));
    EXPECT_FALSE(Gazetteer::split_intersection_query("Gogol", a, b));
}

TEST(Gazetteer, MissingFolderHasNoPlaces) {
    const Gazetteer g = Gazetteer::build(fs::path("no-such-folder-of-shapefiles"));
    EXPECT_TRUE(g.empty());
    EXPECT_TRUE(g.find("Gogol").empty());
}
