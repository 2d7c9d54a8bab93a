#include "store/dataset_json.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "core/time.hpp"
#include "core/shape.hpp"
#include "core/json_text.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

// [SECTION] Text helpers

int64_t count_code_points(std::string_view s) {
    int64_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The line on which each element of each top-level array starts, so that a fault
// found after parsing can still name its line. nlohmann::json keeps no positions,
// hence this small scan over the (already syntax-checked) text.
std::map<std::string, std::vector<int64_t>> element_lines(std::string_view text) {
    std::map<std::string, std::vector<int64_t>> out;
    int depth = 0;
    int64_t line = 1;
    bool in_string = false, escape = false, expect_value = false;
    bool capture_key = false;
    std::string key, last_key, array_key;
    std::vector<char> stack;
    for (char c : text) {
        if (c == '\n') ++line;
        if (in_string) {
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                in_string = false;
                if (capture_key) last_key = key;
                capture_key = false;
            } else if (capture_key) {
                key += c;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        const bool in_top_array = depth == 2 && !stack.empty() && stack.back() == '[';
        if (in_top_array && expect_value && c != ']') {
            out[array_key].push_back(line);
            expect_value = false;
        }
        switch (c) {
        case '"':
            in_string = true;
            capture_key = depth == 1;
            key.clear();
            break;
        case '{':
        case '[':
            if (depth == 1 && c == '[') {
                array_key = last_key;
                expect_value = true;
            }
            stack.push_back(c);
            ++depth;
            break;
        case '}':
        case ']':
            if (!stack.empty()) stack.pop_back();
            --depth;
            break;
        case ',':
            if (in_top_array) expect_value = true;
            break;
        default:
            break;
        }
    }
    return out;
}

// [SECTION] Field reading with context

// Reads the fields of one JSON object, reporting each fault as a Diagnostic that
// names the file, the element's line, the element and the field.
class ObjectReader {
public:
    ObjectReader(const json& obj, Diagnostics& diags, std::string file, int64_t line, std::string element)
        : obj_(obj), diags_(diags), file_(std::move(file)), line_(line), element_(std::move(element)) {}

    [[nodiscard]] bool ok() const { return ok_; }
    void set_element(std::string element) { element_ = std::move(element); }
    [[nodiscard]] const std::string& element() const { return element_; }

    void fail(std::string_view field, std::string message) {
        ok_ = false;
        std::string f = element_;
        if (!field.empty()) f += (f.empty() ? "" : ".") + std::string(field);
        diags_.add(Diagnostic{file_, line_, std::move(f), std::move(message)});
    }

    const json* find(std::string_view key) const {
        auto it = obj_.find(std::string(key));
        return it == obj_.end() ? nullptr : &*it;
    }

    std::string str(std::string_view key, bool required, bool non_empty = false) {
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "missing field");
            return {};
        }
        if (!v->is_string()) {
            fail(key, std::string("expected a string, found ") + v->type_name());
            return {};
        }
        std::string s = v->get<std::string>();
        if (non_empty && s.empty()) fail(key, "must not be empty");
        return s;
    }

    std::optional<double> number(std::string_view key, bool required) {
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "missing field");
            return std::nullopt;
        }
        if (!v->is_number()) {
            fail(key, std::string("expected a number, found ") + v->type_name());
            return std::nullopt;
        }
        double d = v->get<double>();
        if (!std::isfinite(d)) {
            fail(key, "not a finite number");
            return std::nullopt;
        }
        return d;
    }

    std::optional<int64_t> integer(std::string_view key, bool required) {
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "missing field");
            return std::nullopt;
        }
        if (!v->is_number_integer()) {
            fail(key, std::string("expected an integer, found ") + v->type_name());
            return std::nullopt;
        }
        return v->get<int64_t>();
    }

    bool boolean(std::string_view key, bool fallback) {
        const json* v = find(key);
        if (!v) return fallback;
        if (!v->is_boolean()) {
            fail(key, std::string("expected true or false, found ") + v->type_name());
            return fallback;
        }
        return v->get<bool>();
    }

    std::vector<std::string> strings(std::string_view key, bool required) {
        std::vector<std::string> out;
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "missing field");
            return out;
        }
        if (!v->is_array()) {
            fail(key, std::string("expected an array of strings, found ") + v->type_name());
            return out;
        }
        for (size_t i = 0; i < v->size(); ++i) {
            const json& e = (*v)[i];
            if (!e.is_string()) {
                fail(std::string(key) + "[" + std::to_string(i) + "]", std::string("expected a string, found ") + e.type_name());
                continue;
            }
            out.push_back(e.get<std::string>());
        }
        return out;
    }

    const json* object(std::string_view key, bool required) {
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "missing field");
            return nullptr;
        }
        if (!v->is_object()) {
            fail(key, std::string("expected an object, found ") + v->type_name());
            return nullptr;
        }
        return v;
    }

    // Unknown fields are faults: in hand-edited data they are usually typos
    // ("uncertainty" for "uncertainty_m") that would otherwise pass silently.
    void only(std::initializer_list<std::string_view> known) {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            bool found = false;
            for (auto k : known) found = found || it.key() == k;
            if (!found) fail(it.key(), "unknown field");
        }
    }

    // A nested reader for an object field, reporting as `element.key.sub`.
    ObjectReader nested(const json& sub, std::string_view key) {
        std::string e = element_;
        e += (e.empty() ? "" : ".") + std::string(key);
        return ObjectReader(sub, diags_, file_, line_, std::move(e));
    }

    void absorb(const ObjectReader& child) { ok_ = ok_ && child.ok_; }

private:
    const json& obj_;
    Diagnostics& diags_;
    std::string file_;
    int64_t line_;
    std::string element_;
    bool ok_ = true;
};

// [SECTION] Times

enum class SlideEnd { Begin, LastMinute };

// Slide times are kept to the years 1..9999, which ISO text can carry both ways.
std::optional<TimePoint> in_slide_range(ObjectReader& r, std::string_view key, TimePoint t) {
    if (t < make_time(1) || t >= make_time(10000)) {
        r.fail(key, "time outside the years 1 to 9999");
        return std::nullopt;
    }
    return t;
}

std::optional<TimePoint> read_slide_time(ObjectReader& r, std::string_view key, SlideEnd which) {
    const json* v = r.find(key);
    if (!v) {
        r.fail(key, "missing field");
        return std::nullopt;
    }
    if (v->is_number_integer()) return in_slide_range(r, key, v->get<int64_t>());
    if (!v->is_string()) {
        r.fail(key, std::string("expected a time as text, found ") + v->type_name());
        return std::nullopt;
    }
    const std::string text = v->get<std::string>();
    std::string error;
    if (auto t = parse_iso_instant(text, &error)) {
        if (!error.empty()) {
            r.fail(key, "cannot read time " + in_quotes(text) + ": " + error);
            return std::nullopt;
        }
        return in_slide_range(r, key, *t);
    }
    auto interval = parse_time(text, &error);
    if (!interval) {
        r.fail(key, "cannot read time " + in_quotes(text) + (error.empty() ? "" : ": " + error));
        return std::nullopt;
    }
    if (which == SlideEnd::Begin || interval->end - interval->begin < 60) return in_slide_range(r, key, interval->begin);
    return in_slide_range(r, key, interval->end - 60);
}

// [SECTION] Story reading (shared by the dataset loader and the story import)

void read_slide(ObjectReader& r, Slide& s) {
    r.only({"title", "caption", "notes", "camera", "time_cursor", "window_begin", "cumulative", "highlighted_event_ids",
             "visible_layers", "visible_categories", "excerpt_id", "planned_ms", "rehearsed_ms"});
    s.title = r.str("title", true, true);
    s.caption = r.str("caption", false);
    s.notes = r.str("notes", false);
    if (const json* cam = r.object("camera", true)) {
        ObjectReader c = r.nested(*cam, "camera");
        c.only({"center_lat", "center_lon", "zoom"});
        if (auto lat = c.number("center_lat", true)) {
            if (*lat < -90 || *lat > 90) c.fail("center_lat", "latitude outside -90..90");
            s.camera.center_lat = *lat;
        }
        if (auto lon = c.number("center_lon", true)) {
            if (*lon < -180 || *lon > 180) c.fail("center_lon", "longitude outside -180..180");
            s.camera.center_lon = *lon;
        }
        if (auto z = c.number("zoom", true)) {
            if (*z < 0 || *z > 24) c.fail("zoom", "zoom outside 0..24");
            s.camera.zoom = *z;
        }
        r.absorb(c);
    }
    auto cursor = read_slide_time(r, "time_cursor", SlideEnd::LastMinute);
    auto window = read_slide_time(r, "window_begin", SlideEnd::Begin);
    if (cursor) s.time_cursor = *cursor;
    if (window) s.window_begin = *window;
    if (cursor && window && *window > *cursor) r.fail("window_begin", "the window begins after the time cursor");
    s.cumulative = r.boolean("cumulative", true);
    s.highlighted_event_ids = r.strings("highlighted_event_ids", false);
    s.visible_layers = r.strings("visible_layers", false);
    s.visible_categories = r.strings("visible_categories", false);
    s.excerpt_id = r.str("excerpt_id", false);
    // Times for the talk, in milliseconds (absent: unset).
    for (auto [key, field] : {std::pair{"planned_ms", &s.planned_ms}, std::pair{"rehearsed_ms", &s.rehearsed_ms}}) {
        if (auto ms = r.integer(key, false)) {
            if (*ms < 0) r.fail(key, "a time cannot be negative");
            else *field = *ms;
        }
    }
}

void read_story(ObjectReader& r, Story& st) {
    r.only({"id", "title", "slides"});
    st.id = r.str("id", true, true);
    st.title = r.str("title", true, true);
    st.slides.clear();
    const json* slides = r.find("slides");
    if (!slides) {
        r.fail("slides", "missing field");
        return;
    }
    if (!slides->is_array()) {
        r.fail("slides", std::string("expected an array, found ") + slides->type_name());
        return;
    }
    for (size_t i = 0; i < slides->size(); ++i) {
        const json& sj = (*slides)[i];
        const std::string name = "slides[" + std::to_string(i) + "]";
        if (!sj.is_object()) {
            r.fail(name, std::string("expected an object, found ") + sj.type_name());
            continue;
        }
        ObjectReader sr = r.nested(sj, name);
        Slide s;
        read_slide(sr, s);
        r.absorb(sr);
        st.slides.push_back(std::move(s));
    }
}

[[noreturn]] void throw_first(const Diagnostics& d) {
    Diagnostic first = d.items.front();
    if (d.size() > 1) first.message += " (and " + std::to_string(d.size() - 1) + " more faults)";
    throw Error(first);
}

// [SECTION] Files

std::optional<std::string> read_text(const fs::path& path, Diagnostics& diags) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        diags.add(Diagnostic{path.string(), 0, {}, fs::exists(path, ec) ? "not a regular file" : "file not found"});
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.add(Diagnostic{path.string(), 0, {}, "cannot open for reading"});
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        diags.add(Diagnostic{path.string(), 0, {}, "read error"});
        return std::nullopt;
    }
    return ss.str();
}

// One dataset file: {"<key>": [ {...}, ... ]}.
struct ArrayFile {
    std::string file;
    json root;
    std::vector<int64_t> lines;  // line of each element, when known
    const json* items = nullptr;

    [[nodiscard]] int64_t line(size_t i) const { return i < lines.size() ? lines[i] : 0; }
};

std::optional<ArrayFile> open_array_file(const fs::path& dir, std::string_view name, std::string_view key, Diagnostics& diags) {
    const fs::path path = dir / name;
    ArrayFile f;
    f.file = path.string();
    auto text = read_text(path, diags);
    if (!text) return std::nullopt;
    auto root = parse_json(*text, f.file, diags);
    if (!root) return std::nullopt;
    f.root = std::move(*root);
    if (!f.root.is_object()) {
        diags.add(Diagnostic{f.file, 1, {}, std::string("expected an object with \"") + std::string(key) + "\", found " + f.root.type_name()});
        return std::nullopt;
    }
    for (auto it = f.root.begin(); it != f.root.end(); ++it)
        if (it.key() != key) diags.add(Diagnostic{f.file, 0, it.key(), "unknown field"});
    auto it = f.root.find(std::string(key));
    if (it == f.root.end() || !it->is_array()) {
        diags.add(Diagnostic{f.file, 1, std::string(key), it == f.root.end() ? "missing field" : "expected an array"});
        return std::nullopt;
    }
    f.items = &*it;
    auto all = element_lines(*text);
    auto lines = all.find(std::string(key));
    if (lines != all.end() && lines->second.size() == f.items->size()) f.lines = lines->second;
    return f;
}

std::string element_name(std::string_view key, size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

// Runs `read` on each object element of the file's array with a reader named
// after the element (and its id once known). `read` returns false to drop it.
template <class Fn>
void for_each_element(const ArrayFile& f, std::string_view key, Diagnostics& diags, Fn&& read) {
    for (size_t i = 0; i < f.items->size(); ++i) {
        const json& e = (*f.items)[i];
        if (!e.is_object()) {
            diags.add(Diagnostic{f.file, f.line(i), element_name(key, i), std::string("expected an object, found ") + e.type_name()});
            continue;
        }
        std::string name = element_name(key, i);
        if (auto id = e.find("id"); id != e.end() && id->is_string()) name += " (id " + in_quotes(id->get<std::string>()) + ")";
        ObjectReader r(e, diags, f.file, f.line(i), name);
        read(r);
    }
}

bool id_ok(ObjectReader& r, const std::string& id, std::set<std::string>& seen) {
    if (id.empty()) return false;
    for (char c : id) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            r.fail("id", "must not contain white space");
            return false;
        }
    }
    if (!seen.insert(id).second) {
        r.fail("id", "duplicate id " + in_quotes(id));
        return false;
    }
    return true;
}

void read_lat_lon(ObjectReader& r, double& lat, double& lon) {
    if (auto v = r.number("lat", true)) {
        if (*v < -90 || *v > 90) r.fail("lat", "latitude outside -90..90");
        lat = *v;
    }
    if (auto v = r.number("lon", true)) {
        if (*v < -180 || *v > 180) r.fail("lon", "longitude outside -180..180");
        lon = *v;
    }
}

void read_uncertainty(ObjectReader& r, double& out) {
    if (auto v = r.number("uncertainty_m", true)) {
        if (*v <= 0) r.fail("uncertainty_m", "must be a positive radius in metres");
        out = *v;
    }
}

// [SECTION] The five files

void load_sources(const fs::path& dir, Dataset& d, Diagnostics& diags) {
    auto f = open_array_file(dir, kSourcesFile, "sources", diags);
    if (!f) return;
    std::set<std::string> seen;
    for_each_element(*f, "sources", diags, [&](ObjectReader& r) {
        r.only({"id", "title", "publisher", "author", "date_text", "date", "url", "language", "seed_file", "note"});
        Source s;
        s.id = r.str("id", true, true);
        s.title = r.str("title", true, true);
        s.publisher = r.str("publisher", true, true);
        s.author = r.str("author", false);
        s.date_text = r.str("date_text", true, true);
        s.url = r.str("url", false);
        s.language = r.str("language", true, true);
        (void)r.str("seed_file", false);
        (void)r.str("note", false);
        if (std::string date = r.str("date", false); !date.empty()) {
            std::string error;
            if (!parse_time(date, &error)) r.fail("date", "cannot read time " + in_quotes(date) + (error.empty() ? "" : ": " + error));
        }
        if (id_ok(r, s.id, seen) && r.ok()) d.sources.push_back(std::move(s));
    });
}

void load_places(const fs::path& dir, Dataset& d, Diagnostics& diags) {
    auto f = open_array_file(dir, kPlacesFile, "places", diags);
    if (!f) return;
    std::set<std::string> seen;
    for_each_element(*f, "places", diags, [&](ObjectReader& r) {
        r.only({"id", "kind", "name_en", "name_ru", "name_kk", "lat", "lon", "uncertainty_m", "note"});
        Place p;
        p.id = r.str("id", true, true);
        p.kind = r.str("kind", true, true);
        p.name_en = r.str("name_en", true, true);
        p.name_ru = r.str("name_ru", false);
        p.name_kk = r.str("name_kk", false);
        read_lat_lon(r, p.lat, p.lon);
        read_uncertainty(r, p.uncertainty_m);
        p.note = r.str("note", false);
        if (id_ok(r, p.id, seen) && r.ok()) d.places.push_back(std::move(p));
    });
}

void load_excerpts(const fs::path& dir, Dataset& d, Diagnostics& diags) {
    auto f = open_array_file(dir, kExcerptsFile, "excerpts", diags);
    if (!f) return;
    std::set<std::string> seen;
    for_each_element(*f, "excerpts", diags, [&](ObjectReader& r) {
        r.only({"id", "source_id", "text", "span_begin", "span_end", "locator"});
        Excerpt x;
        x.id = r.str("id", true, true);
        x.source_id = r.str("source_id", true, true);
        x.text = r.str("text", true, true);
        x.locator = r.str("locator", false);
        auto b = r.integer("span_begin", false), e = r.integer("span_end", false);
        x.span_begin = b.value_or(-1);
        x.span_end = e.value_or(-1);
        if (x.span_begin == -1 && x.span_end == -1) {
            // the text of the source is unknown
        } else if (x.span_begin < 0 || x.span_end <= x.span_begin) {
            r.fail("span_begin", "span [" + std::to_string(x.span_begin) + ", " + std::to_string(x.span_end) +
                                     ") is not a range of characters (both -1 when unknown)");
        } else if (x.span_end - x.span_begin != count_code_points(x.text)) {
            r.fail("span_end", "span length " + std::to_string(x.span_end - x.span_begin) + " differs from the text's " +
                                   std::to_string(count_code_points(x.text)) + " characters");
        }
        if (!x.source_id.empty() && !d.find_source(x.source_id)) r.fail("source_id", "no source with id " + in_quotes(x.source_id));
        if (id_ok(r, x.id, seen) && r.ok()) d.excerpts.push_back(std::move(x));
    });
}

void load_events(const fs::path& dir, Dataset& d, Diagnostics& diags) {
    auto f = open_array_file(dir, kEventsFile, "events", diags);
    if (!f) return;
    std::set<std::string> seen;
    for_each_element(*f, "events", diags, [&](ObjectReader& r) {
        r.only({"id", "title", "description", "category", "tags", "actors", "time", "time_text", "location", "excerpt_ids",
                "note", "sequence"});
        Event e;
        e.id = r.str("id", true, true);
        e.title = r.str("title", true, true);
        e.description = r.str("description", false);
        e.category = r.str("category", true, true);
        e.tags = r.strings("tags", false);
        e.actors = r.strings("actors", false);
        e.time_text = r.str("time_text", true, true);
        e.note = r.str("note", false);
        if (const std::optional<int64_t> seq = r.integer("sequence", false)) {
            if (*seq < 0) r.fail("sequence", "a sequence number is 0 or more, not " + std::to_string(*seq));
            else e.sequence = *seq;
        }
        if (std::string time = r.str("time", true, true); !time.empty()) {
            std::string error;
            if (auto t = parse_time(time, &error)) e.time = *t;
            else r.fail("time", "cannot read time " + in_quotes(time) + (error.empty() ? "" : ": " + error));
        }
        if (const json* lj = r.object("location", true)) {
            ObjectReader l = r.nested(*lj, "location");
            l.only({"lat", "lon", "uncertainty_m", "precision", "place_id", "place_name", "geocoding_note", "wkt"});
            read_lat_lon(l, e.location.lat, e.location.lon);
            // An area or a route: its WKT; the marker goes to its representative point.
            if (std::string wkt = l.str("wkt", false); !wkt.empty()) {
                try {
                    Shape shape = parse_wkt(wkt);
                    set_shape(e.location, shape.kind, std::move(shape.vertices));
                } catch (const Error& x) {
                    l.fail("wkt", x.what());
                }
            }
            read_uncertainty(l, e.location.uncertainty_m);
            if (std::string p = l.str("precision", true, true); !p.empty()) {
                if (auto lp = location_precision_from_string(p)) e.location.precision = *lp;
                else l.fail("precision", "unknown location precision " + in_quotes(p) +
                                             " (building, street, neighbourhood, district, city, outside)");
            }
            e.location.place_id = l.str("place_id", false);
            e.location.place_name = l.str("place_name", false);
            e.location.geocoding_note = l.str("geocoding_note", false);
            if (!e.location.place_id.empty() && !d.find_place(e.location.place_id))
                l.fail("place_id", "no place with id " + in_quotes(e.location.place_id));
            r.absorb(l);
        }
        e.excerpt_ids = r.strings("excerpt_ids", true);
        if (r.find("excerpt_ids") && e.excerpt_ids.empty()) r.fail("excerpt_ids", "an event needs at least one excerpt");
        for (const auto& x : e.excerpt_ids)
            if (!d.find_excerpt(x)) r.fail("excerpt_ids", "no excerpt with id " + in_quotes(x));
        if (id_ok(r, e.id, seen) && r.ok()) d.events.push_back(std::move(e));
    });
}

void load_stories(const fs::path& dir, Dataset& d, Diagnostics& diags) {
    auto f = open_array_file(dir, kStoriesFile, "stories", diags);
    if (!f) return;
    std::set<std::string> seen;
    for_each_element(*f, "stories", diags, [&](ObjectReader& r) {
        Story st;
        read_story(r, st);
        for (size_t i = 0; i < st.slides.size(); ++i) {
            const Slide& s = st.slides[i];
            const std::string at = "slides[" + std::to_string(i) + "]";
            for (const auto& id : s.highlighted_event_ids)
                if (!d.find_event(id)) r.fail(at + ".highlighted_event_ids", "no event with id " + in_quotes(id));
            if (!s.excerpt_id.empty() && !d.find_excerpt(s.excerpt_id))
                r.fail(at + ".excerpt_id", "no excerpt with id " + in_quotes(s.excerpt_id));
        }
        if (id_ok(r, st.id, seen) && r.ok()) d.stories.push_back(std::move(st));
    });
}

}  // namespace

// [SECTION] Public interface

std::vector<std::string_view> dataset_file_names() {
    return {kSourcesFile, kPlacesFile, kExcerptsFile, kEventsFile, kStoriesFile};
}

Dataset load_dataset(const std::filesystem::path& dir, Diagnostics& diags) {
    Dataset d;
    // Order matters: each file may refer to ids of the ones before it.
    load_sources(dir, d, diags);
    load_places(dir, d, diags);
    load_excerpts(dir, d, diags);
    load_events(dir, d, diags);
    load_stories(dir, d, diags);
    return d;
}

Dataset load_dataset(const std::filesystem::path& dir) {
    Diagnostics diags;
    Dataset d = load_dataset(dir, diags);
    if (!diags.empty()) throw_first(diags);
    return d;
}

std::string format_slide_time(TimePoint t) { return format_iso_instant(t); }

void to_json(nlohmann::json& j, const Slide& s) {
    j = json::object();
    j["title"] = s.title;
    j["caption"] = s.caption;
    j["notes"] = s.notes;
    j["camera"] = {{"center_lat", s.camera.center_lat}, {"center_lon", s.camera.center_lon}, {"zoom", s.camera.zoom}};
    j["time_cursor"] = format_slide_time(s.time_cursor);
    j["window_begin"] = format_slide_time(s.window_begin);
    j["cumulative"] = s.cumulative;
    j["highlighted_event_ids"] = s.highlighted_event_ids;
    j["visible_layers"] = s.visible_layers;
    j["visible_categories"] = s.visible_categories;
    j["excerpt_id"] = s.excerpt_id;
    if (s.planned_ms > 0) j["planned_ms"] = s.planned_ms;
    if (s.rehearsed_ms > 0) j["rehearsed_ms"] = s.rehearsed_ms;
}

void to_json(nlohmann::json& j, const Story& s) {
    j = json::object();
    j["id"] = s.id;
    j["title"] = s.title;
    j["slides"] = json::array();
    for (const auto& slide : s.slides) j["slides"].push_back(slide);
}

void from_json(const nlohmann::json& j, Slide& s) {
    Diagnostics diags;
    if (!j.is_object()) throw Error(Diagnostic{{}, 0, "slide", std::string("expected an object, found ") + j.type_name()});
    ObjectReader r(j, diags, {}, 0, {});
    Slide out;
    read_slide(r, out);
    if (!diags.empty()) throw_first(diags);
    s = std::move(out);
}

void from_json(const nlohmann::json& j, Story& s) {
    Diagnostics diags;
    if (!j.is_object()) throw Error(Diagnostic{{}, 0, "story", std::string("expected an object, found ") + j.type_name()});
    ObjectReader r(j, diags, {}, 0, {});
    Story out;
    read_story(r, out);
    if (!diags.empty()) throw_first(diags);
    s = std::move(out);
}

std::vector<Story> stories_from_json_text(std::string_view text, const std::string& file) {
    Diagnostics diags;
    auto root = parse_json(text, file, diags);
    if (!root) throw_first(diags);
    std::vector<Story> out;
    if (root->is_object() && root->contains("stories")) {
        const json& arr = (*root)["stories"];
        if (!arr.is_array()) throw Error(Diagnostic{file, 1, "stories", "expected an array"});
        auto lines = element_lines(text)["stories"];
        for (size_t i = 0; i < arr.size(); ++i) {
            const int64_t line = lines.size() == arr.size() ? lines[i] : 0;
            if (!arr[i].is_object()) {
                diags.add(Diagnostic{file, line, element_name("stories", i), std::string("expected an object, found ") + arr[i].type_name()});
                continue;
            }
            ObjectReader r(arr[i], diags, file, line, element_name("stories", i));
            Story st;
            read_story(r, st);
            out.push_back(std::move(st));
        }
    } else if (root->is_object()) {
        ObjectReader r(*root, diags, file, 1, "story");
        Story st;
        read_story(r, st);
        out.push_back(std::move(st));
    } else {
        diags.add(Diagnostic{file, 1, {}, std::string("expected a story object or {\"stories\": [...]}, found ") + root->type_name()});
    }
    if (!diags.empty()) throw_first(diags);
    return out;
}

std::string stories_to_json_text(const std::vector<Story>& stories) {
    json j = json::object();
    j["stories"] = json::array();
    for (const auto& s : stories) j["stories"].push_back(s);
    return j.dump(2) + "\n";
}

}  // namespace atlas
