#pragma once
// A synthetic city built in code in OpenStreetMap's free-shapefile schema, for
// render tests and benchmarks: a street grid with a road hierarchy split into
// block-long features, a winding river, a park with a pond (a hole), districts,
// a railway with stations, and buildings. Names are Russian, Kazakh and English.
#include <cmath>
#include <string>
#include <vector>

#include "geo/layer.hpp"

namespace atlas::testing {

struct SyntheticCityOptions {
    double center_lat = 43.2389, center_lon = 76.8897;
    int grid = 24;                 // streets each way
    double spacing_m = 420;        // between streets
    int vertices_per_block = 3;    // extra vertices along each block-long feature
    int buildings_per_block = 2;
};

class LayerBuilder {
public:
    LayerBuilder(std::string name, GeometryKind kind, std::vector<std::string> fields) {
        layer_.name = std::move(name);
        layer_.kind = kind;
        for (auto& f : fields) layer_.fields.push_back({std::move(f), 'C', 80, 0});
    }
    // parts: lists of lon,lat pairs.
    void add(const std::vector<std::vector<std::pair<double, double>>>& parts, const std::vector<std::string>& values) {
        for (const auto& part : parts) {
            for (auto [lon, lat] : part) {
                layer_.lonlat.push_back(lon);
                layer_.lonlat.push_back(lat);
                layer_.bounds.extend(lon, lat);
            }
            layer_.part_vertices.push_back(static_cast<uint32_t>(layer_.lonlat.size() / 2));
        }
        layer_.feature_parts.push_back(static_cast<uint32_t>(layer_.part_vertices.size() - 1));
        layer_.record.push_back(static_cast<int32_t>(layer_.record.size()));
        for (size_t i = 0; i < layer_.fields.size(); ++i) layer_.attributes.push_back(i < values.size() ? values[i] : "");
    }
    Layer take() { return std::move(layer_); }

private:
    Layer layer_;
};

struct SyntheticCity {
    std::vector<Layer> layers;  // landuse, water, districts, buildings, waterways, roads, railways, places
};

inline SyntheticCity make_synthetic_city(const SyntheticCityOptions& o = {}) {
    const double m_per_deg_lat = 111320.0;
    const double m_per_deg_lon = 111320.0 * std::cos(o.center_lat * 3.14159265358979 / 180.0);
    const double half = o.spacing_m * (o.grid - 1) / 2;
    auto ll = [&](double xm, double ym) {
        return std::pair<double, double>{o.center_lon + xm / m_per_deg_lon, o.center_lat + ym / m_per_deg_lat};
    };
    const std::vector<std::string> osm = {"osm_id", "code", "fclass", "name", "name_ru", "name_kk", "name_en"};
    static const char* street_ru[] = {"проспект Абая", "улица Гоголя", "проспект Достык", "улица Толе би",
                                      "улица Жибек Жолы", "проспект Райымбека", "улица Сатпаева", "улица Тимирязева",
                                      "улица Желтоксан", "улица Сейфуллина", "улица Кабанбай батыра", "улица Богенбай батыра"};
    static const char* street_kk[] = {"Абай даңғылы", "Гоголь көшесі", "Достық даңғылы", "Төле би көшесі",
                                      "Жібек Жолы көшесі", "Райымбек даңғылы", "Сәтбаев көшесі", "Тимирязев көшесі",
                                      "Желтоқсан көшесі", "Сейфуллин көшесі", "Қабанбай батыр көшесі", "Бөгенбай батыр көшесі"};
    static const char* street_en[] = {"Abay Avenue", "Gogol Street", "Dostyk Avenue", "Tole Bi Street",
                                      "Zhibek Zholy Street", "Raiymbek Avenue", "Satpayev Street", "Timiryazev Street",
                                      "Zheltoksan Street", "Seifullin Street", "Kabanbay Batyr Street", "Bogenbay Batyr Street"};
    SyntheticCity city;
    long long id = 1;

    LayerBuilder landuse("gis_osm_landuse_a_free_1", GeometryKind::Polygon, osm);
    LayerBuilder water("gis_osm_water_a_free_1", GeometryKind::Polygon, osm);
    LayerBuilder districts("districts", GeometryKind::Polygon, {"name", "name_ru", "name_kk", "name_en"});
    LayerBuilder buildings("gis_osm_buildings_a_free_1", GeometryKind::Polygon, osm);
    LayerBuilder waterways("gis_osm_waterways_free_1", GeometryKind::Line, osm);
    LayerBuilder roads("gis_osm_roads_free_1", GeometryKind::Line, osm);
    LayerBuilder rail("gis_osm_railways_free_1", GeometryKind::Line, osm);
    LayerBuilder places("gis_osm_transport_free_1", GeometryKind::Point, osm);

    // Park with a pond: the pond is a hole in the park and a water polygon of its own.
    const double px = -o.spacing_m * 1.0, py = o.spacing_m * 0.5, pw = o.spacing_m * 1.8;
    std::vector<std::pair<double, double>> park = {ll(px, py), ll(px, py + pw), ll(px + pw, py + pw), ll(px + pw, py), ll(px, py)};
    std::vector<std::pair<double, double>> pond = {ll(px + pw * 0.3, py + pw * 0.3), ll(px + pw * 0.7, py + pw * 0.3),
                                                   ll(px + pw * 0.7, py + pw * 0.7), ll(px + pw * 0.3, py + pw * 0.7),
                                                   ll(px + pw * 0.3, py + pw * 0.3)};
    landuse.add({park, pond}, {std::to_string(id++), "7202", "park", "Панфилов саябағы", "Парк имени 28 гвардейцев-панфиловцев",
                               "28 панфиловшы гвардияшылар саябағы", "Panfilov Park"});
    water.add({pond}, {std::to_string(id++), "8200", "water", "", "", "", ""});

    // Four districts, quadrants around the centre.
    static const char* d_ru[] = {"Алмалинский район", "Медеуский район", "Бостандыкский район", "Ауэзовский район"};
    static const char* d_kk[] = {"Алмалы ауданы", "Медеу ауданы", "Бостандық ауданы", "Әуезов ауданы"};
    static const char* d_en[] = {"Almaly District", "Medeu District", "Bostandyk District", "Auezov District"};
    const double e = half + o.spacing_m * 0.5;
    for (int q = 0; q < 4; ++q) {
        const double sx = (q % 2) ? 1 : -1, sy = (q / 2) ? -1 : 1;
        districts.add({{ll(0, 0), ll(sx * e, 0), ll(sx * e, sy * e), ll(0, sy * e), ll(0, 0)}},
                      {d_ru[q], d_ru[q], d_kk[q], d_en[q]});
    }

    // Streets: a grid split at every crossing (as OSM splits ways); class by index.
    auto street_class = [](int i) {
        if (i % 8 == 0) return "primary";
        if (i % 4 == 0) return "secondary";
        if (i % 2 == 0) return "tertiary";
        return "residential";
    };
    for (int dir = 0; dir < 2; ++dir) {
        for (int i = 0; i < o.grid; ++i) {
            const double c = -half + i * o.spacing_m;
            const int name = (i + dir * 5) % 12;
            const char* fclass = street_class(i);
            for (int b = 0; b + 1 < o.grid; ++b) {
                std::vector<std::pair<double, double>> pts;
                for (int k = 0; k <= o.vertices_per_block + 1; ++k) {
                    const double t = -half + (b + static_cast<double>(k) / (o.vertices_per_block + 1)) * o.spacing_m;
                    const double wiggle = 6.0 * std::sin(t / 97.0 + i);  // slight bends, as real streets have
                    pts.push_back(dir == 0 ? ll(t, c + wiggle) : ll(c + wiggle, t));
                }
                roads.add({pts}, {std::to_string(id++), "5113", fclass, street_ru[name], street_ru[name], street_kk[name],
                                  street_en[name]});
            }
        }
    }
    // A winding river crossing the city north to south.
    std::vector<std::pair<double, double>> river;
    for (int k = 0; k <= 120; ++k) {
        const double y = half * 1.2 - k * (half * 2.4 / 120);
        river.push_back(ll(o.spacing_m * 2.5 + 260 * std::sin(y / 700.0), y));
    }
    waterways.add({river}, {std::to_string(id++), "8102", "river", "река Есентай", "река Есентай", "Есентай өзені", "Esentai River"});
    // Railway across the north with two stations.
    std::vector<std::pair<double, double>> track;
    for (int k = 0; k <= 60; ++k) {
        const double x = -half * 1.2 + k * (half * 2.4 / 60);
        track.push_back(ll(x, half * 0.8 + 150 * std::sin(x / 1500.0)));
    }
    rail.add({track}, {std::to_string(id++), "6101", "rail", "", "", "", ""});
    places.add({{ll(-half * 0.5, half * 0.8 + 150 * std::sin(-half * 0.5 / 1500.0))}},
               {std::to_string(id++), "5601", "railway_station", "Алматы-2", "Алматы-2", "Алматы-2", "Almaty-2"});
    places.add({{ll(half * 0.6, half * 0.8 + 150 * std::sin(half * 0.6 / 1500.0))}},
               {std::to_string(id++), "5601", "railway_station", "Алматы-1", "Алматы-1", "Алматы-1", "Almaty-1"});
    // Buildings inside blocks.
    for (int i = 0; i + 1 < o.grid; ++i)
        for (int j = 0; j + 1 < o.grid; ++j)
            for (int b = 0; b < o.buildings_per_block; ++b) {
                const double x = -half + i * o.spacing_m + 40 + b * 150, y = -half + j * o.spacing_m + 60;
                if (x + 110 > -half + (i + 1) * o.spacing_m - 30) break;
                buildings.add({{ll(x, y), ll(x, y + 90), ll(x + 110, y + 90), ll(x + 110, y), ll(x, y)}},
                              {std::to_string(id++), "1500", "building", "", "", "", ""});
            }
    city.layers.push_back(landuse.take());
    city.layers.push_back(water.take());
    city.layers.push_back(districts.take());
    city.layers.push_back(buildings.take());
    city.layers.push_back(waterways.take());
    city.layers.push_back(roads.take());
    city.layers.push_back(rail.take());
    city.layers.push_back(places.take());
    return city;
}

}  // namespace atlas::testing
