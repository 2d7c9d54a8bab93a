#include "geo/geojson.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/json_text.hpp"
#include "geo/shapefile.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

using Json = nlohmann::ordered_json;
using Ring = std::vector<std::pair<double, double>>;

// Where each Feature object begins in the text (1-based lines), found by a scan that skips
// strings, so that a fault in feature k names the line it starts on.
std::vector<int64_t> feature_lines(const std::string& text) {
    std::vector<int64_t> lines;
    std::vector<int64_t> open_objects;  // line of each '{' not yet closed
    std::string last_key;
    int64_t line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
        } else if (c == '"') {
            const size_t start = ++i;
            while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
            const std::string s = text.substr(start, std::min(i, text.size()) - start);
            size_t j = i + 1;
            while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
            const bool is_key = j < text.size() && text[j] == ':';
            // "type": "Feature" inside an object: that object is a feature.
            if (!is_key && last_key == "type" && s == "Feature" && !open_objects.empty()) lines.push_back(open_objects.back());
            last_key = is_key ? s : std::string();
        } else if (c == '{') {
            open_objects.push_back(line);
        } else if (c == '}') {
            if (!open_objects.empty()) open_objects.pop_back();
        }
    }
    return lines;
}

struct Reader {
    std::string file;
    std::vector<int64_t> lines;  // of each feature
    int64_t feature = -1;        // index being read; -1 for the file as a whole

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        const int64_t line = feature >= 0 && static_cast<size_t>(feature) < lines.size() ? lines[static_cast<size_t>(feature)] : 0;
        std::string msg = what;
        if (feature >= 0) msg += " (feature " + std::to_string(feature + 1) + ")";
        throw Error(Diagnostic{file, line, field, msg});
    }

    std::pair<double, double> position(const Json& p, const std::string& where) const {
        if (!p.is_array() || p.size() < 2) fail(where, "a position is an array [longitude, latitude]");
        for (const Json& v : p)
            if (!v.is_number()) fail(where, "a position holds something other than numbers");
        const double lon = p[0].get<double>(), lat = p[1].get<double>();
        if (!std::isfinite(lon) || !std::isfinite(lat)) fail(where, "a coordinate is not finite");
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
            fail(where, "position [" + p[0].dump() + ", " + p[1].dump() +
                            "] is not longitude, latitude in degrees (GeoJSON is WGS84; another CRS is not read)");
        return {lon, lat};
    }
    Ring positions(const Json& a, const std::string& where, size_t min, const char* what) const {
        if (!a.is_array()) fail(where, "expected an array of positions");
        Ring out;
        for (size_t i = 0; i < a.size(); ++i) out.push_back(position(a[i], where + "[" + std::to_string(i) + "]"));
        if (out.size() < min) fail(where, std::string(what) + " needs at least " + std::to_string(min) + " positions, has " + std::to_string(out.size()));
        return out;
    }
};

double signed_area(const Ring& r) {
    double a = 0;
    for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) a += (r[j].first - r[i].first) * (r[j].second + r[i].second);
    return a / 2;  // positive: clockwise (x east, y north)
}

std::string value_text(const Json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

}  // namespace

bool is_geojson_path(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".geojson" || ext == ".json";
}

Layer load_map_layer(const fs::path& path) { return is_geojson_path(path) ? load_geojson(path) : load_shapefile(path); }

std::vector<Layer> load_map_layers(const fs::path& path) {
    if (!is_geojson_path(path)) {
        std::vector<Layer> one;
        one.push_back(load_shapefile(path));
        return one;
    }
    return load_geojson_layers(path);
}

namespace {

// The kind of layer a feature's geometry belongs in; none for a null or unknown geometry.
std::optional<GeometryKind> kind_of(const Json& f) {
    const Json& t = member(member(f, "geometry"), "type");
    if (!t.is_string()) return std::nullopt;
    const std::string& g = t.get_ref<const std::string&>();
    if (g == "Point" || g == "MultiPoint") return GeometryKind::Point;
    if (g == "LineString" || g == "MultiLineString") return GeometryKind::Line;
    if (g == "Polygon" || g == "MultiPolygon") return GeometryKind::Polygon;
    return std::nullopt;
}

// A GeoJSON file parsed once; its features made into one layer (of every
// feature), or one per kind of geometry. Not copied: the features point into it.
class GeoJsonFile {
public:
    explicit GeoJsonFile(const fs::path& file_path) : path(file_path), rd{file_path.string(), {}, -1} {
        std::ifstream in(file_path, std::ios::binary);
        if (!in) rd.fail({}, "cannot open for reading");
        std::stringstream buf;
        buf << in.rdbuf();
        text = buf.str();
        // Parsed with a bound on nesting, so that no walk over the document can run
        // out of stack; numbers beyond a double's range are faults with their line.
        Diagnostics problems;
        std::optional<Json> parsed = parse_json<Json>(text, rd.file, problems);
        if (!parsed) {
            Diagnostic d = problems.items.empty() ? Diagnostic{rd.file, 0, {}, "not valid JSON"} : problems.items.front();
            if (d.message.rfind("malformed JSON: ", 0) == 0) d.message = "not valid JSON: " + d.message.substr(16);
            throw Error(std::move(d));
        }
        doc = std::move(*parsed);
        rd.lines = feature_lines(text);

        // The features: a collection, one feature, or one bare geometry. Pointers
        // into the document: a feature is never copied.
        const Json& type_value = member(doc, "type");
        const std::string type = type_value.is_string() ? type_value.get<std::string>() : "";
        if (type == "FeatureCollection") {
            const Json& list = member(doc, "features");
            if (!list.is_array()) rd.fail("features", "missing or not an array");
            features.reserve(list.size());
            for (const Json& f : list) features.push_back(&f);
        } else if (type == "Feature") {
            features.push_back(&doc);
        } else if (!type.empty()) {
            wrapped = Json::object();
            wrapped["type"] = "Feature";
            wrapped["properties"] = nullptr;
            wrapped["geometry"] = doc;  // a geometry: its coordinates, within the nesting bound
            features.push_back(&wrapped);
            rd.lines.assign(1, 1);
        } else {
            rd.fail("type", "not GeoJSON: the top level needs a \"type\" (FeatureCollection, Feature or a geometry)");
        }
    }
    GeoJsonFile(const GeoJsonFile&) = delete;
    GeoJsonFile& operator=(const GeoJsonFile&) = delete;

    // The kinds of geometry in the file, in order of first appearance.
    [[nodiscard]] std::vector<GeometryKind> kinds() const {
        std::vector<GeometryKind> out;
        for (const Json* f : features)
            if (const auto k = kind_of(*f); k && std::find(out.begin(), out.end(), *k) == out.end()) out.push_back(*k);
        return out;
    }

    // Every feature (`only` empty: a second kind is a fault), or those of one
    // kind, with the features without geometry when `keep_null`.
    Layer build(std::optional<GeometryKind> only, bool keep_null) {
        Layer L;
        L.path = path;
        L.name = path.stem().string();
        L.crs = "WGS 84";
        L.codepage = "UTF-8";
        bool kind_known = false;
        std::vector<std::string> field_names;
        std::vector<std::vector<std::pair<size_t, std::string>>> values;
        std::vector<char> numeric;  // per field: every non-empty value a number

        for (size_t k = 0; k < features.size(); ++k) {
            rd.feature = static_cast<int64_t>(k);
            const Json& f = *features[k];
            if (only) {  // one kind of a mixed file: the others' features are another layer's
                const std::optional<GeometryKind> fk = kind_of(f);
                if (fk ? *fk != *only : !keep_null && member(f, "geometry").is_null()) continue;
            }
            const Json& ftype = member(f, "type");
            if (!ftype.is_string() || ftype.get_ref<const std::string&>() != "Feature")
                rd.fail("type", "each member of \"features\" must be a Feature");
            // Properties.
            std::vector<std::pair<size_t, std::string>> row;
            const Json& props = member(f, "properties");
            if (!props.is_null()) {
                if (!props.is_object()) rd.fail("properties", "must be an object or null");
                for (auto it = props.begin(); it != props.end(); ++it) {
                    auto pos = std::find(field_names.begin(), field_names.end(), it.key());
                    if (pos == field_names.end()) {
                        field_names.push_back(it.key());
                        numeric.push_back(1);
                        pos = field_names.end() - 1;
                    }
                    const size_t fi = static_cast<size_t>(pos - field_names.begin());
                    if (!it.value().is_null() && !it.value().is_number()) numeric[fi] = 0;
                    row.emplace_back(fi, value_text(it.value()));
                }
            }
            values.push_back(std::move(row));
            // Geometry.
            std::vector<Ring> parts;
            GeometryKind kind = GeometryKind::Point;
            const Json& g = member(f, "geometry");
            if (!g.is_null()) {
                if (!g.is_object() || !member(g, "type").is_string()) rd.fail("geometry.type", "missing or not a string");
                const std::string gt = member(g, "type").get<std::string>();
                if (gt == "GeometryCollection") rd.fail("geometry.type", "GeometryCollection is not read: split it into features");
                if (!g.contains("coordinates")) rd.fail("geometry.coordinates", "missing");
                const Json& c = member(g, "coordinates");
                const std::string where = "geometry.coordinates";
                auto polygon = [&](const Json& rings, const std::string& w) {
                    if (!rings.is_array() || rings.empty()) rd.fail(w, "a polygon needs at least one ring");
                    for (size_t r = 0; r < rings.size(); ++r) {
                        const std::string rw = w + "[" + std::to_string(r) + "]";
                        Ring ring = rd.positions(rings[r], rw, 4, "a ring");
                        if (ring.front() != ring.back()) rd.fail(rw, "ring is not closed (its last position differs from its first)");
                        const bool clockwise = signed_area(ring) > 0;
                        if (clockwise != (r == 0)) std::reverse(ring.begin(), ring.end());
                        parts.push_back(std::move(ring));
                    }
                };
                if (gt == "Point") {
                    parts.push_back({rd.position(c, where)});
                } else if (gt == "MultiPoint") {
                    parts.push_back(rd.positions(c, where, 1, "a multipoint"));
                } else if (gt == "LineString") {
                    kind = GeometryKind::Line;
                    parts.push_back(rd.positions(c, where, 2, "a line string"));
                } else if (gt == "MultiLineString") {
                    kind = GeometryKind::Line;
                    if (!c.is_array()) rd.fail(where, "expected an array of line strings");
                    for (size_t i = 0; i < c.size(); ++i)
                        parts.push_back(rd.positions(c[i], where + "[" + std::to_string(i) + "]", 2, "a line string"));
                } else if (gt == "Polygon") {
                    kind = GeometryKind::Polygon;
                    polygon(c, where);
                } else if (gt == "MultiPolygon") {
                    kind = GeometryKind::Polygon;
                    if (!c.is_array()) rd.fail(where, "expected an array of polygons");
                    for (size_t i = 0; i < c.size(); ++i) polygon(c[i], where + "[" + std::to_string(i) + "]");
                } else {
                    rd.fail("geometry.type", "unknown geometry type \"" + gt + "\"");
                }
                if (!parts.empty()) {
                    if (!kind_known) {
                        L.kind = kind;
                        kind_known = true;
                    } else if (L.kind != kind) {
                        static const char* names[] = {"points", "lines", "polygons"};
                        rd.fail("geometry.type", "a " + gt + " in a layer of " + names[static_cast<int>(L.kind)] +
                                                     ": one file holds one kind of geometry");
                    }
                }
            }
            for (const Ring& part : parts) {
                for (const auto& [x, y] : part) {
                    L.lonlat.push_back(x);
                    L.lonlat.push_back(y);
                    L.bounds.extend(x, y);
                }
                L.part_vertices.push_back(static_cast<uint32_t>(L.lonlat.size() / 2));
            }
            L.feature_parts.push_back(static_cast<uint32_t>(L.part_vertices.size() - 1));
            L.record.push_back(static_cast<int32_t>(k + 1));
        }
        rd.feature = -1;
        if (features.empty()) rd.fail("features", "empty: the file has no features");
        if (only) {
            L.kind = *only;
            static const char* part_names[] = {"points", "lines", "polygons"};
            L.name += std::string(" (") + part_names[static_cast<int>(*only)] + ")";
        }
        if (!kind_known) rd.fail("geometry", "no feature has a geometry");
        static const char* shape_names[] = {"GeoJSON points", "GeoJSON lines", "GeoJSON polygons"};
        L.shape_type = shape_names[static_cast<int>(L.kind)];
        L.geometry_name = L.shape_type;

        for (size_t i = 0; i < field_names.size(); ++i) {
            int width = 1;
            for (const auto& row : values)
                for (const auto& [fi, v] : row)
                    if (fi == i) width = std::max(width, static_cast<int>(v.size()));
            L.fields.push_back({field_names[i], numeric[i] ? 'N' : 'C', width, 0});
        }
        L.attributes.assign(values.size() * field_names.size(), std::string());
        for (size_t k = 0; k < values.size(); ++k)
            for (auto& [fi, v] : values[k]) L.attributes[k * field_names.size() + fi] = std::move(v);
        return L;
    }

private:
    fs::path path;
    Reader rd;
    std::string text;
    Json doc;
    Json wrapped;  // a bare geometry, as a feature
    std::vector<const Json*> features;
};

}  // namespace

Layer load_geojson(const fs::path& path) {
    GeoJsonFile file(path);
    return file.build(std::nullopt, true);
}

std::vector<Layer> load_geojson_layers(const fs::path& path) {
    GeoJsonFile file(path);
    const std::vector<GeometryKind> kinds = file.kinds();
    std::vector<Layer> out;
    if (kinds.size() <= 1) {
        out.push_back(file.build(std::nullopt, true));
        return out;
    }
    for (size_t i = 0; i < kinds.size(); ++i) out.push_back(file.build(kinds[i], i == 0));
    return out;
}

}  // namespace atlas
