#include "store/interchange.hpp"

#include "core/shape.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

namespace atlas {

void ImportResult::finish(const ImportOptions& options) {
    if (!problems.empty() && !options.skip_bad) {
        data = Dataset{};
        event_lines.clear();
    }
}

std::string stable_event_id(const Event& e) {
    char pos[64];
    std::snprintf(pos, sizeof pos, "%.6f,%.6f", e.location.lat, e.location.lon);
    const std::string key = e.title + '\x1f' + e.time_text + '\x1f' + pos;
    uint64_t h = 14695981039346656037ull;  // FNV-1a 64
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[24];
    std::snprintf(out, sizeof out, "ev-%016llx", static_cast<unsigned long long>(h));
    return out;
}

bool check_event(const Event& e, const Diagnostic& where, Diagnostics& out) {
    const size_t before = out.size();
    auto bad = [&](const char* field, std::string what) {
        Diagnostic d = where;
        d.field = field;
        d.message = std::move(what);
        out.add(std::move(d));
    };
    if (e.id.empty()) bad("id", "missing id");
    if (e.title.empty()) bad("title", "missing title");
    if (e.category.empty()) bad("category", "missing category");
    const bool lat_ok = std::isfinite(e.location.lat) && e.location.lat >= -90 && e.location.lat <= 90;
    const bool lon_ok = std::isfinite(e.location.lon) && e.location.lon >= -180 && e.location.lon <= 180;
    if (!lat_ok) bad("lat", "latitude must be a number from -90 to 90");
    if (!lon_ok) bad("lon", "longitude must be a number from -180 to 180");
    if (!std::isfinite(e.location.uncertainty_m) || e.location.uncertainty_m < 0)
        bad("uncertainty_m", "uncertainty must be a number of metres, 0 or more");
    if (e.location.shape != ShapeKind::Point || !e.location.vertices.empty()) {
        std::string why = shape_problem(e.location.shape, e.location.vertices);
        if (e.location.shape == ShapeKind::Point && !e.location.vertices.empty())
            why = "a point has no outline";
        if (!why.empty()) bad("geometry", std::move(why));
    }
    // One rule for import and validate: a place outside the city says so.
    if (lat_ok && lon_ok && e.location.precision != LocationPrecision::Outside &&
        (e.location.lat < kCityMinLat || e.location.lat > kCityMaxLat || e.location.lon < kCityMinLon ||
         e.location.lon > kCityMaxLon))
        bad("location", "is outside Almaty's city limits but its location precision is '" +
                            std::string(to_string(e.location.precision)) + "', not 'outside'");
    if (e.time.begin >= e.time.end) {
        bad("time", e.time.begin > e.time.end ? "ends before it begins" : "its time interval is empty");
    } else if (e.time.begin < make_time(1000, 1, 1) || e.time.end > make_time(3000, 1, 1)) {
        bad("time", "lies outside the years 1000 to 2999");  // as the time parser reads them
    }
    for (const auto& t : e.tags)
        if (t.empty()) bad("tags", "empty tag");
    for (const auto& a : e.actors)
        if (a.empty()) bad("actors", "empty actor");
    std::set<std::string> seen;
    for (const auto& x : e.excerpt_ids) {
        if (x.empty()) bad("excerpts", "empty excerpt id");
        else if (!seen.insert(x).second) bad("excerpts", "excerpt '" + x + "' listed twice");
    }
    return out.size() == before;
}

ExcerptLookup excerpts_of(const Dataset& d) {
    // Indexed once: a file's every event and excerpt is looked up.
    auto index = std::make_shared<const DatasetIndex>(d);
    return [index](const std::string& id) -> std::optional<Excerpt> {
        const Excerpt* x = index->excerpt(id);
        return x ? std::optional<Excerpt>(*x) : std::nullopt;
    };
}

std::string unknown_excerpt_message(const std::string& id) {
    return "unknown excerpt '" + id + "' (neither in this file nor in the project)";
}

void check_references(ImportResult& r, const ExcerptLookup& existing, const ImportOptions& options) {
    std::set<std::string> own;
    for (const auto& x : r.data.excerpts) own.insert(x.id);
    std::vector<Event> kept;
    std::vector<int64_t> kept_lines;
    for (size_t i = 0; i < r.data.events.size(); ++i) {
        Event& e = r.data.events[i];
        const int64_t line = i < r.event_lines.size() ? r.event_lines[i] : 0;
        bool ok = true;
        for (const auto& x : e.excerpt_ids) {
            if (own.count(x) || existing(x)) continue;
            r.problems.add(Diagnostic{r.file, line, "excerpts", unknown_excerpt_message(x)});
            ok = false;
        }
        if (ok) {
            kept.push_back(std::move(e));
            kept_lines.push_back(line);
        } else {
            ++r.skipped;
        }
    }
    r.data.events = std::move(kept);
    r.event_lines = std::move(kept_lines);
    r.finish(options);
}

void check_references(ImportResult& r, const Dataset& existing, const ImportOptions& options) {
    check_references(r, excerpts_of(existing), options);
}

void check_excerpts_unchanged(ImportResult& r, const ExcerptLookup& project, const ImportOptions& options) {
    std::vector<Excerpt> kept;
    for (Excerpt& x : r.data.excerpts) {
        const std::optional<Excerpt> had = project(x.id);
        if (had && (had->text != x.text || had->source_id != x.source_id)) {
            const std::string what = had->text != x.text ? "a different quotation" : "a different source ('" + had->source_id + "')";
            r.problems.add(Diagnostic{r.file, 0, "excerpts",
                                      "excerpt '" + x.id + "' is already in the project with " + what +
                                          "; an import never rewrites evidence other events rest on: give the new "
                                          "excerpt its own id"});
            continue;
        }
        kept.push_back(std::move(x));
    }
    r.data.excerpts = std::move(kept);
    r.finish(options);
}

void check_excerpts_unchanged(ImportResult& r, const Dataset& project, const ImportOptions& options) {
    check_excerpts_unchanged(r, excerpts_of(project), options);
}

bool parse_finite_double(std::string_view text, double& out) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.empty()) return false;
    if (text.front() == '+') text.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

}  // namespace atlas
