#include "store/timemap.hpp"

#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/utf8.hpp"
#include "store/geojson.hpp"
#include "core/json_text.hpp"

namespace atlas {

using nlohmann::json;

namespace {

// A string, or a number written as text; nullopt for anything else.
std::optional<std::string> scalar_text(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
    if (j.is_number_unsigned()) return std::to_string(j.get<uint64_t>());
    if (j.is_number_float()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", j.get<double>());
        return std::string(buf);
    }
    return std::nullopt;
}

std::string first_sentence(const std::string& s) {
    size_t end = s.find_first_of(".!?\n");
    std::string first = end == std::string::npos ? s : s.substr(0, end);
    while (!first.empty() && first.back() == ' ') first.pop_back();
    return shorten_utf8(first, 80);
}

// "03/20/2006" -> "2006-03-20"; ISO passes through; empty when unreadable.
std::string date_to_iso(const std::string& d) {
    unsigned m = 0, day = 0;
    int y = 0;
    char tail = 0;
    if (std::sscanf(d.c_str(), "%u/%u/%d%c", &m, &day, &y, &tail) == 3) {
        if (y < 0 || y > 9999) return {};
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m % 100, day % 100);
        return buf;
    }
    return d;
}

}  // namespace

ImportResult import_timemap(std::string_view text, const std::string& file, const ImportOptions& options) {
    ImportResult r;
    r.file = file;
    const std::optional<json> parsed = parse_json(text, file, r.problems);
    if (!parsed) return r;
    const json& doc = *parsed;
    const json* events = nullptr;
    if (doc.is_array()) events = &doc;
    else if (member(doc, "events").is_array()) events = &member(doc, "events");
    if (!events) {
        r.problems.add(Diagnostic{file, 0, "events", "not timemap event JSON (an array of events or {\"events\": [...]})"});
        return r;
    }
    // Source records the document carries, by id (pointers into the document: nothing is copied).
    std::map<std::string, const json*> source_docs;
    if (const json& s = member(doc, "sources"); s.is_array()) {
        for (const json& x : s)
            if (x.is_object() && x.contains("id"))
                if (auto id = scalar_text(member(x, "id"))) source_docs[*id] = &x;
    } else if (s.is_object()) {
        for (auto it = s.begin(); it != s.end(); ++it)
            if (it->is_object()) source_docs[it.key()] = &*it;
    }

    std::set<std::string> seen_ids, seen_sources, seen_excerpts;
    // Messages name the line each event begins on.
    const std::vector<int64_t> lines = array_element_lines(text, doc.is_array() ? "" : "events");
    int64_t n = 0;
    for (const json& ej : *events) {
        ++n;
        ++r.rows;
        const size_t before = r.problems.size();
        const int64_t line = static_cast<size_t>(n) <= lines.size() ? lines[static_cast<size_t>(n) - 1] : 0;
        auto bad = [&](const char* field, std::string what) {
            r.problems.add(Diagnostic{file, line, field, std::move(what)});
        };
        if (!ej.is_object()) {
            bad("", "an event must be an object");
            ++r.skipped;
            continue;
        }
        auto text_of = [&](const char* key) -> std::string {
            auto it = ej.find(key);
            if (it == ej.end() || it->is_null()) return {};
            if (auto s = scalar_text(*it)) return *s;
            bad(key, "must be text");
            return {};
        };
        Event e;
        e.id = text_of("id");
        e.description = text_of("description");
        e.title = text_of("title");
        if (e.title.empty()) e.title = first_sentence(e.description);
        const std::string place = text_of("location");
        if (e.title.empty()) e.title = place;
        e.location.place_name = place;
        e.location.precision = LocationPrecision::Street;
        e.location.geocoding_note = "from timemap";

        const std::string date = text_of("date");
        const std::string clock = text_of("time");
        if (date.empty()) {
            bad("date", "missing");
        } else {
            std::string iso = date_to_iso(date);
            if (!clock.empty()) iso += "T" + clock;
            std::string why;
            if (auto t = parse_time(iso, &why)) e.time = *t;
            else bad(clock.empty() ? "date" : "time", "cannot read '" + date + (clock.empty() ? "" : " " + clock) + "'" +
                                                          (why.empty() ? "" : ": " + why));
            e.time_text = clock.empty() ? date : date + " " + clock;
        }
        for (auto [key, target] : {std::pair{"latitude", &e.location.lat}, std::pair{"longitude", &e.location.lon}}) {
            auto it = ej.find(key);
            if (it == ej.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
                bad(key, "missing");
            } else if (it->is_number()) {
                *target = it->get<double>();
            } else if (!it->is_string() || !parse_finite_double(it->get<std::string>(), *target)) {
                bad(key, "not a number");
            }
        }
        std::vector<std::string> filters;
        for (const char* key : {"associations", "filters"}) {
            auto it = ej.find(key);
            if (it == ej.end() || it->is_null()) continue;
            if (!it->is_array()) {
                bad(key, "must be an array");
                continue;
            }
            for (const json& a : *it)
                if (auto s = scalar_text(a); s && !s->empty()) filters.push_back(*s);
        }
        e.category = text_of("category");
        if (e.category.empty() && !filters.empty()) {
            e.category = filters.front();
            filters.erase(filters.begin());
        }
        if (e.category.empty()) e.category = "uncategorised";
        e.tags = filters;
        if (e.id.empty()) e.id = stable_event_id(e);

        std::vector<Source> sources;
        std::vector<Excerpt> excerpts;
        if (auto it = ej.find("sources"); it != ej.end() && !it->is_null()) {
            if (!it->is_array()) bad("sources", "must be an array of source ids");
            else
                for (const json& sj : *it) {
                    std::optional<std::string> sid;
                    const json* sdoc_at = nullptr;
                    if (sj.is_object()) {
                        if (sj.contains("id")) sid = scalar_text(member(sj, "id"));
                        sdoc_at = &sj;
                    } else {
                        sid = scalar_text(sj);
                    }
                    if (!sid || sid->empty()) {
                        bad("sources", "a source id must be text or a number");
                        continue;
                    }
                    if (!sdoc_at)
                        if (auto f = source_docs.find(*sid); f != source_docs.end()) sdoc_at = f->second;
                    static const json kNoSource;
                    const json& sdoc = sdoc_at ? *sdoc_at : kNoSource;
                    Source s;
                    s.id = "tm-src-" + *sid;
                    auto field = [&](const char* k) {
                        return scalar_text(member(sdoc, k)).value_or(std::string());
                    };
                    s.title = field("title");
                    if (s.title.empty()) s.title = *sid;
                    s.url = field("url");
                    if (const json& paths = member(sdoc, "paths"); s.url.empty() && paths.is_array() && !paths.empty())
                        s.url = scalar_text(paths[0]).value_or(std::string());
                    s.date_text = field("date");
                    s.author = field("author");
                    s.publisher = field("publisher");
                    Excerpt x;
                    x.id = "tm-" + e.id + "-" + *sid;
                    x.source_id = s.id;
                    x.text = !e.description.empty() ? e.description : e.title;
                    x.locator = "timemap event " + e.id;
                    e.excerpt_ids.push_back(x.id);
                    sources.push_back(std::move(s));
                    excerpts.push_back(std::move(x));
                }
        }
        if (r.problems.size() == before) check_event(e, Diagnostic{file, line, {}, {}}, r.problems);
        if (r.problems.size() == before && !seen_ids.insert(e.id).second) bad("id", "'" + e.id + "' is used twice");
        if (r.problems.size() != before) {
            ++r.skipped;
            continue;
        }
        for (auto& s : sources)
            if (seen_sources.insert(s.id).second) r.data.sources.push_back(std::move(s));
        for (auto& x : excerpts)
            if (seen_excerpts.insert(x.id).second) r.data.excerpts.push_back(std::move(x));
        r.data.events.push_back(std::move(e));
        r.event_lines.push_back(line);
    }
    r.finish(options);
    return r;
}

ImportResult import_timemap_file(const std::filesystem::path& path, const ImportOptions& options) {
    return import_timemap(read_input_file(path), path.string(), options);
}

}  // namespace atlas
