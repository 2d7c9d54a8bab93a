#include "store/import.hpp"

#include <cctype>
#include <cstring>
#include <set>

#include "store/csv.hpp"
#include "store/interchange.hpp"
#include "store/geojson.hpp"
#include "store/timemap.hpp"
#include "core/text.hpp"

namespace atlas {

std::optional<InputFormat> input_format_from_string(std::string_view s) noexcept {
    if (s == "csv") return InputFormat::Csv;
    if (s == "geojson") return InputFormat::GeoJson;
    if (s == "timemap") return InputFormat::Timemap;
    return std::nullopt;
}

std::string_view to_string(InputFormat f) noexcept {
    switch (f) {
    case InputFormat::Csv: return "csv";
    case InputFormat::GeoJson: return "geojson";
    case InputFormat::Timemap: return "timemap";
    }
    return "csv";
}

InputFormat guess_input_format(const std::filesystem::path& path, std::string_view content) {
    const std::string ext = ascii_lower(path.extension().string());
    if (ext == ".csv") return InputFormat::Csv;
    if (ext == ".geojson") return InputFormat::GeoJson;
    size_t i = 0;
    if (content.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < content.size() && std::isspace(static_cast<unsigned char>(content[i]))) ++i;
    const bool json = i < content.size() && (content[i] == '{' || content[i] == '[');
    if (!json && ext != ".json") return InputFormat::Csv;
    if (content.substr(0, 1 << 16).find("\"FeatureCollection\"") != std::string_view::npos) return InputFormat::GeoJson;
    return InputFormat::Timemap;
}

ImportResult import_text(std::string_view text, const std::string& file, InputFormat format,
                         const ImportOptions& options) {
    switch (format) {
    case InputFormat::Csv: return import_csv(text, file, options);
    case InputFormat::GeoJson: return import_geojson(text, file, options);
    case InputFormat::Timemap: return import_timemap(text, file, options);
    }
    return import_csv(text, file, options);
}

bool looks_like_sqlite(std::string_view content) noexcept {
    return content.size() >= 16 && std::memcmp(content.data(), "SQLite format 3", 16) == 0;
}

namespace {
size_t count_chars(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}
// The byte range of code points [begin, end) of `s`.
std::string_view char_span(std::string_view s, int64_t begin, int64_t end) {
    size_t i = 0, cp = 0, b = s.size(), e = s.size();
    for (; i <= s.size(); ++i) {
        if (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (static_cast<int64_t>(cp) == begin) b = i;
        if (static_cast<int64_t>(cp) == end) {
            e = i;
            break;
        }
        ++cp;
    }
    return b <= e ? s.substr(b, e - b) : std::string_view();
}
}  // namespace

size_t events_without_excerpts(const Dataset& d) {
    size_t n = 0;
    for (const Event& e : d.events) n += e.excerpt_ids.empty();
    return n;
}

Diagnostics check_dataset(const Dataset& d, const std::string& file) {
    Diagnostics out;
    auto bad = [&](std::string field, std::string what) {
        out.add(Diagnostic{file, 0, std::move(field), std::move(what)});
    };
    const DatasetIndex index(d);
    for (const Event& e : d.events) {
        const std::string who = "event " + e.id;
        // Every column, by the rules an import applies to each row.
        Diagnostics row;
        check_event(e, Diagnostic{file, 0, {}, {}}, row);
        for (Diagnostic& x : row.items) {
            x.field = who + " " + x.field;
            out.add(std::move(x));
        }
        for (const auto& x : e.excerpt_ids)
            if (!index.excerpt(x)) bad(who, "names excerpt '" + x + "', which is not in the project");
    }
    for (const Excerpt& x : d.excerpts) {
        const std::string who = "excerpt " + x.id;
        const Source* s = index.source(x.source_id);
        if (!s) {
            bad(who, "names source '" + x.source_id + "', which is not in the project");
            continue;
        }
        if (s->full_text.empty() || x.span_begin < 0) continue;
        const size_t n = count_chars(s->full_text);
        if (static_cast<size_t>(x.span_end) > n)
            bad(who, "span [" + std::to_string(x.span_begin) + ", " + std::to_string(x.span_end) +
                         ") runs past the end of the source text (" + std::to_string(n) + " characters)");
        else if (char_span(s->full_text, x.span_begin, x.span_end) != x.text)
            bad(who, "is not the source text at its span [" + std::to_string(x.span_begin) + ", " +
                         std::to_string(x.span_end) + ")");
    }
    for (const Story& st : d.stories)
        for (size_t i = 0; i < st.slides.size(); ++i) {
            const std::string who = "story " + st.id + " slide " + std::to_string(i + 1);
            for (const auto& id : st.slides[i].highlighted_event_ids)
                if (!index.event(id)) bad(who, "highlights event '" + id + "', which is not in the project");
            if (!st.slides[i].excerpt_id.empty() && !index.excerpt(st.slides[i].excerpt_id))
                bad(who, "shows excerpt '" + st.slides[i].excerpt_id + "', which is not in the project");
        }
    return out;
}

}  // namespace atlas
