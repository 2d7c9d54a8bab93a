#include "store/geojson.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/shape.hpp"
#include "core/json_text.hpp"

namespace atlas {

using nlohmann::json;

namespace {

// Reads properties of one feature, reporting type faults as diagnostics.
class Props {
public:
    Props(const json& obj, Diagnostics& out, Diagnostic where) : obj_(obj), out_(out), where_(std::move(where)) {}

    std::string str(const char* key, const std::string& prefix = {}) {
        if (!obj_.is_object()) return {};
        auto it = obj_.find(key);
        if (it == obj_.end() || it->is_null()) return {};
        if (it->is_string()) return it->get<std::string>();
        bad(prefix + key, "must be a string");
        return {};
    }
    std::optional<double> num(const char* key) {
        if (!obj_.is_object()) return std::nullopt;
        auto it = obj_.find(key);
        if (it == obj_.end() || it->is_null()) return std::nullopt;
        if (it->is_number()) return it->get<double>();
        bad(key, "must be a number");
        return std::nullopt;
    }
    std::vector<std::string> list(const char* key) {
        std::vector<std::string> v;
        if (!obj_.is_object()) return v;
        auto it = obj_.find(key);
        if (it == obj_.end() || it->is_null()) return v;
        if (!it->is_array()) {
            bad(key, "must be an array of strings");
            return v;
        }
        for (const auto& x : *it) {
            if (x.is_string()) v.push_back(x.get<std::string>());
            else bad(key, "must be an array of strings");
        }
        return v;
    }
    void bad(std::string field, std::string what) {
        Diagnostic d = where_;
        d.field = std::move(field);
        d.message = std::move(what);
        out_.add(std::move(d));
    }

private:
    const json& obj_;
    Diagnostics& out_;
    Diagnostic where_;
};

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// A GeoJSON position list ([[lon, lat], ...]) as vertices; false, with the
// reason given to `p`, when it is not one.
bool read_positions(const json& c, std::vector<LatLon>& out, Props& p) {
    if (!c.is_array()) {
        p.bad("geometry", "coordinates must be a list of [longitude, latitude] positions");
        return false;
    }
    if (c.size() > kMaxShapeVertices + 1) {
        p.bad("geometry", "more than " + std::to_string(kMaxShapeVertices) + " vertices");
        return false;
    }
    for (const json& q : c) {
        if (!q.is_array() || q.size() < 2 || !q[0].is_number() || !q[1].is_number()) {
            p.bad("geometry", "coordinates must be [longitude, latitude] numbers");
            return false;
        }
        out.push_back({q[1].get<double>(), q[0].get<double>()});
    }
    return true;
}

// Point, LineString (a route) or Polygon (an area: its outer ring) into the location.
void read_geometry(const json& geom, Location& l, Props& p) {
    const json& type = member(geom, "type");
    const json& c = member(geom, "coordinates");
    if (!geom.is_object() || !type.is_string()) {
        p.bad("geometry", "missing (a Point, a LineString for a route or a Polygon for an area)");
        return;
    }
    if (type == "Point") {
        if (!c.is_array() || c.size() < 2 || !c[0].is_number() || !c[1].is_number()) {
            p.bad("geometry", "coordinates must be [longitude, latitude] numbers");
            return;
        }
        l.lon = c[0].get<double>();
        l.lat = c[1].get<double>();
        return;
    }
    std::vector<LatLon> v;
    ShapeKind kind = ShapeKind::Route;
    if (type == "LineString") {
        if (!read_positions(c, v, p)) return;
    } else if (type == "Polygon") {
        kind = ShapeKind::Area;
        if (!c.is_array() || c.empty()) {
            p.bad("geometry", "a Polygon needs its outer ring");
            return;
        }
        if (c.size() > 1) {
            p.bad("geometry", "polygons with holes are not taken: an area is its outline only");
            return;
        }
        if (!read_positions(c[0], v, p)) return;
        if (v.size() >= 2 && v.front() == v.back()) v.pop_back();
    } else {
        p.bad("geometry", "a " + type.get<std::string>() +
                              " is not taken: an event is a Point, a LineString (a route) or a Polygon (an area)");
        return;
    }
    if (std::string why = shape_problem(kind, v); !why.empty()) {
        p.bad("geometry", why);
        return;
    }
    set_shape(l, kind, std::move(v));
}

json position(LatLon v) { return json::array({v.lon, v.lat}); }

// The event's geometry as RFC 7946 wants it: a polygon's ring closed, and
// counter-clockwise as every area is stored (the right-hand rule).
json geometry_of(const Location& l) {
    if (l.shape == ShapeKind::Point || l.vertices.empty())
        return {{"type", "Point"}, {"coordinates", {l.lon, l.lat}}};
    json coords = json::array();
    if (l.shape == ShapeKind::Route) {
        for (LatLon v : l.vertices) coords.push_back(position(v));
        return {{"type", "LineString"}, {"coordinates", std::move(coords)}};
    }
    // Stored counter-clockwise (core/shape.hpp set_shape), as RFC 7946 asks.
    json ring = json::array();
    for (LatLon v : l.vertices) ring.push_back(position(v));
    ring.push_back(ring.front());
    coords.push_back(std::move(ring));
    return {{"type", "Polygon"}, {"coordinates", std::move(coords)}};
}

}  // namespace

ImportResult import_geojson(std::string_view text, const std::string& file, const ImportOptions& options) {
    ImportResult r;
    r.file = file;
    std::optional<json> parsed = parse_json(text, file, r.problems);
    if (!parsed) {
        r.data = Dataset{};
        return r;
    }
    const json& doc = *parsed;
    if (!doc.is_object() || member(doc, "type") != "FeatureCollection" || !member(doc, "features").is_array()) {
        r.problems.add(Diagnostic{file, 0, "type", "not a GeoJSON FeatureCollection with a \"features\" array"});
        r.data = Dataset{};
        return r;
    }
    std::map<std::string, int64_t> seen_ids;
    std::map<std::string, size_t> excerpt_index, source_index;
    // Messages name the line each feature begins on; "feature N" in words.
    const std::vector<int64_t> lines = array_element_lines(text, "features");
    int64_t n = 0;
    for (const json& f : member(doc, "features")) {
        ++n;
        ++r.rows;
        const size_t before = r.problems.size();
        const int64_t line = static_cast<size_t>(n) <= lines.size() ? lines[static_cast<size_t>(n) - 1] : 0;
        const Diagnostic where{file, line, {}, {}};
        Props top(f, r.problems, where);
        if (!f.is_object() || member(f, "type") != "Feature") {
            top.bad("type", "not a GeoJSON Feature");
            ++r.skipped;
            continue;
        }
        Event e;
        read_geometry(member(f, "geometry"), e.location, top);
        const json& props = member(f, "properties");
        if (!props.is_object()) top.bad("properties", "missing (an event needs at least a title, time and category)");
        Props p(props, r.problems, where);
        e.id = p.str("id");
        e.title = p.str("title");
        e.description = p.str("description");
        e.category = p.str("category");
        e.tags = p.list("tags");
        e.actors = p.list("actors");
        e.time_text = p.str("time_text");
        const std::string canonical = p.str("time");
        const std::string time_source = canonical.empty() ? e.time_text : canonical;
        if (props.is_object()) {
            if (time_source.empty()) {
                p.bad("time", "missing date");
            } else {
                std::string why;
                if (auto t = parse_time(time_source, &why)) e.time = *t;
                else
                    p.bad(canonical.empty() ? "time_text" : "time",
                          "cannot read the date '" + time_source + "'" + (why.empty() ? "" : ": " + why));
            }
        }
        e.time.note = p.str("time_note");
        e.location.place_name = p.str("place");
        e.location.place_id = p.str("place_id");
        if (auto u = p.num("uncertainty_m")) e.location.uncertainty_m = *u;
        if (const std::string lp = p.str("location_precision"); !lp.empty()) {
            if (auto v = location_precision_from_string(lp)) e.location.precision = *v;
            else
                p.bad("location_precision",
                      "unknown precision '" + lp + "' (building, street, neighbourhood, district, city, outside)");
        }
        e.location.geocoding_note = p.str("geocoding_note");
        e.note = p.str("note");
        if (auto s = p.num("sequence")) {
            if (*s < 0 || *s > 1e15 || *s != static_cast<double>(static_cast<int64_t>(*s)))
                p.bad("sequence", "must be a whole number 0 or more");
            else e.sequence = static_cast<int64_t>(*s);
        }

        // Nested excerpts with their sources.
        std::vector<Excerpt> excerpts;
        std::vector<Source> sources;
        if (props.is_object() && props.contains("excerpts") && !props["excerpts"].is_null()) {
            const json& xs = props["excerpts"];
            if (!xs.is_array()) p.bad("excerpts", "must be an array");
            else
                for (const json& xj : xs) {
                    if (!xj.is_object()) {
                        p.bad("excerpts", "each excerpt must be an object");
                        continue;
                    }
                    Props xp(xj, r.problems, where);
                    Excerpt x;
                    x.id = xp.str("id", "excerpts.");
                    x.text = xp.str("text", "excerpts.");
                    x.locator = xp.str("locator", "excerpts.");
                    for (auto [key, target] : {std::pair{"span_begin", &x.span_begin}, std::pair{"span_end", &x.span_end}}) {
                        auto it = xj.find(key);
                        if (it == xj.end() || it->is_null()) continue;
                        if (it->is_number_integer() && it->get<int64_t>() >= 0) *target = it->get<int64_t>();
                        else xp.bad(std::string("excerpts.") + key, "must be a character offset (0 or more) or null");
                    }
                    if ((x.span_begin < 0) != (x.span_end < 0) || x.span_begin > x.span_end)
                        xp.bad("excerpts.span_end", "span must have both ends, begin <= end");
                    if (x.id.empty()) xp.bad("excerpts.id", "missing");
                    if (x.text.empty()) xp.bad("excerpts.text", "missing (the verbatim quotation)");
                    const json& sj = member(xj, "source");
                    if (!sj.is_object()) {
                        xp.bad("excerpts.source", "missing (an excerpt needs its source)");
                    } else {
                        Props sp(sj, r.problems, where);
                        Source s;
                        s.id = sp.str("id", "excerpts.source.");
                        s.title = sp.str("title", "excerpts.source.");
                        s.publisher = sp.str("publisher", "excerpts.source.");
                        s.author = sp.str("author", "excerpts.source.");
                        s.date_text = sp.str("date", "excerpts.source.");
                        s.url = sp.str("url", "excerpts.source.");
                        s.language = sp.str("language", "excerpts.source.");
                        if (s.id.empty()) sp.bad("excerpts.source.id", "missing");
                        if (s.title.empty()) sp.bad("excerpts.source.title", "missing");
                        x.source_id = s.id;
                        sources.push_back(std::move(s));
                    }
                    e.excerpt_ids.push_back(x.id);
                    excerpts.push_back(std::move(x));
                }
        }
        if (e.id.empty()) e.id = stable_event_id(e);
        if (r.problems.size() == before) check_event(e, where, r.problems);
        if (r.problems.size() == before) {
            auto [it, fresh] = seen_ids.emplace(e.id, line);
            if (!fresh) top.bad("id", "'" + e.id + "' is already used by the feature on line " + std::to_string(it->second));
        }
        if (r.problems.size() != before) {
            ++r.skipped;
            continue;
        }
        for (auto& s : sources)
            if (source_index.emplace(s.id, r.data.sources.size()).second) r.data.sources.push_back(std::move(s));
        for (auto& x : excerpts)
            if (excerpt_index.emplace(x.id, r.data.excerpts.size()).second) r.data.excerpts.push_back(std::move(x));
        r.data.events.push_back(std::move(e));
        r.event_lines.push_back(line);
    }
    r.finish(options);
    return r;
}

ImportResult import_geojson_file(const std::filesystem::path& path, const ImportOptions& options) {
    return import_geojson(read_input_file(path), path.string(), options);
}

std::string export_geojson(const Dataset& d, const std::vector<std::string>& event_ids) {
    // As json{{"type", "FeatureCollection"}, {"features", ...}}.dump(2) writes it:
    // keys in order, "features" first.
    std::string out = "{\n  \"features\": [";
    size_t features_written = 0;
    const DatasetIndex index(d);
    for (const Event* e : index.events(event_ids)) {
        const TimeInterval& t = e->time;
        json excerpts = json::array();
        for (const auto& xid : e->excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            if (!x) continue;
            json xj = {{"id", x->id},
                       {"text", x->text},
                       {"locator", or_null(x->locator)},
                       {"span_begin", x->span_begin >= 0 ? json(x->span_begin) : json(nullptr)},
                       {"span_end", x->span_end >= 0 ? json(x->span_end) : json(nullptr)}};
            if (const Source* s = index.source(x->source_id))
                xj["source"] = {{"id", s->id},           {"title", s->title}, {"publisher", or_null(s->publisher)},
                                {"author", or_null(s->author)}, {"date", or_null(s->date_text)},
                                {"url", or_null(s->url)},  {"language", or_null(s->language)}};
            excerpts.push_back(std::move(xj));
        }
        json props = {
            {"id", e->id},
            {"title", e->title},
            {"description", e->description},
            {"category", e->category},
            {"tags", e->tags},
            {"actors", e->actors},
            {"time_text", e->time_text},
            {"time", format_time(t)},
            {"time_label", describe_time(t)},
            {"time_begin", t.open_begin ? json(nullptr) : json(format_export_begin(t))},
            {"time_end", t.open_end ? json(nullptr) : json(format_export_end(t))},
            {"sequence", e->sequence},
            {"precision", std::string(to_string(t.precision))},
            {"qualifier", std::string(to_string(t.qualifier))},
            {"open_begin", t.open_begin},
            {"open_end", t.open_end},
            {"fuzz_begin_s", t.fuzz_begin},
            {"fuzz_end_s", t.fuzz_end},
            {"time_note", t.note},
            {"place", e->location.place_name},
            {"place_id", e->location.place_id},
            {"location_precision", std::string(to_string(e->location.precision))},
            {"shape", std::string(to_string(e->location.shape))},
            {"uncertainty_m", e->location.uncertainty_m},
            {"geocoding_note", e->location.geocoding_note},
            {"note", e->note},
            {"excerpts", std::move(excerpts)},
        };
        const json feature = {{"type", "Feature"},
                              {"id", e->id},
                              {"geometry", geometry_of(e->location)},
                              {"properties", std::move(props)}};
        // Each feature is written as it is made, four spaces in, where the
        // collection's own dump(2) would put its lines (a string in JSON holds
        // no raw line break): the text is the same, and the whole collection
        // never sits in memory as a tree (1.7 GB at 200,000 events).
        const std::string text = feature.dump(2, ' ', false, json::error_handler_t::replace);
        out += features_written++ ? ",\n" : "\n";
        for (size_t at = 0; at < text.size();) {
            const size_t end = std::min(text.find('\n', at), text.size());
            if (at) out += '\n';
            out += "    ";
            out.append(text, at, end - at);
            at = end + 1;
        }
    }
    out += features_written ? "\n  ],\n" : "],\n";
    out += "  \"type\": \"FeatureCollection\"\n}\n";
    return out;
}

}  // namespace atlas
