// The embedded basemap (geodata/): the committed shapefiles match their GeoJSON sources
// byte for byte, hold the features the map needs, and put them where they are.
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

LayerData read_layer(const std::string& stem) {
    LayerData layer;
    const std::string base = (geodata_dir() / stem).string();
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

const Feature* find_containing(const LayerData& l, const std::string& part) {
    for (const auto& f : l.features)
        if (f.get("name").find(part) != std::string::npos || f.get("alt_name").find(part) != std::string::npos)
            return &f;
    return nullptr;
}

// Distances in kilometres on a local equirectangular plane (fine across one city).
constexpr double kKmPerDegLat = 110.95;
double km_per_deg_lon() { return 111.32 * std::cos(43.25 * M_PI / 180.0); }

double dist_km(std::pair<double, double> a, std::pair<double, double> b) {
    return std::hypot((a.first - b.first) * km_per_deg_lon(), (a.second - b.second) * kKmPerDegLat);
}

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

std::vector<std::string> source_stems() {
    std::vector<std::string> stems;
    for (const auto& e : fs::directory_iterator(geodata_dir() / "src"))
        if (e.path().extension() == ".geojson") stems.push_back(e.path().stem().string());
    std::sort(stems.begin(), stems.end());
    return stems;
}

const char* const kShapefileParts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

// [SECTION] The committed files are what the sources produce

TEST(Geodata, CommittedShapefilesMatchTheirSourcesByteForByte) {
    ASSERT_TRUE(fs::is_directory(geodata_dir() / "src")) << geodata_dir() / "src";
    ASSERT_TRUE(fs::exists(tool_path())) << "geodata_build not built at " << tool_path();
    TempDir out("regen");
    const RunResult r = run_tool(geodata_dir() / "src", out.path, out.path / "stderr.txt");
    ASSERT_EQ(r.status, 0) << r.err;

    const auto stems = source_stems();
    ASSERT_FALSE(stems.empty());
    for (const auto& stem : stems) {
        for (const char* ext : kShapefileParts) {
            const fs::path committed = geodata_dir() / (stem + ext);
            const fs::path fresh = out.path / (stem + ext);
            ASSERT_TRUE(fs::exists(committed)) << committed << " is missing: run geodata_build and commit it";
            ASSERT_TRUE(fs::exists(fresh)) << fresh;
            EXPECT_TRUE(read_bytes(committed) == read_bytes(fresh))
                << committed << " differs from what geodata/src/" << stem
                << ".geojson produces: regenerate with geodata_build and commit both";
        }
    }
    // No committed shapefile without a source.
    for (const auto& e : fs::directory_iterator(geodata_dir())) {
        if (e.path().extension() != ".shp") continue;
        EXPECT_TRUE(std::binary_search(stems.begin(), stems.end(), e.path().stem().string()))
            << e.path() << " has no source in geodata/src";
    }
}

TEST(Geodata, RegeneratingTwiceGivesIdenticalFiles) {
    TempDir a("a"), b("b");
    ASSERT_EQ(run_tool(geodata_dir() / "src", a.path, a.path / "err.txt").status, 0);
    ASSERT_EQ(run_tool(geodata_dir() / "src", b.path, b.path / "err.txt").status, 0);
    for (const auto& stem : source_stems())
        for (const char* ext : kShapefileParts)
            EXPECT_TRUE(read_bytes(a.path / (stem + ext)) == read_bytes(b.path / (stem + ext))) << stem << ext;
}

TEST(Geodata, EveryLayerIsWgs84Utf8WithTheOsmFields) {
    for (const auto& stem : source_stems()) {
        EXPECT_NE(read_bytes(geodata_dir() / (stem + ".prj")).find("GCS_WGS_1984"), std::string::npos) << stem;
        EXPECT_EQ(read_bytes(geodata_dir() / (stem + ".cpg")), "UTF-8") << stem;
        const LayerData l = read_layer(stem);
        ASSERT_FALSE(l.features.empty()) << stem;
        std::set<std::string> ids;
        for (const auto& f : l.features) {
            for (const char* field : {"osm_id", "code", "fclass", "name"})
                EXPECT_FALSE(f.get(field).empty()) << stem << ": a feature without " << field;
            EXPECT_TRUE(ids.insert(f.get("osm_id")).second) << stem << ": duplicate osm_id " << f.get("osm_id");
            EXPECT_FALSE(f.get("name_ru").empty()) << stem << ": " << f.get("name") << " has no Russian name";
            EXPECT_FALSE(f.get("name_kk").empty()) << stem << ": " << f.get("name") << " has no Kazakh name";
        }
    }
}

TEST(Geodata, EveryCoordinateLiesInTheAlmatyArea) {
    for (const auto& stem : source_stems()) {
        const LayerData l = read_layer(stem);
        for (const auto& f : l.features)
            for (const auto& part : f.parts)
                for (const auto& [lon, lat] : part) {
                    EXPECT_TRUE(lat >= 43.0 && lat <= 43.5 && lon >= 76.6 && lon <= 77.3)
                        << stem << ": " << f.get("name") << " has a vertex at " << lat << " N " << lon << " E";
                }
    }
}

// [SECTION] Boundary and districts

TEST(Geodata, EightDistrictsWithEnglishRussianAndKazakhNames) {
    const LayerData d = read_layer("districts");
    EXPECT_EQ(d.shape_type, SHPT_POLYGON);
    ASSERT_EQ(d.features.size(), 8u);
    const std::map<std::string, std::pair<std::string, std::string>> expected = {
        {"Alatau", {"Алатауский район", "Алатау ауданы"}},
        {"Almaly", {"Алмалинский район", "Алмалы ауданы"}},
        {"Auezov", {"Ауэзовский район", "Әуезов ауданы"}},
        {"Bostandyk", {"Бостандыкский район", "Бостандық ауданы"}},
        {"Zhetysu", {"Жетысуский район", "Жетісу ауданы"}},
        {"Medeu", {"Медеуский район", "Медеу ауданы"}},
        {"Nauryzbay", {"Наурызбайский район", "Наурызбай ауданы"}},
        {"Turksib", {"Турксибский район", "Түрксіб ауданы"}},
    };
    for (const auto& [en, names] : expected) {
        const Feature* f = find_by_name(d, en + " District");
        ASSERT_NE(f, nullptr) << en;
        EXPECT_EQ(f->get("name_en"), en + " District");
        EXPECT_EQ(f->get("name_ru"), names.first);
        EXPECT_EQ(f->get("name_kk"), names.second);
        EXPECT_GT(polygon_area_km2(*f), 5.0) << en;
    }
}

TEST(Geodata, DistrictsTileTheCity) {
    const LayerData b = read_layer("boundary");
    const LayerData d = read_layer("districts");
    ASSERT_EQ(b.features.size(), 1u);
    ASSERT_EQ(d.features.size(), 8u);
    const double city = polygon_area_km2(b.features[0]);
    // Almaty covers about 680 km2.
    EXPECT_GT(city, 500.0);
    EXPECT_LT(city, 800.0);
    double sum = 0;
    for (const auto& f : d.features) sum += polygon_area_km2(f);
    EXPECT_NEAR(sum / city, 1.0, 0.15) << "districts " << sum << " km2, city " << city << " km2";

    // Sample the city: almost every point lies in exactly one district.
    int samples = 0, misses = 0, overlaps = 0;
    for (double lat = 43.10; lat <= 43.40; lat += 0.004)
        for (double lon = 76.70; lon <= 77.12; lon += 0.005) {
            if (!contains(b.features[0], {lon, lat})) continue;
            ++samples;
            int n = 0;
            for (const auto& f : d.features) n += contains(f, {lon, lat}) ? 1 : 0;
            if (n == 0) ++misses;
            if (n > 1) ++overlaps;
        }
    ASSERT_GT(samples, 1000);
    EXPECT_LT(misses, samples / 100) << misses << " of " << samples << " points in no district";
    EXPECT_LT(overlaps, samples / 100) << overlaps << " of " << samples << " points in two districts";
}

TEST(Geodata, LandmarksLieInTheirDistricts) {
    const LayerData d = read_layer("districts");
    const std::vector<std::pair<std::string, std::pair<double, double>>> cases = {
        {"Medeu District", {76.9761, 43.2289}},      // Kok-Tobe TV tower
        {"Medeu District", {77.0592, 43.1575}},      // Medeu skating rink
        {"Turksib District", {77.0447, 43.3553}},    // the airport
        {"Turksib District", {76.9489, 43.3411}},    // Almaty-1
        {"Zhetysu District", {76.9391, 43.2737}},    // Almaty-2
        {"Almaly District", {76.9181, 43.2417}},     // Auezov Theatre, north side of Abay
        {"Auezov District", {76.8661, 43.2293}},     // Moskva metro station
        // Addresses the city's register of public-space works places in these districts:
        {"Alatau District", {76.7849, 43.2353}},     // Terekti microdistrict
        {"Auezov District", {76.8401, 43.2326}},     // Aksay-4
        {"Auezov District", {76.8294, 43.2415}},     // east side of Momyshuly St
        {"Nauryzbay District", {76.7984, 43.1921}},  // Akzhar
        {"Zhetysu District", {76.9599, 43.2924}},    // Ryskulov Ave 76
        {"Zhetysu District", {76.9526, 43.3760}},    // Kemel
        {"Medeu District", {76.9967, 43.2954}},      // Ryskulov Ave / Kuldzhinsky Trakt
        {"Turksib District", {76.9937, 43.3363}},    // Mayak
    };
    for (const auto& [district, p] : cases) {
        const Feature* f = find_by_name(d, district);
        ASSERT_NE(f, nullptr) << district;
        EXPECT_TRUE(contains(*f, p)) << district << " should contain " << p.second << " N " << p.first << " E";
    }
}

// [SECTION] Streets

TEST(Geodata, AtLeastFortyNamedStreetsIncludingTheMainOnes) {
    const LayerData r = read_layer("roads");
    EXPECT_EQ(r.shape_type, SHPT_ARC);
    std::set<std::string> names;
    const std::set<std::string> classes = {"motorway", "trunk", "primary", "secondary", "tertiary",
                                           "residential", "pedestrian"};
    for (const auto& f : r.features) {
        names.insert(f.get("name"));
        EXPECT_TRUE(classes.count(f.get("fclass"))) << f.get("name") << ": fclass " << f.get("fclass");
        size_t vertices = 0;
        for (const auto& part : f.parts) vertices += part.size();
        EXPECT_GE(vertices, 5u) << f.get("name") << " is drawn with too few vertices to follow its route";
    }
    EXPECT_GE(names.size(), 40u);
    for (const char* street : {"Gogol", "Abay", "Al-Farabi", "Dostyk", "Raiymbek", "Tole Bi", "Zheltoksan",
                               "Nazarbayev", "Furmanov", "Seifullin", "Suyunbay", "Zhibek Zholy", "Satpayev",
                               "Timiryazev", "Rozybakiev", "Sain", "Momyshuly", "Ryskulov", "Kabanbay Batyr",
                               "Bogenbay Batyr"}) {
        EXPECT_NE(find_containing(r, street), nullptr) << street << " is missing";
    }
}

TEST(Geodata, StreetsPassTheirKnownAnchors) {
    // Points on or beside these streets, from published coordinates of metro stations and
    // buildings; the street must pass within the tolerance.
    const LayerData r = read_layer("roads");
    struct Anchor {
        const char* street;
        double lon, lat, tol_km;
    };
    const Anchor anchors[] = {
        {"Nazarbayev Avenue", 76.9447, 43.2714, 0.15},  // Raiymbek Batyr station, under the avenue
        {"Nazarbayev Avenue", 76.9458, 43.2608, 0.15},  // Zhibek Zholy station
        {"Nazarbayev Avenue", 76.9469, 43.2517, 0.15},  // Almaly station
        {"Abay Avenue", 76.9272, 43.2411, 0.15},        // Baikonur station
        {"Abay Avenue", 76.9172, 43.2403, 0.15},        // Auezov Theatre station
        {"Abay Avenue", 76.8975, 43.2392, 0.15},        // Alatau station
        {"Abay Avenue", 76.8661, 43.2293, 0.15},        // Moskva station
        {"Abay Avenue", 76.9596, 43.2432, 0.25},        // Palace of the Republic, at its east end
        {"Dostyk Avenue", 76.9577, 43.2447, 0.15},      // Hotel Kazakhstan
        {"Satpayev Street", 76.9453, 43.2383, 0.15},    // Republic Square
        {"Ablai Khan Avenue", 76.9391, 43.2737, 0.15},  // Almaty-2 at its north end
        {"Al-Farabi Avenue", 76.8925, 43.2020, 0.25},   // Mega Alma-Ata at Rozybakiev
        {"Gornaya Street", 77.0592, 43.1575, 0.25},     // Medeu (Gornaya 465)
        // Corners and street addresses from the city's register of public-space works:
        {"Dostyk Avenue", 76.9569, 43.2428, 0.1},        // Dostyk at Abay
        {"Dostyk Avenue", 76.9550, 43.2572, 0.1},        // Dostyk at Kazybek Bi
        {"Tole Bi Street", 76.9330, 43.2547, 0.15},      // Tole Bi / Seifullin
        {"Seifullin Avenue", 76.9330, 43.2547, 0.15},
        {"Tole Bi Street", 76.8873, 43.2532, 0.3},       // Tole Bi / Rozybakiev
        {"Rozybakiev Street", 76.8873, 43.2532, 0.15},
        {"Raiymbek Avenue", 76.9088, 43.2652, 0.15},     // Raiymbek / Chokin
        {"Ablai Khan Avenue", 76.9405, 43.2657, 0.15},   // Ablai Khan / Mametova
        {"Zheltoksan Street", 76.9378, 43.2630, 0.15},   // Zheltoksan / Makataev
        {"Makataev Street", 76.9378, 43.2630, 0.15},
        {"Gogol Street", 76.9103, 43.2573, 0.15},        // Gogol / Baizakov
        {"Baizakov Street", 76.9103, 43.2573, 0.15},
        {"Kabanbay Batyr Street", 76.9360, 43.2499, 0.15},  // Kabanbay Batyr / Nauryzbay Batyr
        {"Nauryzbay Batyr Street", 76.9360, 43.2499, 0.15},
        {"Abay Avenue", 76.8755, 43.2366, 0.1},          // Abay / Tlendiev
        {"Sain Street", 76.8418, 43.2369, 0.15},         // Sain 24/1
        {"Momyshuly Street", 76.8294, 43.2415, 0.15},
        {"Ryskulov Avenue", 76.9599, 43.2924, 0.15},     // Ryskulov 76
        {"Kuldzhinsky Trakt", 76.9967, 43.2954, 0.15},   // at Ryskulov
        {"Zhandosov Street", 76.8678, 43.2134, 0.15},    // Zhandosov 61v
        // Zhetysu House (45 Gogol St) stands at the corner of Dostyk and Gogol, north of Panfilov Park.
        {"Dostyk Avenue", 76.9560, 43.2626, 0.1},
        {"Gogol Street", 76.9560, 43.2626, 0.1},
    };
    for (const auto& a : anchors) {
        const Feature* f = find_by_name(r, a.street);
        ASSERT_NE(f, nullptr) << a.street;
        LayerData one;
        one.features.push_back(*f);
        EXPECT_LT(distance_to_lines_km({a.lon, a.lat}, one), a.tol_km) << a.street << " near " << a.lat << ", " << a.lon;
    }
}

// [SECTION] Water, rail, parks, airport, landmarks

TEST(Geodata, RiversCanalAndLakeSairan) {
    const LayerData w = read_layer("waterways");
    EXPECT_EQ(w.shape_type, SHPT_ARC);
    for (const char* river : {"Bolshaya Almatinka", "Malaya Almatinka", "Esentai"}) {
        const Feature* f = find_containing(w, river);
        ASSERT_NE(f, nullptr) << river;
        EXPECT_EQ(f->get("fclass"), "river") << river;
    }
    const LayerData lakes = read_layer("water");
    const Feature* sairan = find_by_name(lakes, "Sairan");
    ASSERT_NE(sairan, nullptr);
    EXPECT_TRUE(contains(*sairan, {76.864, 43.244}));  // the lake's published centre
}

TEST(Geodata, RailwayThroughBothStations) {
    const LayerData rail = read_layer("railways");
    const LayerData st = read_layer("transport");
    ASSERT_FALSE(rail.features.empty());
    for (const auto& f : rail.features) EXPECT_EQ(f.get("fclass"), "rail");
    const std::map<std::string, std::pair<double, double>> stations = {
        {"Almaty-1", {76.9489, 43.3411}},  // 43 20'28" N 76 56'56" E
        {"Almaty-2", {76.9391, 43.2737}},  // 43 16'25" N 76 56'21" E
    };
    for (const auto& [name, ref] : stations) {
        const Feature* f = find_by_name(st, name);
        ASSERT_NE(f, nullptr) << name;
        EXPECT_EQ(f->get("fclass"), "railway_station");
        ASSERT_EQ(f->parts.size(), 1u);
        EXPECT_LT(dist_km(f->parts[0][0], ref), 0.2) << name;
        EXPECT_LT(distance_to_lines_km(f->parts[0][0], rail), 0.1) << name << " is off the railway";
    }
}

TEST(Geodata, ParksSquareAndAirport) {
    const LayerData lu = read_layer("landuse");
    for (const char* park : {"Panfilov", "Central Park", "Botanical Garden", "First President"}) {
        const Feature* f = find_containing(lu, park);
        ASSERT_NE(f, nullptr) << park;
        EXPECT_EQ(f->get("fclass"), "park") << park;
        EXPECT_GT(polygon_area_km2(*f), 0.1) << park;
        EXPECT_LT(polygon_area_km2(*f), 2.0) << park;
    }
    const Feature* square = find_by_name(lu, "Republic Square");
    ASSERT_NE(square, nullptr);
    EXPECT_TRUE(contains(*square, {76.9453, 43.2383}));  // 43 14'18" N 76 56'43" E
    EXPECT_TRUE(contains(*find_containing(lu, "Central Park"), {76.9656, 43.2611}));  // 43 15'40" N 76 57'56" E
    EXPECT_TRUE(contains(*find_containing(lu, "Panfilov"), {76.9536, 43.2589}));      // 43 15'32" N 76 57'13" E
    EXPECT_TRUE(contains(*find_containing(lu, "Botanical Garden"), {76.9150, 43.2200}));  // 43 13'12" N 76 54'54" E

    const LayerData ta = read_layer("transport_a");
    const Feature* airport = find_containing(ta, "Airport");
    ASSERT_NE(airport, nullptr);
    EXPECT_EQ(airport->get("fclass"), "airport");
    EXPECT_TRUE(contains(*airport, {77.0447, 43.3553}));  // 43 21'19" N 77 02'41" E
}

TEST(Geodata, FoothillLandmarks) {
    const LayerData p = read_layer("pois");
    const std::map<std::string, std::pair<double, double>> refs = {
        {"Kok-Tobe", {76.9761, 43.2331}},      // 43 13'59" N 76 58'34" E
        {"Almaty Tower", {76.9761, 43.2289}},  // 43 13'44" N 76 58'34" E
        {"Medeu", {77.0592, 43.1575}},
        {"Shymbulak", {77.0808, 43.1281}},     // 43 07'41" N 77 04'51" E
        {"Almaty Akimat", {76.9453, 43.2383}},
    };
    for (const auto& [name, ref] : refs) {
        const Feature* f = find_by_name(p, name);
        ASSERT_NE(f, nullptr) << name;
        ASSERT_EQ(f->parts.size(), 1u);
        EXPECT_LT(dist_km(f->parts[0][0], ref), 0.3) << name;
    }
}

TEST(Geodata, PlacesNameTheDistrictsAndNeighbourhoods) {
    const LayerData pl = read_layer("places");
    const LayerData d = read_layer("districts");
    int suburbs = 0;
    for (const auto& f : pl.features) {
        if (f.get("fclass") != "suburb") continue;
        ++suburbs;
        const Feature* district = find_by_name(d, f.get("name"));
        ASSERT_NE(district, nullptr) << f.get("name");
        EXPECT_TRUE(contains(*district, f.parts[0][0])) << f.get("name") << " label outside its district";
    }
    EXPECT_EQ(suburbs, 8);
    for (const char* n : {"Shanyrak", "Aigerim"}) {
        const Feature* f = find_by_name(pl, n);
        ASSERT_NE(f, nullptr) << n;
        EXPECT_EQ(f->get("fclass"), "neighbourhood");
        EXPECT_TRUE(contains(*find_by_name(d, "Alatau District"), f->parts[0][0])) << n << " lies in Alatau";
    }
    ASSERT_NE(find_by_name(pl, "Almaty"), nullptr);
}

// [SECTION] The tool refuses bad input, naming file and feature, and writes nothing

TEST(GeodataBuild, BadInputIsRefusedWithFileAndFeature) {
    TempDir dir("bad");
    const fs::path src = dir.path / "src";
    const fs::path out = dir.path / "out";
    fs::create_directories(src);
    {
        std::ofstream good(src / "a_good.geojson");
        good << R"({"type":"FeatureCollection","features":[)"
                R"({"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[76.9,43.2]}}]})";
        std::ofstream bad(src / "b_bad.geojson");
        bad << R"({"type":"FeatureCollection","features":[)"
               R"({"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[76.9,43.2],[77.0,43.2],[77.0,43.3],[76.9,43.2]]]}},)"
               R"({"type":"Feature","properties":{"name":"Open ring"},"geometry":{"type":"Polygon","coordinates":[[[76.9,43.2],[77.0,43.2],[77.0,43.3],[76.9,43.3]]]}}]})";
    }
    const RunResult r = run_tool(src, out, dir.path / "err.txt");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("b_bad.geojson:2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Open ring"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not closed"), std::string::npos) << r.err;
    // Nothing was written, not even the good layer.
    EXPECT_FALSE(fs::exists(out / "a_good.shp"));
}

TEST(GeodataBuild, MalformedJsonAndWrongTypesAreReported) {
    TempDir dir("json");
    struct Case {
        const char* text;
        const char* expect;
    };
    const Case cases[] = {
        {R"({"type":"FeatureCollection","features":[)", "not valid JSON"},
        {R"({"type":"Feature"})", "FeatureCollection"},
        {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,43]}}]})",
         "longitude"},
        {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a_very_long_name":1},"geometry":{"type":"Point","coordinates":[76,43]}}]})",
         "a_very_long_name"},
        {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[76,43]}},{"type":"Feature","properties":{"n":"text"},"geometry":{"type":"Point","coordinates":[76,43]}}]})",
         "properties.n"},
        {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[76,43]]}}]})",
         "at least 2 positions"},
        {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[76,43]}},{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[76,43],[77,43]]}}]})",
         "one shapefile holds one kind"},
    };
    int i = 0;
    for (const auto& c : cases) {
        const fs::path file = dir.path / ("case" + std::to_string(i++) + ".geojson");
        std::ofstream(file) << c.text;
        const RunResult r = run_tool(file, dir.path / "out", dir.path / "err.txt");
        EXPECT_NE(r.status, 0) << c.text;
        EXPECT_NE(r.err.find(file.filename().string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << "expected \"" << c.expect << "\" in: " << r.err;
    }
}

TEST(GeodataBuild, NullGeometryAndMixedPointsAreWritten) {
    TempDir dir("null");
    const fs::path file = dir.path / "pts.geojson";
    std::ofstream(file)
        << R"({"type":"FeatureCollection","features":[)"
           R"({"type":"Feature","properties":{"name":"a","n":1,"ok":true},"geometry":{"type":"Point","coordinates":[76.9,43.2]}},)"
           R"({"type":"Feature","properties":{"name":"b","n":2.5},"geometry":null},)"
           R"({"type":"Feature","properties":{"name":"c"},"geometry":{"type":"MultiPoint","coordinates":[[76.9,43.2],[76.95,43.25]]}}]})";
    const RunResult r = run_tool(file, dir.path / "out", dir.path / "err.txt");
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string base = (dir.path / "out" / "pts").string();
    SHPHandle shp = SHPOpen(base.c_str(), "rb");
    ASSERT_NE(shp, nullptr);
    int count = 0, type = 0;
    SHPGetInfo(shp, &count, &type, nullptr, nullptr);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(type, SHPT_MULTIPOINT);
    SHPObject* o = SHPReadObject(shp, 1);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->nSHPType, SHPT_NULL);
    SHPDestroyObject(o);
    SHPClose(shp);
    DBFHandle dbf = DBFOpen(base.c_str(), "rb");
    ASSERT_NE(dbf, nullptr);
    const int n = DBFGetFieldIndex(dbf, "n");
    const int ok = DBFGetFieldIndex(dbf, "ok");
    ASSERT_GE(n, 0);
    ASSERT_GE(ok, 0);
    EXPECT_DOUBLE_EQ(DBFReadDoubleAttribute(dbf, 1, n), 2.5);
    EXPECT_TRUE(DBFIsAttributeNULL(dbf, 2, n));
    EXPECT_EQ(std::string(DBFReadLogicalAttribute(dbf, 0, ok)), "T");
    DBFClose(dbf);
}

}  // namespace
