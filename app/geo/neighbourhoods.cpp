#include "geo/neighbourhoods.hpp"

#include <algorithm>
#include <map>

#include "core/shape.hpp"
#include "core/translit.hpp"

namespace atlas {

namespace {

std::vector<std::string> split_spaces(std::string_view s) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!cur.empty()) words.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) words.push_back(std::move(cur));
    return words;
}

// The words of `text` without its microdistrict words, joined by single spaces.
std::string without_microdistrict_words(std::string_view text) {
    const std::vector<std::string> words = split_spaces(text);
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
        if (english_street_type(fold_for_search(words[i])) == "Microdistrict") continue;
        if (i + 1 < words.size() &&
            english_street_type(fold_for_search(words[i] + " " + words[i + 1])) == "Microdistrict") {
            ++i;
            continue;
        }
        if (!out.empty()) out += ' ';
        out += words[i];
    }
    return out;
}

bool is_neighbourhood_name(const std::string& name) {
    const std::string key = fold_for_search(name);
    if (key.empty() || key == "dubler") return false;
    // A district written as an adjective: one word ending in -ский ("ski" folded).
    if (key.find(' ') == std::string::npos && key.size() > 3 && key.ends_with("ski")) return false;
    return true;
}

double gap_m(const BoundsLL& a, const BoundsLL& b) {
    const double dlon = std::max({0.0, a.min_lon - b.max_lon, b.min_lon - a.max_lon});
    const double dlat = std::max({0.0, a.min_lat - b.max_lat, b.min_lat - a.max_lat});
    const double lat = (a.min_lat + a.max_lat) / 2;
    return haversine_m({lat, 0}, {lat + dlat, dlon});
}

void extend(BoundsLL& a, const BoundsLL& b) {
    a.extend(b.min_lon, b.min_lat);
    a.extend(b.max_lon, b.max_lat);
}

struct Group {
    std::map<std::string, size_t> spellings;  // spelling -> streets
    std::vector<BoundsLL> extents;
    std::vector<std::vector<LatLon>> hulls;  // of each street, beside its extent
};

// Splits a group's streets into clusters no more than `link_m` apart.
std::vector<std::vector<size_t>> clusters_of(const std::vector<BoundsLL>& extents, double link_m) {
    std::vector<size_t> parent(extents.size());
    for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
    auto find = [&](size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    for (size_t i = 0; i < extents.size(); ++i)
        for (size_t j = i + 1; j < extents.size(); ++j)
            if (find(i) != find(j) && gap_m(extents[i], extents[j]) <= link_m) parent[find(i)] = find(j);
    std::map<size_t, std::vector<size_t>> by_root;
    for (size_t i = 0; i < extents.size(); ++i) by_root[find(i)].push_back(i);
    std::vector<std::vector<size_t>> out;
    for (auto& [root, members] : by_root) out.push_back(std::move(members));
    return out;
}

// The name without a trailing number: "Шанырак-1" -> "Шанырак"; "" when it has none.
std::string without_number(const std::string& name) {
    size_t end = name.size();
    size_t digits = end;
    while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') --digits;
    if (digits == end) return {};
    size_t cut = digits;
    while (cut > 0 && (name[cut - 1] == '-' || name[cut - 1] == ' ')) --cut;
    if (cut == 0 || cut == digits) return {};
    return name.substr(0, cut);
}

}  // namespace

std::string neighbourhood_of_street(std::string_view osm_name) {
    const StreetNameParts parts = split_street_name(osm_name);
    std::string name;
    if (!parts.area.empty()) {
        name = without_microdistrict_words(parts.area);
    } else if (parts.type == "Microdistrict") {
        // The OSM name without its microdistrict word(s), as written.
        name = without_microdistrict_words(osm_name);
    }
    return is_neighbourhood_name(name) ? name : std::string();
}

std::vector<Neighbourhood> derive_neighbourhoods(const std::vector<NamedStreet>& streets) {
    std::map<std::string, Group> groups;  // by key
    auto add = [&](const std::string& spelling, const BoundsLL& extent, const std::vector<LatLon>& hull) {
        Group& g = groups[fold_for_search(spelling)];
        ++g.spellings[spelling];
        g.extents.push_back(extent);
        g.hulls.push_back(hull);
    };
    std::map<std::string, std::string, std::less<>> of_name;  // a street name's neighbourhood, once per name
    for (const NamedStreet& s : streets) {
        if (!s.extent.valid()) continue;
        auto [it, fresh] = of_name.try_emplace(s.name);
        if (fresh) it->second = neighbourhood_of_street(s.name);
        const std::string& n = it->second;
        if (n.empty()) continue;
        const std::vector<LatLon> hull = convex_hull(
            s.points.empty() ? std::vector<LatLon>{{s.extent.min_lat, s.extent.min_lon},
                                                   {s.extent.min_lat, s.extent.max_lon},
                                                   {s.extent.max_lat, s.extent.max_lon},
                                                   {s.extent.max_lat, s.extent.min_lon}}
                             : s.points);
        add(n, s.extent, hull);
        if (const std::string parent = without_number(n); !parent.empty() && is_neighbourhood_name(parent))
            add(parent, s.extent, hull);
    }
    std::vector<Neighbourhood> out;
    for (auto& [key, g] : groups) {
        std::vector<std::pair<std::string, size_t>> spellings(g.spellings.begin(), g.spellings.end());
        std::stable_sort(spellings.begin(), spellings.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        for (const std::vector<size_t>& cluster : clusters_of(g.extents, 1000.0)) {
            Neighbourhood n;
            n.key = key;
            n.name = spellings.front().first;
            for (const auto& [spelling, count] : spellings) n.spellings.push_back(spelling);
            std::vector<LatLon> points;
            for (size_t i : cluster) {
                extend(n.extent, g.extents[i]);
                points.insert(points.end(), g.hulls[i].begin(), g.hulls[i].end());
            }
            n.outline = convex_hull(std::move(points));
            n.street_count = cluster.size();
            out.push_back(std::move(n));
        }
    }
    return out;
}

}  // namespace atlas
