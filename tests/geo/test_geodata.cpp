// The embedded basemap (geodata/), built from an OpenStreetMap extract by geodata_build:
// when the extract is at hand, a fresh build equals the committed files byte for byte and
// the shipped geometry matches the source (named streets to the metre, districts by
// intersection over union); always, the shipped layers hold the real city's features where
// they are. Shapefiles are read here with plain Shapelib calls, independent of the loader.
// Shapefiles are read here with plain Shapelib calls, independent of the project's loader.
#include <gtest/gtest.h>

#include "core/paths.hpp"
#include <shapefil.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// [SECTION] Paths and helpers

fs::path geodata_dir() { return atlas::paths::source_dir() / "geodata"; }
fs::path tool_path() { return fs::path(ATLAS_TEST_BINARY_DIR) / "tools" / "geodata_build"; }
// The OpenStreetMap extract the basemap is built from (see geodata/README.md): the folder
// named by ATLAS_OSM_EXTRACT, else shared/osm-almaty beside the checkout. Tests that need it
// are skipped when it is absent; the shipped files are checked either way.
fs::path extract_dir() {
    if (const char* e = std::getenv("ATLAS_OSM_EXTRACT"); e && *e) return e;
    return atlas::paths::source_dir().parent_path() / "shared" / "osm-almaty";
}
bool have_extract() { return fs::exists(extract_dir() / "roads.shp") && fs::exists(extract_dir() / "city_boundary.shp"); }
#define SKIP_WITHOUT_EXTRACT() \
    if (!have_extract()) GTEST_SKIP() << "no OpenStreetMap extract at " << extract_dir() << " (set ATLAS_OSM_EXTRACT)"

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// A fresh empty folder under the system temp folder, removed when the test ends.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path = fs::temp_directory_path() /
               ("atlas_geodata_" + tag + "_" + info->name() + "_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

struct RunResult {
    int status = -1;
    std::string err;
};

RunResult run_tool(const fs::path& src, const fs::path& out, const fs::path& err_file) {
    const std::string cmd = quoted(tool_path()) + " " + quoted(src) + " " + quoted(out) + " >/dev/null 2>" +
                            quoted(err_file);
    RunResult r;
    r.status = std::system(cmd.c_str());
    r.err = read_bytes(err_file);
    return r;
}

// One layer read completely with Shapelib: shapes as rings/lines of lon/lat, attributes as text.
struct Feature {
    int shape_type = SHPT_NULL;
    std::vector<std::vector<std::pair<double, double>>> parts;
    std::map<std::string, std::string> attr;
    [[nodiscard]] std::string get(const std::string& field) const {
        auto it = attr.find(field);
        return it == attr.end() ? std::string() : it->second;
    }
};

struct LayerData {
    int shape_type = SHPT_NULL;
    std::vector<Feature> features;
};

LayerData read_layer(const std::string& stem, const fs::path& dir = geodata_dir()) {
    LayerData layer;
    const std::string base = (dir / stem).string();
    SHPHandle shp = SHPOpen(base.c_str(), "rb");
    DBFHandle dbf = DBFOpen(base.c_str(), "rb");
    EXPECT_NE(shp, nullptr) << base << ".shp does not open";
    EXPECT_NE(dbf, nullptr) << base << ".dbf does not open";
    if (!shp || !dbf) {
        if (shp) SHPClose(shp);
        if (dbf) DBFClose(dbf);
        return layer;
    }
    int count = 0;
    double minb[4], maxb[4];
    SHPGetInfo(shp, &count, &layer.shape_type, minb, maxb);
    EXPECT_EQ(DBFGetRecordCount(dbf), count) << stem << ": .shp and .dbf disagree on the record count";
    const int nfields = DBFGetFieldCount(dbf);
    for (int i = 0; i < count; ++i) {
        Feature f;
        SHPObject* obj = SHPReadObject(shp, i);
        if (obj) {
            f.shape_type = obj->nSHPType;
            for (int p = 0; p < std::max(obj->nParts, obj->nVertices > 0 ? 1 : 0); ++p) {
                const int start = obj->nParts > 0 ? obj->panPartStart[p] : 0;
                const int end = (obj->nParts > 0 && p + 1 < obj->nParts) ? obj->panPartStart[p + 1] : obj->nVertices;
                std::vector<std::pair<double, double>> part;
                for (int v = start; v < end; ++v) part.emplace_back(obj->padfX[v], obj->padfY[v]);
                f.parts.push_back(std::move(part));
            }
            SHPDestroyObject(obj);
        }
        for (int k = 0; k < nfields; ++k) {
            char name[12] = {};
            int width = 0, decimals = 0;
            DBFGetFieldInfo(dbf, k, name, &width, &decimals);
            if (DBFIsAttributeNULL(dbf, i, k)) continue;
            f.attr[name] = DBFReadStringAttribute(dbf, i, k);  // copied at once: Shapelib reuses the buffer
        }
        layer.features.push_back(std::move(f));
    }
    SHPClose(shp);
    DBFClose(dbf);
    return layer;
}

const Feature* find_by_name(const LayerData& l, const std::string& name) {
    for (const auto& f : l.features)
        if (f.get("name") == name) return &f;
    return nullptr;
}

// Distances in kilometres on a local equirectangular plane (fine across one city).
constexpr double kKmPerDegLat = 110.95;
double km_per_deg_lon() { return 111.32 * std::cos(43.25 * M_PI / 180.0); }

double point_segment_km(std::pair<double, double> p, std::pair<double, double> a, std::pair<double, double> b) {
    const double kx = km_per_deg_lon();
    const double px = p.first * kx, py = p.second * kKmPerDegLat;
    const double ax = a.first * kx, ay = a.second * kKmPerDegLat;
    const double bx = b.first * kx, by = b.second * kKmPerDegLat;
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

double distance_to_lines_km(std::pair<double, double> p, const LayerData& l) {
    double best = 1e9;
    for (const auto& f : l.features)
        for (const auto& part : f.parts)
            for (size_t i = 0; i + 1 < part.size(); ++i) best = std::min(best, point_segment_km(p, part[i], part[i + 1]));
    return best;
}

// Even-odd rule over every ring of the record: holes and several outer rings handled alike.
bool contains(const Feature& f, std::pair<double, double> p) {
    bool inside = false;
    for (const auto& ring : f.parts) {
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto& a = ring[i];
            const auto& b = ring[j];
            if ((a.second > p.second) != (b.second > p.second) &&
                p.first < (b.first - a.first) * (p.second - a.second) / (b.second - a.second) + a.first)
                inside = !inside;
        }
    }
    return inside;
}

double ring_area_km2(const std::vector<std::pair<double, double>>& ring) {
    const double kx = km_per_deg_lon();
    double a = 0;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        a += ring[j].first * kx * ring[i].second * kKmPerDegLat - ring[i].first * kx * ring[j].second * kKmPerDegLat;
    return a / 2;  // signed: shapefile outer rings are clockwise, so negative
}

double polygon_area_km2(const Feature& f) {
    double a = 0;
    for (const auto& ring : f.parts) a += -ring_area_km2(ring);  // outer rings add, holes subtract
    return a;
}

const char* const kShapefileParts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
const char* const kLayers[] = {"boundary", "districts", "neighbourhoods", "railways", "roads", "transport", "water", "waterways"};

std::vector<std::pair<double, double>> vertices(const Feature& f) {
    std::vector<std::pair<double, double>> out;
    for (const auto& part : f.parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

double distance_to_feature_km(std::pair<double, double> p, const Feature& f) {
    double best = 1e9;
    for (const auto& part : f.parts)
        for (size_t i = 0; i + 1 < part.size(); ++i) best = std::min(best, point_segment_km(p, part[i], part[i + 1]));
    return best;
}

std::vector<const Feature*> named(const LayerData& l, const std::string& name) {
    std::vector<const Feature*> out;
    for (const auto& f : l.features)
        if (f.get("name") == name) out.push_back(&f);
    return out;
}

double distance_to_named_km(std::pair<double, double> p, const LayerData& l, const std::string& name) {
    double best = 1e9;
    for (const Feature* f : named(l, name)) best = std::min(best, distance_to_feature_km(p, *f));
    return best;
}

// Intersection over union of two polygons, by sampling a 400 x 400 grid over their joint extent.
double iou(const Feature& a, const Feature& b) {
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (const Feature* f : {&a, &b})
        for (const auto& [x, y] : vertices(*f)) {
            x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
    int both = 0, either = 0;
    constexpr int n = 400;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const std::pair<double, double> p{x0 + (x1 - x0) * (i + 0.5) / n, y0 + (y1 - y0) * (j + 0.5) / n};
            const bool in_a = contains(a, p), in_b = contains(b, p);
            both += in_a && in_b;
            either += in_a || in_b;
        }
    return either ? static_cast<double>(both) / either : 0.0;
}

// [SECTION] The committed files are what the extract produces

TEST(Geodata, RebuildFromTheExtractEqualsTheCommittedFilesByteForByte) {
    SKIP_WITHOUT_EXTRACT();
    ASSERT_TRUE(fs::exists(tool_path())) << "geodata_build not built at " << tool_path();
    TempDir out("regen");
    const RunResult r = run_tool(extract_dir(), out.path, out.path / "stderr.txt");
    ASSERT_EQ(r.status, 0) << r.err;
    for (const char* stem : kLayers)
        for (const char* ext : kShapefileParts) {
            const fs::path built = out.path / (std::string(stem) + ext);
            const fs::path committed = geodata_dir() / (std::string(stem) + ext);
            ASSERT_TRUE(fs::exists(built)) << built;
            ASSERT_TRUE(fs::exists(committed)) << committed << " is missing: run geodata_build and commit it";
            EXPECT_TRUE(read_bytes(built) == read_bytes(committed))
                << committed << " differs from what geodata_build makes of the extract: rebuild and commit";
        }
}

TEST(Geodata, RebuildingTwiceGivesIdenticalFiles) {
    SKIP_WITHOUT_EXTRACT();
    TempDir a("a"), b("b");
    ASSERT_EQ(run_tool(extract_dir(), a.path, a.path / "err.txt").status, 0);
    ASSERT_EQ(run_tool(extract_dir(), b.path, b.path / "err.txt").status, 0);
    for (const char* stem : kLayers)
        for (const char* ext : kShapefileParts)
            EXPECT_TRUE(read_bytes(a.path / (std::string(stem) + ext)) == read_bytes(b.path / (std::string(stem) + ext)))
                << stem << ext;
}

// [SECTION] The shipped geometry is the source's

TEST(Geodata, NamedStreetsLieOnTheirSourceWays) {
    SKIP_WITHOUT_EXTRACT();
    const LayerData shipped = read_layer("roads");
    const LayerData source = read_layer("roads", extract_dir());
    std::map<std::string, const Feature*> by_id;
    for (const auto& f : source.features) by_id[f.get("osm_id")] = &f;
    std::vector<double> worst_per_street;
    std::set<std::string> shipped_ids;
    for (const auto& f : shipped.features) {
        shipped_ids.insert(f.get("osm_id"));
        if (f.get("name").empty()) continue;
        const auto it = by_id.find(f.get("osm_id"));
        ASSERT_NE(it, by_id.end()) << "osm_id " << f.get("osm_id") << " is not in the extract";
        EXPECT_EQ(it->second->get("name"), f.get("name")) << f.get("osm_id");
        double worst = 0;
        for (const auto& p : vertices(f)) worst = std::max(worst, distance_to_feature_km(p, *it->second));
        worst_per_street.push_back(worst);
    }
    ASSERT_GT(worst_per_street.size(), 5000u);
    std::sort(worst_per_street.begin(), worst_per_street.end());
    // The goal is 25 m (median); cutting at the boundary only adds points on the source line.
    EXPECT_LT(worst_per_street[worst_per_street.size() / 2], 0.025);
    EXPECT_LT(worst_per_street.back(), 0.001) << "a shipped vertex lies off its source way";
    // Every way of the extract that reaches into the city is shipped.
    size_t missing = 0;
    for (const auto& f : source.features) missing += shipped_ids.count(f.get("osm_id")) == 0;
    EXPECT_EQ(missing, source.features.size() - shipped.features.size());
    EXPECT_LT(missing, source.features.size() / 100);
}

TEST(Geodata, DistrictsMatchTheSourceOutlines) {
    SKIP_WITHOUT_EXTRACT();
    const LayerData shipped = read_layer("districts");
    const LayerData source = read_layer("districts", extract_dir());
    ASSERT_EQ(shipped.features.size(), 8u);
    for (const auto& d : shipped.features) {
        const Feature* src = nullptr;
        for (const auto& s : source.features)
            if (s.get("id") == d.get("osm_id") && !s.parts.empty()) src = &s;
        ASSERT_NE(src, nullptr) << d.get("name");
        EXPECT_EQ(src->get("name"), d.get("name"));
        EXPECT_GE(iou(d, *src), 0.9) << d.get("name");
    }
}

// [SECTION] What ships

TEST(Geodata, OnlyTheBuiltLayersShipEachWgs84Utf8) {
    std::set<std::string> expected(std::begin(kLayers), std::end(kLayers));
    std::set<std::string> found;
    for (const auto& e : fs::directory_iterator(geodata_dir()))
        if (e.path().extension() == ".shp") found.insert(e.path().stem().string());
    EXPECT_EQ(found, expected) << "geodata/ holds only what geodata_build writes";
    EXPECT_FALSE(fs::exists(geodata_dir() / "src")) << "no hand-authored sources remain";
    for (const char* stem : kLayers) {
        EXPECT_NE(read_bytes(geodata_dir() / (std::string(stem) + ".prj")).find("GCS_WGS_1984"), std::string::npos) << stem;
        EXPECT_EQ(read_bytes(geodata_dir() / (std::string(stem) + ".cpg")), "UTF-8") << stem;
    }
}

TEST(Geodata, RoadsKeepTheGeofabrikSchema) {
    const std::string base = (geodata_dir() / "roads").string();
    DBFHandle dbf = DBFOpen(base.c_str(), "rb");
    ASSERT_NE(dbf, nullptr);
    std::vector<std::string> fields;
    for (int k = 0; k < DBFGetFieldCount(dbf); ++k) {
        char name[12] = {};
        DBFGetFieldInfo(dbf, k, name, nullptr, nullptr);
        fields.emplace_back(name);
    }
    DBFClose(dbf);
    const std::vector<std::string> geofabrik = {"osm_id", "code",     "fclass", "name",   "ref",
                                                "oneway", "maxspeed", "layer",  "bridge", "tunnel"};
    ASSERT_GE(fields.size(), geofabrik.size());
    EXPECT_TRUE(std::equal(geofabrik.begin(), geofabrik.end(), fields.begin()));
    for (const char* stem : {"railways", "transport", "water", "waterways"}) {
        const LayerData l = read_layer(stem);
        ASSERT_FALSE(l.features.empty()) << stem;
        for (const auto& f : l.features) {
            ASSERT_FALSE(f.get("osm_id").empty()) << stem;
            ASSERT_FALSE(f.get("fclass").empty()) << stem;
        }
    }
}

TEST(Geodata, EverythingLiesInTheCity) {
    const LayerData boundary = read_layer("boundary");
    ASSERT_EQ(boundary.features.size(), 1u);
    const Feature& city = boundary.features[0];
    EXPECT_EQ(city.get("fclass"), "city_boundary");
    // Almaty: about 683 km² (the boundary has grown since 2014).
    const double area = polygon_area_km2(city);
    EXPECT_GT(area, 600.0);
    EXPECT_LT(area, 800.0);
    EXPECT_TRUE(contains(city, {76.9453, 43.2383}));   // Republic Square
    EXPECT_FALSE(contains(city, {76.6, 43.25}));       // Kaskelen side, outside
    for (const char* stem : {"transport"}) {
        for (const auto& f : read_layer(stem).features)
            ASSERT_TRUE(contains(city, f.parts.at(0).at(0))) << stem << " " << f.get("osm_id");
    }
    // Lines are cut at the boundary: the middle of every segment is inside (or on it).
    for (const char* stem : {"roads", "railways", "waterways"}) {
        size_t outside = 0, segments = 0;
        for (const auto& f : read_layer(stem).features)
            for (const auto& part : f.parts)
                for (size_t i = 0; i + 1 < part.size(); ++i, ++segments) {
                    const std::pair<double, double> mid{(part[i].first + part[i + 1].first) / 2,
                                                        (part[i].second + part[i + 1].second) / 2};
                    if (!contains(city, mid) && distance_to_feature_km(mid, city) > 0.001) ++outside;
                }
        EXPECT_EQ(outside, 0u) << stem << ": of " << segments << " segments";
    }
}

TEST(Geodata, EightDistrictsTileTheCity) {
    const LayerData districts = read_layer("districts");
    const LayerData boundary = read_layer("boundary");
    ASSERT_EQ(boundary.features.size(), 1u);
    const Feature& city = boundary.features[0];
    std::set<std::string> names, ids;
    double sum = 0;
    for (const auto& d : districts.features) {
        names.insert(d.get("name"));
        ids.insert(d.get("osm_id"));
        EXPECT_EQ(d.get("fclass"), "administrative");
        EXPECT_EQ(d.get("admin_lvl"), "6");
        EXPECT_EQ(d.get("wikidata").rfind("Q", 0), 0u) << d.get("name");
        sum += polygon_area_km2(d);
    }
    const std::set<std::string> expected = {"Алатауский район",    "Алмалинский район", "Ауэзовский район",
                                            "Бостандыкский район", "Жетысуский район",  "Медеуский район",
                                            "Наурызбайский район", "Турксибский район"};
    EXPECT_EQ(names, expected);
    EXPECT_EQ(ids.size(), 8u);
    // The district outlines (2021) and the city boundary (2024) are separate OSM extracts:
    // together the districts cover the city to within a few per cent.
    EXPECT_NEAR(sum / polygon_area_km2(city), 1.0, 0.05);
    // Places in their districts.
    auto district_of = [&](std::pair<double, double> p) {
        for (const auto& d : districts.features)
            if (contains(d, p)) return d.get("name");
        return std::string();
    };
    EXPECT_EQ(district_of({76.9453, 43.2383}), "Бостандыкский район");   // Republic Square, south of Abay Ave
    EXPECT_EQ(district_of({76.9458, 43.2608}), "Алмалинский район");     // Zhibek Zholy metro station
    EXPECT_EQ(district_of({76.949022, 43.3409962}), "Турксибский район"); // Almaty-1 station
    EXPECT_EQ(district_of({76.9556, 43.2585}), "Медеуский район");      // Panfilov Park
}

TEST(Geodata, MainStreetsAreThereAndMeetWhereTheyDo) {
    const LayerData roads = read_layer("roads");
    size_t with_name = 0;
    std::set<std::string> names;
    for (const auto& f : roads.features)
        if (!f.get("name").empty()) {
            ++with_name;
            names.insert(f.get("name"));
        }
    EXPECT_GT(roads.features.size(), 24000u);
    EXPECT_GT(with_name, 7000u);
    EXPECT_GT(names.size(), 1500u);
    for (const char* street : {"улица Гоголя", "проспект Достык", "проспект Абая", "проспект Аль-Фараби",
                               "проспект Райымбека", "улица Толе би", "улица Желтоксан"})
        EXPECT_FALSE(named(roads, street).empty()) << street;
    // Zhetysu House (45 Gogol St) stood at the corner of Gogol and Dostyk, north of Panfilov Park.
    const std::pair<double, double> corner{76.95467, 43.26063};
    EXPECT_LT(distance_to_named_km(corner, roads, "улица Гоголя"), 0.01);
    EXPECT_LT(distance_to_named_km(corner, roads, "проспект Достык"), 0.01);
    // Abay Avenue passes Abay metro station, Al-Farabi the Esentai Mall's latitude band.
    EXPECT_LT(distance_to_named_km({76.9484213, 43.2425131}, roads, "проспект Абая"), 0.1);
    // Shanyrak's streets carry the neighbourhood's name, in the north-west (about 43.29 N, 76.86 E).
    size_t shanyrak = 0;
    for (const auto& f : roads.features)
        if (f.get("name").find("Шанырак") != std::string::npos) {
            ++shanyrak;
            for (const auto& [lon, lat] : vertices(f)) {
                EXPECT_NEAR(lon, 76.86, 0.03);
                EXPECT_NEAR(lat, 43.285, 0.03);
            }
        }
    EXPECT_GT(shanyrak, 20u);
}

TEST(Geodata, RailwayThroughBothStationsRiversAndLakeSairan) {
    const LayerData transport = read_layer("transport");
    const LayerData railways = read_layer("railways");
    for (const char* station : {"Алматы 1", "Алматы 2"}) {
        const Feature* s = find_by_name(transport, station);
        ASSERT_NE(s, nullptr) << station;
        EXPECT_EQ(s->get("fclass"), "railway_station");
        EXPECT_LT(distance_to_lines_km(s->parts.at(0).at(0), railways), 0.15) << station;
    }
    size_t metro = 0;
    for (const auto& f : railways.features) metro += f.get("fclass") == "subway";
    EXPECT_GT(metro, 10u);
    const LayerData waterways = read_layer("waterways");
    for (const char* river : {"Большая Алматинка", "Малая Алматинка", "Султанкарасу"})
        EXPECT_FALSE(named(waterways, river).empty()) << river;
    const LayerData water = read_layer("water");
    const Feature* sairan = find_by_name(water, "Сайран");
    ASSERT_NE(sairan, nullptr);
    EXPECT_GT(polygon_area_km2(*sairan), 0.3);
}

// Shanyrak and Aigerim, which OSM does not outline here, are named where their streets are.
TEST(Geodata, NeighbourhoodsSitAmongTheStreetsThatNameThem) {
    const LayerData hoods = read_layer("neighbourhoods");
    const LayerData roads = read_layer("roads");
    ASSERT_GT(hoods.features.size(), 50u);
    for (const char* name : {"Шанырак", "Шанырак-1", "Айгерим"}) {
        const Feature* n = find_by_name(hoods, name);
        ASSERT_NE(n, nullptr) << name;
        EXPECT_EQ(n->get("fclass"), "neighbourhood");
        EXPECT_GE(std::stoi(n->get("streets")), 3) << name;
        // The point lies within the extent of the streets whose names say "(<name>...)".
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        size_t streets = 0;
        const std::string area = std::string("(") + name;  // "(Шанырак" also takes "(Шанырак-1)"
        for (const auto& f : roads.features) {
            if (f.get("name").find(area) == std::string::npos) continue;
            ++streets;
            for (const auto& [x, y] : vertices(f))
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
        ASSERT_GT(streets, 0u) << name;
        const auto [px, py] = n->parts.at(0).at(0);
        EXPECT_TRUE(px >= x0 && px <= x1 && py >= y0 && py <= y1) << name << " at " << px << ", " << py;
    }
    // Shanyrak lies north-west of the centre, Aigerim south of Shanyrak.
    const auto shanyrak = find_by_name(hoods, "Шанырак")->parts[0][0];
    const auto aigerim = find_by_name(hoods, "Айгерим")->parts[0][0];
    EXPECT_LT(shanyrak.first, 76.9);
    EXPECT_GT(shanyrak.second, 43.27);  // Panfilov Park is at 43.26
    EXPECT_LT(aigerim.second, shanyrak.second);
}

// [SECTION] geodata_build on small extracts

// A tiny extract written with Shapelib: the city a 0.1-degree square at (76.9, 43.2),
// one road from outside to inside, one point outside and one inside.
struct TinyExtract {
    fs::path dir;
    explicit TinyExtract(const fs::path& d) : dir(d) {
        fs::create_directories(dir);
        polygon("city_boundary", {{"Id", FTInteger, 6}}, {{{76.9, 43.2}, {76.9, 43.3}, {77.0, 43.3}, {77.0, 43.2}, {76.9, 43.2}}},
                {{"1"}});
        polygon("districts",
                {{"id", FTInteger, 10}, {"name", FTString, 40}, {"boundary", FTString, 20}, {"adminlevel", FTInteger, 10},
                 {"wikidata", FTString, 12}},
                {{{76.9, 43.2}, {76.9, 43.3}, {77.0, 43.3}, {77.0, 43.2}, {76.9, 43.2}}},
                {{"42", "Тест район", "administrative", "6", "Q1"}});
        polygon("water", osm_fields(), {{{76.95, 43.25}, {76.95, 43.26}, {76.96, 43.26}, {76.95, 43.25}}},
                {{"7", "8200", "water", "Озеро"}});
        lines("roads", {{{76.85, 43.25}, {76.95, 43.25}}, {{76.80, 43.21}, {76.85, 43.21}}},
              {{"100", "5115", "residential", "улица Тест"}, {"101", "5115", "service", ""}});
        lines("railways", {{{76.92, 43.22}, {76.93, 43.23}}}, {{"200", "6101", "rail", ""}});
        lines("waterways", {{{76.92, 43.24}, {77.05, 43.24}}}, {{"300", "8102", "river", "Река"}});
        points("transport", {{76.95, 43.25}, {76.5, 43.25}}, {{"400", "5621", "bus_stop", "Остановка"}, {"401", "5621", "bus_stop", "Далеко"}});
        for (const char* stem : {"city_boundary", "districts", "water", "roads", "railways", "waterways", "transport"})
            std::ofstream(dir / (std::string(stem) + ".cpg")) << "UTF-8";
    }
    struct F {
        const char* name;
        DBFFieldType type;
        int width;
    };
    static std::vector<F> osm_fields() {
        return {{"osm_id", FTString, 12}, {"code", FTInteger, 4}, {"fclass", FTString, 28}, {"name", FTString, 100}};
    }
    using Line = std::vector<std::pair<double, double>>;
    void attributes(const std::string& stem, const std::vector<F>& fields, const std::vector<std::vector<std::string>>& rows) {
        DBFHandle dbf = DBFCreateEx((dir / stem).string().c_str(), "UTF-8");
        for (const F& f : fields) DBFAddField(dbf, f.name, f.type, f.width, 0);
        for (size_t r = 0; r < rows.size(); ++r)
            for (size_t k = 0; k < rows[r].size(); ++k) {
                if (rows[r][k].empty()) DBFWriteNULLAttribute(dbf, static_cast<int>(r), static_cast<int>(k));
                else if (fields[k].type == FTInteger) DBFWriteIntegerAttribute(dbf, static_cast<int>(r), static_cast<int>(k), std::stoi(rows[r][k]));
                else DBFWriteStringAttribute(dbf, static_cast<int>(r), static_cast<int>(k), rows[r][k].c_str());
            }
        DBFClose(dbf);
    }
    void shapes(const std::string& stem, int type, const std::vector<Line>& geoms) {
        SHPHandle shp = SHPCreate((dir / stem).string().c_str(), type);
        for (const Line& g : geoms) {
            std::vector<double> xs, ys;
            for (auto [x, y] : g) xs.push_back(x), ys.push_back(y);
            SHPObject* o = SHPCreateSimpleObject(type, static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr);
            SHPWriteObject(shp, -1, o);
            SHPDestroyObject(o);
        }
        SHPClose(shp);
    }
    void polygon(const std::string& stem, const std::vector<F>& fields, const std::vector<Line>& rings,
                 const std::vector<std::vector<std::string>>& rows) {
        shapes(stem, SHPT_POLYGON, rings);
        attributes(stem, fields, rows);
    }
    void lines(const std::string& stem, const std::vector<Line>& ls, const std::vector<std::vector<std::string>>& rows) {
        shapes(stem, SHPT_ARC, ls);
        attributes(stem, osm_fields(), rows);
    }
    void points(const std::string& stem, const Line& pts, const std::vector<std::vector<std::string>>& rows) {
        std::vector<Line> ps;
        for (const auto& p : pts) ps.push_back({p});
        shapes(stem, SHPT_POINT, ps);
        attributes(stem, osm_fields(), rows);
    }
};

TEST(GeodataBuild, LinesAreCutAtTheBoundaryAndOutsideFeaturesLeftOut) {
    TempDir dir("tiny");
    TinyExtract x(dir.path / "src");
    const RunResult r = run_tool(x.dir, dir.path / "out", dir.path / "err.txt");
    ASSERT_EQ(r.status, 0) << r.err;
    const LayerData roads = read_layer("roads", dir.path / "out");
    ASSERT_EQ(roads.features.size(), 1u);  // the service road lies wholly outside
    const Feature& road = roads.features[0];
    EXPECT_EQ(road.get("osm_id"), "100");
    EXPECT_EQ(road.get("name"), "улица Тест");
    EXPECT_EQ(road.get("code"), "5115");
    ASSERT_EQ(road.parts.size(), 1u);
    ASSERT_EQ(road.parts[0].size(), 2u);
    EXPECT_NEAR(road.parts[0][0].first, 76.9, 1e-12);  // starts where it enters the city
    EXPECT_NEAR(road.parts[0][1].first, 76.95, 1e-12);
    // A river through the city and out: the part inside, to the eastern edge.
    const LayerData rivers = read_layer("waterways", dir.path / "out");
    ASSERT_EQ(rivers.features.size(), 1u);
    EXPECT_NEAR(rivers.features[0].parts.at(0).at(0).first, 76.92, 1e-12);
    EXPECT_NEAR(rivers.features[0].parts.at(0).back().first, 77.0, 1e-12);
    const LayerData stops = read_layer("transport", dir.path / "out");
    ASSERT_EQ(stops.features.size(), 1u);
    EXPECT_EQ(stops.features[0].get("name"), "Остановка");
    const LayerData districts = read_layer("districts", dir.path / "out");
    ASSERT_EQ(districts.features.size(), 1u);
    EXPECT_EQ(districts.features[0].get("osm_id"), "42");
    EXPECT_EQ(districts.features[0].get("fclass"), "administrative");
    EXPECT_EQ(read_layer("water", dir.path / "out").features.size(), 1u);
}

TEST(GeodataBuild, ANeighbourhoodIsNamedAtTheMiddleOfItsStreets) {
    TempDir dir("hood");
    TinyExtract x(dir.path / "src");
    x.lines("roads",
            {{{76.91, 43.21}, {76.93, 43.21}}, {{76.92, 43.215}, {76.92, 43.24}}, {{76.95, 43.25}, {76.96, 43.25}}},
            {{"100", "5115", "residential", "улица Первая (Тестовый)"},
             {"101", "5115", "residential", "улица Вторая (Тестовый)"},
             {"102", "5115", "residential", "улица Третья"}});
    const RunResult r = run_tool(x.dir, dir.path / "out", dir.path / "err.txt");
    ASSERT_EQ(r.status, 0) << r.err;
    const LayerData hoods = read_layer("neighbourhoods", dir.path / "out");
    ASSERT_EQ(hoods.features.size(), 1u);
    const Feature& n = hoods.features[0];
    EXPECT_EQ(n.get("name"), "Тестовый");
    EXPECT_EQ(n.get("fclass"), "neighbourhood");
    EXPECT_EQ(n.get("streets"), "2");
    EXPECT_NEAR(n.parts.at(0).at(0).first, 76.92, 1e-9);
    EXPECT_NEAR(n.parts.at(0).at(0).second, 43.225, 1e-9);
}

TEST(GeodataBuild, AMissingLayerOrFieldStopsTheRunAndWritesNothing) {
    TempDir dir("bad");
    TinyExtract x(dir.path / "src");
    for (const char* ext : {".shp", ".shx", ".dbf", ".cpg"}) fs::remove(x.dir / (std::string("waterways") + ext));
    RunResult r = run_tool(x.dir, dir.path / "out", dir.path / "err.txt");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("waterways.shp: missing from the extract"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path / "out" / "roads.shp")) << "nothing is written when a source is missing";

    TinyExtract y(dir.path / "src2");
    y.lines("railways", {{{76.92, 43.22}, {76.93, 43.23}}}, {{"200", "6101", "rail", ""}});
    // A roads file whose records lack `fclass`.
    y.shapes("roads", SHPT_ARC, {{{76.92, 43.22}, {76.93, 43.23}}});
    y.attributes("roads", {{"osm_id", FTString, 12}, {"name", FTString, 10}}, {{"1", "x"}});
    r = run_tool(y.dir, dir.path / "out2", dir.path / "err2.txt");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("roads.shp: fclass: the field is missing"), std::string::npos) << r.err;

    TinyExtract z(dir.path / "src3");
    z.points("water", {{76.95, 43.25}}, {{"7", "8200", "water", "Озеро"}});  // points where areas belong
    r = run_tool(z.dir, dir.path / "out3", dir.path / "err3.txt");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("water.shp: expected polygons"), std::string::npos) << r.err;

    r = run_tool(dir.path / "no_such_folder", dir.path / "out4", dir.path / "err4.txt");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("no such folder"), std::string::npos) << r.err;
}

}  // namespace
