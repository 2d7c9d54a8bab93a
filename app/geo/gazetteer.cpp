#include "geo/gazetteer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "core/error.hpp"
#include "core/translit.hpp"
#include "geo/neighbourhoods.hpp"
#include "geo/shapefile.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

// [SECTION] Local metres

// An equirectangular plane around a reference latitude: good to a fraction of a
// metre over a city, and cheap.
struct LocalPlane {
    double lat0 = 43.25;
    static constexpr double kMetresPerDegree = 111319.49;
    [[nodiscard]] double x(double lon) const { return lon * kMetresPerDegree * std::cos(lat0 * std::numbers::pi / 180); }
    [[nodiscard]] double y(double lat) const { return lat * kMetresPerDegree; }
    [[nodiscard]] double lon(double x) const { return x / (kMetresPerDegree * std::cos(lat0 * std::numbers::pi / 180)); }
    [[nodiscard]] double lat(double y) const { return y / kMetresPerDegree; }
};

double gap_m(const BoundsLL& a, const BoundsLL& b, const LocalPlane& plane) {
    const double dx = plane.x(std::max({0.0, a.min_lon - b.max_lon, b.min_lon - a.max_lon}));
    const double dy = plane.y(std::max({0.0, a.min_lat - b.max_lat, b.min_lat - a.max_lat}));
    return std::hypot(dx, dy);
}

void extend(BoundsLL& a, const BoundsLL& b) {
    if (!b.valid()) return;
    a.extend(b.min_lon, b.min_lat);
    a.extend(b.max_lon, b.max_lat);
}

double half_diagonal_m(const BoundsLL& b) {
    return haversine_m({b.min_lat, b.min_lon}, {b.max_lat, b.max_lon}) / 2;
}

LatLon centre_of(const BoundsLL& b) { return {(b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2}; }

struct UnionFind {
    std::vector<uint32_t> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    uint32_t find(uint32_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    void unite(uint32_t a, uint32_t b) { parent[find(a)] = find(b); }
};

// [SECTION] Names and keys

std::vector<std::string> tokens_of(const std::string& key) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < key.size()) {
        const size_t j = key.find(' ', i);
        out.push_back(key.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (j == std::string::npos) break;
        i = j + 1;
    }
    return out;
}

std::string join_tokens(const std::vector<std::string>& tokens) {
    std::string out;
    for (const std::string& t : tokens) {
        if (t.empty()) continue;
        if (!out.empty()) out += ' ';
        out += t;
    }
    return out;
}

// A search key without its street-type words; `type` receives the first one's English.
std::string strip_type_words(const std::string& key, std::string* type = nullptr, bool written_in_cyrillic = false) {
    const std::vector<std::string> tokens = tokens_of(key);
    std::vector<std::string> kept;
    for (size_t i = 0; i < tokens.size(); ++i) {
        std::string_view t;
        size_t used = 1;
        if (i + 1 < tokens.size()) {
            t = english_street_type(tokens[i] + " " + tokens[i + 1], written_in_cyrillic);
            used = 2;
        }
        if (t.empty()) {
            t = english_street_type(tokens[i], written_in_cyrillic);
            used = 1;
        }
        // A lone type word is the name itself ("Street" in a list of numbered streets).
        if (!t.empty() && tokens.size() > used) {
            if (type != nullptr && type->empty()) *type = std::string(t);
            i += used - 1;
            continue;
        }
        kept.push_back(tokens[i]);
    }
    return join_tokens(kept);
}

// Levenshtein distance, or max_d + 1 when it is larger than max_d.
size_t edit_distance(std::string_view a, std::string_view b, size_t max_d) {
    if (a.size() > b.size() + max_d || b.size() > a.size() + max_d) return max_d + 1;
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    std::iota(prev.begin(), prev.end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > max_d) return max_d + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], max_d + 1);
}

// How well the query's key matches a name's key: 1 exact, 0.8..0.9 the name begins
// with the query, 0.7 every query word begins a word of the name, 0.35..0.55 within
// one or two edits (of the whole name, or of its beginning); 0 no match.
double match_level(const std::string& q, const std::vector<std::string>& q_tokens, const std::string& k) {
    if (k.empty() || q.empty()) return 0;
    if (k == q) return 1.0;
    if (k.size() > q.size() && k.compare(0, q.size(), q) == 0)
        return 0.8 + 0.1 * static_cast<double>(q.size()) / static_cast<double>(k.size());
    const std::vector<std::string> k_tokens = tokens_of(k);
    bool all = true;
    for (const std::string& qt : q_tokens) {
        bool found = false;
        for (const std::string& kt : k_tokens) found = found || kt.compare(0, qt.size(), qt) == 0;
        all = all && found;
    }
    if (all) return 0.7;
    if (q.size() >= 4) {
        const size_t max_d = q.size() >= 8 ? 2 : 1;
        if (const size_t d = edit_distance(q, k, max_d); d <= max_d) return 0.55 - 0.1 * static_cast<double>(d - 1);
        if (q.size() >= 5 && k.size() > q.size()) {
            size_t best = max_d + 1;
            for (size_t len = q.size() - 1; len <= q.size() + 1 && len <= k.size(); ++len)
                best = std::min(best, edit_distance(q, std::string_view(k).substr(0, len), max_d));
            if (best <= max_d) return 0.45 - 0.1 * static_cast<double>(best - 1);
        }
    }
    return 0;
}

double kind_weight(PlaceKind kind) {
    switch (kind) {
        case PlaceKind::District: return 0.04;
        case PlaceKind::Neighbourhood: return 0.035;
        case PlaceKind::Street: return 0.02;
        case PlaceKind::Station: return 0.01;
        case PlaceKind::Intersection: return 0.0;
    }
    return 0.0;
}

double road_class_rank(std::string_view fclass) {
    if (fclass.starts_with("motorway") || fclass.starts_with("trunk")) return 1.0;
    if (fclass.starts_with("primary")) return 0.9;
    if (fclass.starts_with("secondary")) return 0.8;
    if (fclass.starts_with("tertiary")) return 0.7;
    if (fclass == "residential" || fclass == "unclassified" || fclass == "living_street") return 0.5;
    if (fclass == "service" || fclass == "pedestrian") return 0.35;
    return 0.2;
}

// [SECTION] Reading

// The text fields that name a feature, the main one first.
std::vector<int> name_fields(const Layer& layer) {
    std::vector<int> out;
    for (const char* f : {"name", "name_ru", "name_kk", "name_en", "enname", "locname", "offname", "alt_name"})
        if (const int i = layer.field_index(f); i >= 0) out.push_back(i);
    return out;
}

std::vector<std::string> names_of(const Layer& layer, const std::vector<int>& fields, size_t feature) {
    std::vector<std::string> out;
    for (int i : fields) {
        std::string v = layer.attribute(feature, static_cast<size_t>(i));
        while (!v.empty() && v.back() == ' ') v.pop_back();
        if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
    }
    return out;
}

std::optional<Layer> load_if_present(const fs::path& dir, const char* stem) {
    const fs::path shp = dir / (std::string(stem) + ".shp");
    std::error_code ec;
    if (!fs::is_regular_file(shp, ec)) return std::nullopt;
    return load_shapefile(shp);
}

}  // namespace

// [SECTION] Kinds

std::string_view place_kind_name(PlaceKind kind) {
    switch (kind) {
        case PlaceKind::Street: return "street";
        case PlaceKind::Intersection: return "intersection";
        case PlaceKind::Neighbourhood: return "neighbourhood";
        case PlaceKind::Station: return "station";
        case PlaceKind::District: return "district";
    }
    return "place";
}

// [SECTION] Building

void Gazetteer::add_keys(uint32_t place, const std::string& spelling) {
    const StreetNameParts parts = split_street_name(spelling);
    std::string type = parts.type;
    // A name written in Cyrillic has only Cyrillic type words: its Latin form
    // ("Достык СТ" -> "Dostyk ST") must not read as an English abbreviation.
    const bool cyrillic = std::any_of(spelling.begin(), spelling.end(), [](char c) {
        return static_cast<unsigned char>(c) == 0xD0 || static_cast<unsigned char>(c) == 0xD1 ||
               static_cast<unsigned char>(c) == 0xD2 || static_cast<unsigned char>(c) == 0xD3;
    });
    const std::string area = strip_type_words(fold_for_search(parts.area), nullptr, cyrillic);
    for (const std::string* words : {&parts.name_as_written, &parts.name}) {
        const std::string core = strip_type_words(fold_for_search(*words), &type, cyrillic);
        if (core.empty()) continue;
        Key k{core, area.empty() ? core : core + " " + area, place};
        bool seen = false;  // this place's keys are the last ones
        for (auto it = keys_.rbegin(); it != keys_.rend() && it->place == place && !seen; ++it)
            seen = it->core == k.core && it->full == k.full;
        if (!seen) keys_.push_back(std::move(k));
    }
    if (types_[place].empty()) types_[place] = type;
}

Gazetteer Gazetteer::build(const fs::path& dir) {
    const auto t0 = std::chrono::steady_clock::now();
    Gazetteer g;
    LocalPlane plane;

    auto add_place = [&g](GazetteerPlace p) {
        g.places_.push_back(std::move(p));
        g.types_.emplace_back();
        const auto index = static_cast<uint32_t>(g.places_.size() - 1);
        for (const std::string& s : g.places_.back().spellings) g.add_keys(index, s);
        return index;
    };

    // Streets ---------------------------------------------------------------
    if (std::optional<Layer> roads = load_if_present(dir, "roads")) {
        const Layer& L = *roads;
        const std::vector<int> fields = name_fields(L);
        const int fclass_field = L.field_index("fclass");
        if (!L.bounds.valid()) throw Error(L.path.string() + ": no coordinates");
        plane.lat0 = (L.bounds.min_lat + L.bounds.max_lat) / 2;

        // Named ways grouped by their English name.
        std::map<std::string, std::vector<uint32_t>> groups;
        std::vector<std::vector<std::string>> way_names(L.feature_count());
        std::vector<BoundsLL> way_bounds(L.feature_count());
        std::vector<NamedStreet> named;
        std::unordered_map<std::string, std::string> group_of_name;  // OSM name -> group key
        for (size_t f = 0; f < L.feature_count(); ++f) {
            if (L.feature_parts[f] == L.feature_parts[f + 1] || fields.empty()) continue;
            way_names[f] = names_of(L, fields, f);
            if (way_names[f].empty()) continue;
            std::vector<LatLon> points;
            for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p)
                for (uint32_t v = L.part_vertices[p]; v < L.part_vertices[p + 1]; ++v) {
                    way_bounds[f].extend(L.lonlat[2 * v], L.lonlat[2 * v + 1]);
                    points.push_back({L.lonlat[2 * v + 1], L.lonlat[2 * v]});
                }
            auto [it, fresh] = group_of_name.try_emplace(way_names[f].front());
            if (fresh) it->second = fold_for_search(english_street_name(it->first));
            groups[it->second].push_back(static_cast<uint32_t>(f));
            named.push_back({way_names[f].front(), way_bounds[f], std::move(points)});
        }

        std::vector<uint32_t> street_of_way(L.feature_count(), UINT32_MAX);
        std::vector<std::string> group_of_street;
        for (auto& [group_key, ways] : groups) {
            // Pieces: ways of the name whose boxes lie within 400 m of each other.
            UnionFind uf(ways.size());
            for (size_t i = 0; i < ways.size(); ++i)
                for (size_t j = i + 1; j < ways.size(); ++j) {
                    if (uf.find(static_cast<uint32_t>(i)) == uf.find(static_cast<uint32_t>(j))) continue;
                    if (gap_m(way_bounds[ways[i]], way_bounds[ways[j]], plane) > 400) continue;
                    uf.unite(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
                }
            std::map<uint32_t, std::vector<uint32_t>> pieces;
            for (size_t i = 0; i < ways.size(); ++i) pieces[uf.find(static_cast<uint32_t>(i))].push_back(ways[i]);

            for (auto& [root, members] : pieces) {
                GazetteerPlace p;
                p.kind = PlaceKind::Street;
                std::map<std::string, double> length_of_name;
                double total = 0, cx = 0, cy = 0, rank = 0;
                struct Seg { double x0, y0, x1, y1; };
                std::vector<Seg> segs;
                for (uint32_t f : members) {
                    double way_len = 0;
                    for (uint32_t part = L.feature_parts[f]; part < L.feature_parts[f + 1]; ++part)
                        for (uint32_t v = L.part_vertices[part]; v + 1 < L.part_vertices[part + 1]; ++v) {
                            const Seg s{plane.x(L.lonlat[2 * v]), plane.y(L.lonlat[2 * v + 1]),
                                        plane.x(L.lonlat[2 * v + 2]), plane.y(L.lonlat[2 * v + 3])};
                            const double len = std::hypot(s.x1 - s.x0, s.y1 - s.y0);
                            segs.push_back(s);
                            way_len += len;
                            cx += len * (s.x0 + s.x1) / 2;
                            cy += len * (s.y0 + s.y1) / 2;
                        }
                    total += way_len;
                    length_of_name[way_names[f].front()] += way_len + 1e-6;
                    for (const std::string& n : way_names[f])
                        if (std::find(p.spellings.begin(), p.spellings.end(), n) == p.spellings.end())
                            p.spellings.push_back(n);
                    if (fclass_field >= 0) rank = std::max(rank, road_class_rank(L.attribute(f, static_cast<size_t>(fclass_field))));
                    extend(p.extent, way_bounds[f]);
                }
                if (segs.empty()) continue;
                p.name = std::max_element(length_of_name.begin(), length_of_name.end(),
                                          [](const auto& a, const auto& b) { return a.second < b.second; })->first;
                std::stable_partition(p.spellings.begin(), p.spellings.end(),
                                      [&](const std::string& s) { return s == p.name; });
                p.english = english_street_name(p.name);
                // The point of the street nearest the length-weighted centre.
                if (total > 0) { cx /= total; cy /= total; } else { cx = segs[0].x0; cy = segs[0].y0; }
                double best = INFINITY, bx = cx, by = cy;
                for (const Seg& s : segs) {
                    const double dx = s.x1 - s.x0, dy = s.y1 - s.y0, len2 = dx * dx + dy * dy;
                    const double t = len2 > 0 ? std::clamp(((cx - s.x0) * dx + (cy - s.y0) * dy) / len2, 0.0, 1.0) : 0.0;
                    const double px = s.x0 + t * dx, py = s.y0 + t * dy;
                    const double d = std::hypot(px - cx, py - cy);
                    if (d < best) { best = d; bx = px; by = py; }
                }
                double reach = 0;
                for (const Seg& s : segs)
                    reach = std::max({reach, std::hypot(s.x0 - bx, s.y0 - by), std::hypot(s.x1 - bx, s.y1 - by)});
                p.at = {plane.lat(by), plane.lon(bx)};
                p.radius_m = std::max(15.0, reach);
                p.importance = 0.7 * rank + 0.3 * std::min(1.0, total / 6000.0);
                const uint32_t index = add_place(std::move(p));
                for (uint32_t f : members) street_of_way[f] = index;
                group_of_street.resize(index + 1);
                group_of_street[index] = group_key;
                ++g.stats_.streets;
            }
        }

        // Intersections: vertices shared by streets of different names.
        struct VertexOwner { uint64_t key; uint32_t street; uint32_t vertex; };
        std::vector<VertexOwner> owners;
        for (size_t f = 0; f < L.feature_count(); ++f) {
            if (street_of_way[f] == UINT32_MAX) continue;
            for (uint32_t part = L.feature_parts[f]; part < L.feature_parts[f + 1]; ++part)
                for (uint32_t v = L.part_vertices[part]; v < L.part_vertices[part + 1]; ++v) {
                    const auto qx = static_cast<uint64_t>(std::llround((L.lonlat[2 * v] + 180.0) * 1e7));
                    const auto qy = static_cast<uint64_t>(std::llround((L.lonlat[2 * v + 1] + 90.0) * 1e7));
                    owners.push_back({(qx << 32) ^ qy, street_of_way[f], v});
                }
        }
        std::sort(owners.begin(), owners.end(), [](const VertexOwner& a, const VertexOwner& b) {
            return a.key != b.key ? a.key < b.key : a.street < b.street;
        });
        struct Meeting { uint32_t a, b; double x, y; };
        std::vector<Meeting> meetings;
        for (size_t i = 0; i < owners.size();) {
            size_t j = i;
            while (j < owners.size() && owners[j].key == owners[i].key) ++j;
            std::vector<uint32_t> streets;  // distinct, in order (owners are sorted by street)
            for (size_t m = i; m < j; ++m)
                if (streets.empty() || streets.back() != owners[m].street) streets.push_back(owners[m].street);
            const uint32_t v = owners[i].vertex;
            for (size_t m = 0; m < streets.size(); ++m)
                for (size_t n = m + 1; n < streets.size(); ++n) {
                    if (group_of_street[streets[m]] == group_of_street[streets[n]]) continue;
                    meetings.push_back({streets[m], streets[n], plane.x(L.lonlat[2 * v]), plane.y(L.lonlat[2 * v + 1])});
                }
            i = j;
        }
        // Streets that cross without a shared vertex (a bridge, an interchange,
        // or two ways drawn without a common node, as Al-Farabi Avenue and
        // Dostyk Avenue are): their segments crossing, found cell by cell.
        {
            struct StreetSeg { double x0, y0, x1, y1; uint32_t street; };
            std::vector<StreetSeg> segs;
            for (size_t f = 0; f < L.feature_count(); ++f) {
                if (street_of_way[f] == UINT32_MAX) continue;
                for (uint32_t part = L.feature_parts[f]; part < L.feature_parts[f + 1]; ++part)
                    for (uint32_t v = L.part_vertices[part]; v + 1 < L.part_vertices[part + 1]; ++v)
                        segs.push_back({plane.x(L.lonlat[2 * v]), plane.y(L.lonlat[2 * v + 1]), plane.x(L.lonlat[2 * v + 2]),
                                        plane.y(L.lonlat[2 * v + 3]), street_of_way[f]});
            }
            constexpr double kCell = 250.0;  // metres
            auto cell_of = [](double c) { return static_cast<int64_t>(std::floor(c / kCell)); };
            std::unordered_map<uint64_t, std::vector<uint32_t>> cells;
            auto key = [](int64_t cx, int64_t cy) {
                return (static_cast<uint64_t>(static_cast<uint32_t>(cx)) << 32) | static_cast<uint32_t>(cy);
            };
            for (size_t k = 0; k < segs.size(); ++k) {
                const StreetSeg& sg = segs[k];
                const int64_t cx0 = cell_of(std::min(sg.x0, sg.x1)), cx1 = cell_of(std::max(sg.x0, sg.x1));
                const int64_t cy0 = cell_of(std::min(sg.y0, sg.y1)), cy1 = cell_of(std::max(sg.y0, sg.y1));
                if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 4096) continue;  // a segment kilometres long: not a street's
                for (int64_t cx = cx0; cx <= cx1; ++cx)
                    for (int64_t cy = cy0; cy <= cy1; ++cy) cells[key(cx, cy)].push_back(static_cast<uint32_t>(k));
            }
            for (const auto& [cell, list] : cells) {
                for (size_t m = 0; m < list.size(); ++m)
                    for (size_t n = m + 1; n < list.size(); ++n) {
                        const StreetSeg& a = segs[list[m]];
                        const StreetSeg& b = segs[list[n]];
                        if (a.street == b.street || group_of_street[a.street] == group_of_street[b.street]) continue;
                        const double rx = a.x1 - a.x0, ry = a.y1 - a.y0, sx = b.x1 - b.x0, sy = b.y1 - b.y0;
                        const double den = rx * sy - ry * sx;
                        if (std::fabs(den) < 1e-9) continue;  // parallel
                        const double t = ((b.x0 - a.x0) * sy - (b.y0 - a.y0) * sx) / den;
                        const double u = ((b.x0 - a.x0) * ry - (b.y0 - a.y0) * rx) / den;
                        if (t < 0 || t > 1 || u < 0 || u > 1) continue;
                        const double x = a.x0 + t * rx, y = a.y0 + t * ry;
                        if (key(cell_of(x), cell_of(y)) != cell) continue;  // counted in the cell it lies in
                        meetings.push_back({std::min(a.street, b.street), std::max(a.street, b.street), x, y});
                    }
            }
        }
        std::sort(meetings.begin(), meetings.end(),
                  [](const Meeting& a, const Meeting& b) { return a.a != b.a ? a.a < b.a : a.b < b.b; });
        for (size_t i = 0; i < meetings.size();) {
            size_t j = i;
            while (j < meetings.size() && meetings[j].a == meetings[i].a && meetings[j].b == meetings[i].b) ++j;
            // Crossings of one pair: vertices linked by less than 80 m.
            UnionFind uf(j - i);
            for (size_t m = i; m < j; ++m)
                for (size_t n = m + 1; n < j; ++n)
                    if (std::hypot(meetings[m].x - meetings[n].x, meetings[m].y - meetings[n].y) < 80)
                        uf.unite(static_cast<uint32_t>(m - i), static_cast<uint32_t>(n - i));
            std::map<uint32_t, std::vector<size_t>> crossings;
            for (size_t m = i; m < j; ++m) crossings[uf.find(static_cast<uint32_t>(m - i))].push_back(m);
            for (auto& [root, members] : crossings) {
                double x = 0, y = 0;
                for (size_t m : members) { x += meetings[m].x; y += meetings[m].y; }
                x /= static_cast<double>(members.size());
                y /= static_cast<double>(members.size());
                double spread = 0;
                for (size_t m : members) spread = std::max(spread, std::hypot(meetings[m].x - x, meetings[m].y - y));
                const GazetteerPlace& sa = g.places_[meetings[i].a];
                const GazetteerPlace& sb = g.places_[meetings[i].b];
                GazetteerPlace p;
                p.kind = PlaceKind::Intersection;
                p.name = sa.name + " & " + sb.name;
                p.english = sa.english + " & " + sb.english;
                p.at = {plane.lat(y), plane.lon(x)};
                p.radius_m = spread + 20.0;
                p.importance = (sa.importance + sb.importance) / 2;
                p.extent.extend(p.at.lon, p.at.lat);
                p.street_a = meetings[i].a;
                p.street_b = meetings[i].b;
                g.intersections_.push_back(add_place(std::move(p)));
                ++g.stats_.intersections;
            }
            i = j;
        }

        // Neighbourhoods named by their streets.
        for (const Neighbourhood& n : derive_neighbourhoods(named)) {
            GazetteerPlace p;
            p.kind = PlaceKind::Neighbourhood;
            p.name = n.name;
            p.english = transliterate(n.name);
            p.spellings = n.spellings;
            p.extent = n.extent;
            p.outline = n.outline;
            p.at = centre_of(n.extent);
            p.radius_m = std::max(150.0, half_diagonal_m(n.extent));
            p.importance = std::min(1.0, static_cast<double>(n.street_count) / 20.0);
            add_place(std::move(p));
            ++g.stats_.neighbourhoods;
        }
    }

    // Stations --------------------------------------------------------------
    if (std::optional<Layer> transport = load_if_present(dir, "transport")) {
        const Layer& L = *transport;
        const std::vector<int> fields = name_fields(L);
        const int fclass_field = L.field_index("fclass");
        struct Stop { std::vector<std::string> names; double x, y; std::string fclass; };
        std::map<std::string, std::vector<Stop>> by_key;
        for (size_t f = 0; f < L.feature_count(); ++f) {
            if (L.feature_parts[f] == L.feature_parts[f + 1] || fields.empty()) continue;
            Stop s{names_of(L, fields, f), 0, 0, fclass_field >= 0 ? L.attribute(f, static_cast<size_t>(fclass_field)) : ""};
            if (s.names.empty()) continue;
            const uint32_t v = L.part_vertices[L.feature_parts[f]];
            s.x = plane.x(L.lonlat[2 * v]);
            s.y = plane.y(L.lonlat[2 * v + 1]);
            by_key[fold_for_search(s.names.front())].push_back(std::move(s));
        }
        auto class_rank = [](const std::string& c) {
            return c == "railway_station" ? 1.0 : c == "bus_station" ? 0.7 : c == "tram_stop" ? 0.4 : 0.3;
        };
        auto class_radius = [](const std::string& c) {
            return c == "railway_station" ? 150.0 : c == "bus_station" ? 80.0 : 40.0;
        };
        for (auto& [key, stops] : by_key) {
            UnionFind uf(stops.size());
            for (size_t i = 0; i < stops.size(); ++i)
                for (size_t j = i + 1; j < stops.size(); ++j)
                    if (std::hypot(stops[i].x - stops[j].x, stops[i].y - stops[j].y) < 300)
                        uf.unite(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
            std::map<uint32_t, std::vector<size_t>> groups;
            for (size_t i = 0; i < stops.size(); ++i) groups[uf.find(static_cast<uint32_t>(i))].push_back(i);
            for (auto& [root, members] : groups) {
                GazetteerPlace p;
                p.kind = PlaceKind::Station;
                double x = 0, y = 0, rank = 0, radius = 0;
                for (size_t m : members) {
                    x += stops[m].x;
                    y += stops[m].y;
                    rank = std::max(rank, class_rank(stops[m].fclass));
                    radius = std::max(radius, class_radius(stops[m].fclass));
                    for (const std::string& n : stops[m].names)
                        if (std::find(p.spellings.begin(), p.spellings.end(), n) == p.spellings.end())
                            p.spellings.push_back(n);
                }
                x /= static_cast<double>(members.size());
                y /= static_cast<double>(members.size());
                double spread = 0;
                for (size_t m : members) spread = std::max(spread, std::hypot(stops[m].x - x, stops[m].y - y));
                p.name = stops[members.front()].names.front();
                p.english = transliterate(p.name);
                p.at = {plane.lat(y), plane.lon(x)};
                p.radius_m = std::max(radius, spread + 30.0);
                p.importance = rank;
                p.extent.extend(p.at.lon, p.at.lat);
                add_place(std::move(p));
                ++g.stats_.stations;
            }
        }
    }

    // Districts -------------------------------------------------------------
    if (std::optional<Layer> districts = load_if_present(dir, "districts")) {
        const Layer& L = *districts;
        const std::vector<int> fields = name_fields(L);
        for (size_t f = 0; f < L.feature_count(); ++f) {
            if (L.feature_parts[f] == L.feature_parts[f + 1] || fields.empty()) continue;
            GazetteerPlace p;
            p.kind = PlaceKind::District;
            p.spellings = names_of(L, fields, f);
            if (p.spellings.empty()) continue;
            p.name = p.spellings.front();
            // "Бостандыкский район" is also "Бостандык", as the district calls itself in Kazakh.
            std::string stem = p.name;
            for (const char* suffix : {" район", " ауданы", " District", " district"})
                if (stem.ends_with(suffix)) stem.resize(stem.size() - std::string_view(suffix).size());
            if (stem.ends_with("инский")) stem.replace(stem.size() - std::string_view("инский").size(), std::string::npos, "ы");
            else if (stem.ends_with("ский")) stem.resize(stem.size() - std::string_view("ский").size());
            if (!stem.empty() && stem != p.name) p.spellings.push_back(stem);
            p.english = L.field_index("name_en") >= 0 && !L.attribute(f, static_cast<size_t>(L.field_index("name_en"))).empty()
                            ? L.attribute(f, static_cast<size_t>(L.field_index("name_en")))
                            : english_street_name(p.name);  // "Алмалинский район" -> "Almaly District"
            double a2 = 0, cx = 0, cy = 0;
            for (uint32_t part = L.feature_parts[f]; part < L.feature_parts[f + 1]; ++part)
                for (uint32_t v = L.part_vertices[part]; v + 1 < L.part_vertices[part + 1]; ++v) {
                    const double x0 = plane.x(L.lonlat[2 * v]), y0 = plane.y(L.lonlat[2 * v + 1]);
                    const double x1 = plane.x(L.lonlat[2 * v + 2]), y1 = plane.y(L.lonlat[2 * v + 3]);
                    const double cross = x0 * y1 - x1 * y0;
                    a2 += cross;
                    cx += (x0 + x1) * cross;
                    cy += (y0 + y1) * cross;
                    p.extent.extend(L.lonlat[2 * v], L.lonlat[2 * v + 1]);
                }
            if (std::abs(a2) > 1e-6) {
                p.at = {plane.lat(cy / (3 * a2)), plane.lon(cx / (3 * a2))};
            } else {
                p.at = centre_of(p.extent);
            }
            double reach = 0;
            for (uint32_t part = L.feature_parts[f]; part < L.feature_parts[f + 1]; ++part)
                for (uint32_t v = L.part_vertices[part]; v < L.part_vertices[part + 1]; ++v)
                    reach = std::max(reach, haversine_m(p.at, {L.lonlat[2 * v + 1], L.lonlat[2 * v]}));
            p.radius_m = reach;
            p.importance = 1.0;
            add_place(std::move(p));
            ++g.stats_.districts;
        }
    }
    g.stats_.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return g;
}

// [SECTION] Finding

bool Gazetteer::split_intersection_query(std::string_view query, std::string& first, std::string& second) {
    std::string lower(query);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    size_t best = std::string::npos, sep_len = 0;
    for (std::string_view sep : {"&", "/", "\xC3\x97", " and ", " x ", " и ", " және "}) {
        const size_t at = lower.find(sep);
        if (at != std::string::npos && at < best) {
            best = at;
            sep_len = sep.size();
        }
    }
    if (best == std::string::npos) return false;
    first = std::string(query.substr(0, best));
    second = std::string(query.substr(best + sep_len));
    return !fold_for_search(first).empty() && !fold_for_search(second).empty();
}

std::vector<Gazetteer::Scored> Gazetteer::score_all(std::string_view query, bool streets_only) const {
    std::string q_type;
    const std::string q = strip_type_words(fold_for_search(query), &q_type);
    if (q.empty()) return {};
    const std::vector<std::string> q_tokens = tokens_of(q);
    std::vector<double> best(places_.size(), 0.0);
    for (const Key& k : keys_) {
        if (places_[k.place].kind == PlaceKind::Intersection) continue;
        if (streets_only && places_[k.place].kind != PlaceKind::Street) continue;
        double level = match_level(q, q_tokens, k.core);
        if (k.full != k.core && level < 1.0) level = std::max(level, match_level(q, q_tokens, k.full));
        best[k.place] = std::max(best[k.place], level);
    }
    std::vector<Scored> out;
    for (uint32_t i = 0; i < best.size(); ++i) {
        if (best[i] <= 0) continue;
        const GazetteerPlace& p = places_[i];
        double score = best[i] + 0.05 * p.importance + kind_weight(p.kind);
        if (!q_type.empty() && !types_[i].empty()) score += q_type == types_[i] ? 0.08 : -0.1;
        out.push_back({i, score});
    }
    return out;
}

std::vector<PlaceMatch> Gazetteer::find(std::string_view query, size_t limit) const {
    std::vector<Scored> scored;
    std::string first, second;
    if (split_intersection_query(query, first, second)) {
        std::vector<double> sa(places_.size(), 0.0), sb(places_.size(), 0.0);
        for (const Scored& s : score_all(first, true)) sa[s.place] = s.score;
        for (const Scored& s : score_all(second, true)) sb[s.place] = s.score;
        for (uint32_t i : intersections_) {
            const GazetteerPlace& p = places_[i];
            const double s = std::max(std::min(sa[p.street_a], sb[p.street_b]), std::min(sa[p.street_b], sb[p.street_a]));
            if (s > 0) scored.push_back({i, s + 0.02 * p.importance});
        }
    }
    if (scored.empty()) scored = score_all(query, false);
    std::stable_sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
        if (a.score != b.score) return a.score > b.score;
        return places_[a.place].name < places_[b.place].name;
    });
    std::vector<PlaceMatch> out;
    for (const Scored& s : scored) {
        if (out.size() >= limit) break;
        out.push_back({s.place, s.score});
    }
    return out;
}

}  // namespace atlas
