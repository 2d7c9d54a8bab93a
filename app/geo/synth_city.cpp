#include "geo/synth_city.hpp"

#include <shapefil.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <numbers>

#include "core/error.hpp"

namespace atlas {

namespace {

// SplitMix64: tiny, fast, and the same everywhere.
class Rng {
public:
    explicit Rng(uint64_t seed) : s_(seed) {}
    uint64_t next() {
        uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }

private:
    uint64_t s_;
};

// Almaty: the city spreads north of the mountains, roughly this box.
constexpr double kMinLon = 76.75, kMaxLon = 77.10, kMinLat = 43.15, kMaxLat = 43.40;
constexpr double kMetresPerDegLat = 111320.0;
const double kMetresPerDegLon = 111320.0 * std::cos(43.25 * std::numbers::pi / 180.0);
// Almaty's street grid is turned a few degrees off north.
constexpr double kGridAngle = -8.0 * std::numbers::pi / 180.0;

const char* const kWgs84Prj =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
    "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

struct ClassShare { const char* fclass; int code; double share; int maxspeed; };
// A plausible city mix of OSM highway classes (most streets are minor).
constexpr ClassShare kRoadMix[] = {
    {"motorway", 5111, 0.003, 110}, {"motorway_link", 5131, 0.002, 60}, {"trunk", 5112, 0.01, 80},
    {"trunk_link", 5132, 0.004, 50}, {"primary", 5113, 0.03, 60}, {"primary_link", 5133, 0.005, 40},
    {"secondary", 5114, 0.04, 60}, {"tertiary", 5115, 0.06, 50}, {"unclassified", 5121, 0.04, 40},
    {"residential", 5122, 0.36, 40}, {"living_street", 5123, 0.02, 20}, {"pedestrian", 5124, 0.01, 0},
    {"service", 5141, 0.23, 20}, {"track", 5142, 0.02, 0}, {"cycleway", 5152, 0.01, 0},
    {"footway", 5153, 0.12, 0}, {"path", 5154, 0.02, 0}, {"steps", 5155, 0.006, 0},
};

const char* const kStreetNames[] = {
    "улица Абая", "проспект Абая", "Abay Avenue", "улица Гоголя", "Dostyk Avenue", "проспект Достык",
    "Al-Farabi Avenue", "проспект Райымбека", "Tole Bi Street", "улица Желтоксан", "Seifullin Avenue",
    "улица Сатпаева", "Timiryazev Street", "улица Розыбакиева", "Momyshuly Street", "Ryskulov Avenue",
    "Kabanbay Batyr Street", "улица Богенбай батыра", "Zhibek Zholy Avenue", "Suyunbay Avenue",
    "Әл-Фараби даңғылы", "Абай даңғылы", "Төле би көшесі", "Жібек жолы даңғылы",
};

struct Writer {
    SHPHandle shp = nullptr;
    DBFHandle dbf = nullptr;
    std::filesystem::path base;
    size_t features = 0, vertices = 0;

    Writer(const std::filesystem::path& dir, const std::string& name, int type) : base(dir / name) {
        shp = SHPCreate(base.c_str(), type);
        dbf = DBFCreateEx(base.c_str(), "UTF-8");
        if (!shp || !dbf) throw Error(base.string() + ".shp", 0, "cannot create the file");
        std::ofstream(base.string() + ".prj") << kWgs84Prj;
        DBFAddField(dbf, "osm_id", FTString, 12, 0);
        DBFAddField(dbf, "code", FTInteger, 4, 0);
        DBFAddField(dbf, "fclass", FTString, 28, 0);
        DBFAddField(dbf, "name", FTString, 100, 0);
    }
    ~Writer() {
        if (shp) SHPClose(shp);
        if (dbf) DBFClose(dbf);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    int add(int type, const std::vector<int>& parts, const std::vector<double>& x, const std::vector<double>& y,
            uint64_t osm_id, int code, const char* fclass, const char* name) {
        SHPObject* o = SHPCreateSimpleObject(type, static_cast<int>(x.size()), x.data(), y.data(), nullptr);
        if (parts.size() > 1) {
            SHPDestroyObject(o);
            o = SHPCreateObject(type, -1, static_cast<int>(parts.size()), parts.data(), nullptr,
                                static_cast<int>(x.size()), x.data(), y.data(), nullptr, nullptr);
        }
        const int id = SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        if (id < 0) throw Error(base.string() + ".shp", static_cast<int64_t>(features + 1), "write failed");
        DBFWriteStringAttribute(dbf, id, 0, std::to_string(osm_id).c_str());
        DBFWriteIntegerAttribute(dbf, id, 1, code);
        DBFWriteStringAttribute(dbf, id, 2, fclass);
        if (name && *name) DBFWriteStringAttribute(dbf, id, 3, name);
        else DBFWriteNULLAttribute(dbf, id, 3);
        ++features;
        vertices += x.size();
        return id;
    }
};

size_t scaled(double n, double scale) { return std::max<size_t>(1, static_cast<size_t>(std::llround(n * scale))); }

// A point in the city, denser towards the centre (Republic Square).
void random_point(Rng& rng, double& lon, double& lat) {
    const double cx = 76.9458, cy = 43.2380;
    if (rng.uniform() < 0.5) {
        lon = rng.uniform(kMinLon, kMaxLon);
        lat = rng.uniform(kMinLat, kMaxLat);
    } else {
        lon = std::clamp(cx + (rng.uniform() - rng.uniform()) * 0.12, kMinLon, kMaxLon);
        lat = std::clamp(cy + (rng.uniform() - rng.uniform()) * 0.08, kMinLat, kMaxLat);
    }
}

// Closed rectangle ring (clockwise) of w x h metres turned by `angle` around (lon, lat).
void rectangle(double lon, double lat, double w, double h, double angle, std::vector<double>& x, std::vector<double>& y) {
    const double c = std::cos(angle), s = std::sin(angle);
    const double dx[] = {-w / 2, -w / 2, w / 2, w / 2, -w / 2}, dy[] = {-h / 2, h / 2, h / 2, -h / 2, -h / 2};
    for (int k = 0; k < 5; ++k) {
        x.push_back(lon + (dx[k] * c - dy[k] * s) / kMetresPerDegLon);
        y.push_back(lat + (dx[k] * s + dy[k] * c) / kMetresPerDegLat);
    }
}

}  // namespace

SynthCityReport write_synth_city(const std::filesystem::path& dir, const SynthCityOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(dir.string(), 0, "cannot create the folder: " + ec.message());
    Rng rng(options.seed);
    SynthCityReport report;
    uint64_t osm_id = 100000000;
    std::vector<double> x, y;
    std::vector<int> parts;

    {   // Streets: polylines of 10 vertices on average (pairs of 10+d and 10-d), along the grid.
        Writer w(dir, "gis_osm_roads_free_1", SHPT_ARC);
        DBFAddField(w.dbf, "ref", FTString, 20, 0);
        DBFAddField(w.dbf, "oneway", FTString, 1, 0);
        DBFAddField(w.dbf, "maxspeed", FTInteger, 3, 0);
        DBFAddField(w.dbf, "layer", FTInteger, 2, 0);
        DBFAddField(w.dbf, "bridge", FTString, 1, 0);
        DBFAddField(w.dbf, "tunnel", FTString, 1, 0);
        const size_t n = scaled(500000, options.scale) / 2 * 2;
        int spread = 0;
        for (size_t i = 0; i < std::max<size_t>(n, 2); ++i) {
            if (i % 2 == 0) spread = rng.below(9);  // 0..8
            const int nv = 10 + (i % 2 == 0 ? spread : -spread);
            double r = rng.uniform(), acc = 0;
            const ClassShare* cls = &kRoadMix[0];
            for (const auto& c : kRoadMix) {
                acc += c.share;
                cls = &c;
                if (r < acc) break;
            }
            const bool major = cls->code <= 5115 || (cls->code >= 5131 && cls->code <= 5135);
            double lon, lat;
            random_point(rng, lon, lat);
            double heading = kGridAngle + (rng.below(2) ? std::numbers::pi / 2 : 0) + rng.uniform(-0.05, 0.05);
            const double step = major ? rng.uniform(60, 150) : rng.uniform(15, 60);
            x.clear();
            y.clear();
            for (int k = 0; k < nv; ++k) {
                x.push_back(lon);
                y.push_back(lat);
                heading += rng.uniform(-0.08, 0.08);
                lon += step * std::cos(heading) / kMetresPerDegLon;
                lat += step * std::sin(heading) / kMetresPerDegLat;
            }
            const char* name = (major || rng.below(10) < 4) ? kStreetNames[rng.below(std::size(kStreetNames))] : "";
            const int id = w.add(SHPT_ARC, {}, x, y, osm_id++, cls->code, cls->fclass, name);
            if (major) DBFWriteStringAttribute(w.dbf, id, 4, ("A" + std::to_string(rng.below(400))).c_str());
            DBFWriteStringAttribute(w.dbf, id, 5, rng.below(5) == 0 ? "F" : "B");
            DBFWriteIntegerAttribute(w.dbf, id, 6, cls->maxspeed);
            const int bridge = rng.below(200) == 0, tunnel = !bridge && rng.below(400) == 0;
            DBFWriteIntegerAttribute(w.dbf, id, 7, bridge ? 1 : tunnel ? -1 : 0);
            DBFWriteStringAttribute(w.dbf, id, 8, bridge ? "T" : "F");
            DBFWriteStringAttribute(w.dbf, id, 9, tunnel ? "T" : "F");
        }
        report.files.push_back({"gis_osm_roads_free_1", w.features, w.vertices});
    }
    {   // Buildings: rotated rectangles, 8-40 m a side.
        Writer w(dir, "gis_osm_buildings_a_free_1", SHPT_POLYGON);
        DBFAddField(w.dbf, "type", FTString, 20, 0);
        const char* const types[] = {"", "", "", "apartments", "house", "residential", "commercial", "school", "garage"};
        for (size_t i = 0, n = scaled(200000, options.scale); i < n; ++i) {
            double lon, lat;
            random_point(rng, lon, lat);
            x.clear();
            y.clear();
            rectangle(lon, lat, rng.uniform(8, 40), rng.uniform(8, 40), kGridAngle + rng.uniform(-0.1, 0.1), x, y);
            const int id = w.add(SHPT_POLYGON, {0}, x, y, osm_id++, 1500, "building", rng.below(50) == 0 ? "Дом" : "");
            DBFWriteStringAttribute(w.dbf, id, 4, types[rng.below(std::size(types))]);
        }
        report.files.push_back({"gis_osm_buildings_a_free_1", w.features, w.vertices});
    }
    {   // Waterways: rivers and streams flowing north out of the mountains.
        Writer w(dir, "gis_osm_waterways_free_1", SHPT_ARC);
        DBFAddField(w.dbf, "width", FTInteger, 3, 0);
        const char* const rivers[] = {"Большая Алматинка", "Малая Алматинка", "Есентай", "Каргалинка", ""};
        for (size_t i = 0, n = scaled(2000, options.scale); i < n; ++i) {
            const bool river = rng.below(10) == 0;
            double lon = rng.uniform(kMinLon, kMaxLon), lat = kMinLat + rng.uniform(0, 0.05);
            x.clear();
            y.clear();
            for (int k = 0; k < 40; ++k) {
                x.push_back(lon);
                y.push_back(lat);
                lon += rng.uniform(-0.0008, 0.0008);
                lat += rng.uniform(0.0005, 0.002);
            }
            const int id = w.add(SHPT_ARC, {}, x, y, osm_id++, river ? 8101 : 8102, river ? "river" : "stream",
                                 rivers[rng.below(std::size(rivers))]);
            DBFWriteIntegerAttribute(w.dbf, id, 4, river ? 15 : 3);
        }
        report.files.push_back({"gis_osm_waterways_free_1", w.features, w.vertices});
    }
    {   // Landuse: parks, residential, industrial, commercial blocks, with a courtyard hole now and then.
        Writer w(dir, "gis_osm_landuse_a_free_1", SHPT_POLYGON);
        const ClassShare uses[] = {{"residential", 7203, 0.45, 0}, {"park", 7202, 0.15, 0}, {"industrial", 7204, 0.12, 0},
                                   {"commercial", 7209, 0.1, 0}, {"grass", 7218, 0.1, 0}, {"forest", 7201, 0.05, 0},
                                   {"cemetery", 7206, 0.03, 0}};
        for (size_t i = 0, n = scaled(5000, options.scale); i < n; ++i) {
            double lon, lat;
            random_point(rng, lon, lat);
            double r = rng.uniform(), acc = 0;
            const ClassShare* u = &uses[0];
            for (const auto& c : uses) {
                acc += c.share;
                u = &c;
                if (r < acc) break;
            }
            x.clear();
            y.clear();
            const double wm = rng.uniform(80, 600), hm = rng.uniform(80, 600);
            rectangle(lon, lat, wm, hm, kGridAngle, x, y);
            parts = {0};
            if (rng.below(4) == 0) {  // a hole, counter-clockwise
                std::vector<double> hx, hy;
                rectangle(lon, lat, wm / 3, hm / 3, kGridAngle, hx, hy);
                std::reverse(hx.begin(), hx.end());
                std::reverse(hy.begin(), hy.end());
                parts.push_back(static_cast<int>(x.size()));
                x.insert(x.end(), hx.begin(), hx.end());
                y.insert(y.end(), hy.begin(), hy.end());
            }
            w.add(SHPT_POLYGON, parts, x, y, osm_id++, u->code, u->fclass, u->code == 7202 && rng.below(3) == 0 ? "Парк" : "");
        }
        report.files.push_back({"gis_osm_landuse_a_free_1", w.features, w.vertices});
    }
    {   // Water areas: ponds and reservoirs as 24-gons.
        Writer w(dir, "gis_osm_water_a_free_1", SHPT_POLYGON);
        for (size_t i = 0, n = scaled(500, options.scale); i < n; ++i) {
            double lon, lat;
            random_point(rng, lon, lat);
            const double radius = rng.uniform(20, 300);
            x.clear();
            y.clear();
            for (int k = 0; k <= 24; ++k) {
                const double a = -2 * std::numbers::pi * (k % 24) / 24;  // clockwise
                x.push_back(lon + radius * std::cos(a) / kMetresPerDegLon);
                y.push_back(lat + radius * std::sin(a) / kMetresPerDegLat);
            }
            w.add(SHPT_POLYGON, {0}, x, y, osm_id++, rng.below(5) == 0 ? 8201 : 8200,
                  rng.below(5) == 0 ? "reservoir" : "water", "");
        }
        report.files.push_back({"gis_osm_water_a_free_1", w.features, w.vertices});
    }
    return report;
}

}  // namespace atlas
