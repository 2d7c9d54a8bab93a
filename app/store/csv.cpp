#include "store/csv.hpp"
#include "core/file_io.hpp"
#include "core/shape.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace atlas {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// [SECTION] RFC 4180 reading

struct Record {
    int64_t line = 0;  // where the record starts
    std::vector<std::string> fields;
    std::string error;  // malformed quoting
};

class CsvReader {
public:
    explicit CsvReader(std::string_view text) : s_(text) {
        if (s_.substr(0, kBom.size()) == kBom) {
            s_.remove_prefix(kBom.size());
            skipped_ = kBom.size();
        }
    }
    // Bytes of the text read so far.
    [[nodiscard]] size_t offset() const noexcept { return skipped_ + i_; }

    // False at the end of the text.
    bool next(Record& r) {
        r = Record{};
        if (i_ >= s_.size()) return false;
        r.line = line_;
        std::string field;
        bool quoted_field = false;
        for (;;) {
            if (i_ >= s_.size()) {
                r.fields.push_back(std::move(field));
                return true;
            }
            char c = s_[i_];
            if (c == '"' && field.empty() && !quoted_field) {
                quoted_field = true;
                ++i_;
                bool closed = false;
                while (i_ < s_.size()) {
                    char q = s_[i_++];
                    if (q == '"') {
                        if (i_ < s_.size() && s_[i_] == '"') {
                            field += '"';
                            ++i_;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (q == '\n') ++line_;
                        else if (q == '\r' && !(i_ < s_.size() && s_[i_] == '\n')) ++line_;
                        field += q;
                    }
                }
                if (!closed) {
                    r.error = "a quoted field is not closed (missing \")";
                    r.fields.push_back(std::move(field));
                    return true;
                }
                if (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '\n' && s_[i_] != '\r') {
                    r.error = "text after a closing quote (quotes inside a field must be doubled)";
                    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
                }
                continue;
            }
            if (c == ',') {
                r.fields.push_back(std::move(field));
                field.clear();
                quoted_field = false;
                ++i_;
                continue;
            }
            if (c == '\r' || c == '\n') {
                ++i_;
                if (c == '\r' && i_ < s_.size() && s_[i_] == '\n') ++i_;
                ++line_;
                r.fields.push_back(std::move(field));
                return true;
            }
            field += c;
            ++i_;
        }
    }

private:
    std::string_view s_;
    size_t skipped_ = 0;
    size_t i_ = 0;
    int64_t line_ = 1;
};

// [SECTION] Cells

bool formula_like(std::string_view s) {
    if (s.empty()) return false;
    char c = s[0];
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return true;
    return c == '\'' && formula_like(s.substr(1));
}

std::string guard_text(std::string_view s) { return formula_like(s) ? "'" + std::string(s) : std::string(s); }

std::string unguard_text(std::string s) {
    if (!s.empty() && s[0] == '\'' && formula_like(std::string_view(s).substr(1))) s.erase(0, 1);
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(';', start);
        if (end == std::string_view::npos) end = s.size();
        std::string item = trim(s.substr(start, end - start));
        if (!item.empty()) out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& x : items) {
        if (!out.empty()) out += "; ";
        out += x;
    }
    return out;
}

std::string number(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

void write_cell(std::string& out, std::string_view cell) {
    bool quote = cell.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    if (!quote) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

const std::vector<std::string>& csv_columns() {
    static const std::vector<std::string> cols = {
        "id",        "title",     "description", "category",      "tags",
        "actors",    "time_text", "time",        "time_begin",    "time_end",
        "precision", "qualifier", "time_note",   "lat",           "lon",
        "uncertainty_m", "location_precision", "place_id", "place", "geocoding_note",
        "excerpts",  "sources",   "note",        "sequence",      "wkt"};
    return cols;
}

// [SECTION] Import

Diagnostic duplicate_event_id(const std::string& file, int64_t line, const std::string& id, int64_t earlier) {
    return Diagnostic{file, line, "id", "'" + id + "' is already used on line " + std::to_string(earlier)};
}

CsvReadCounts read_csv_events(std::string_view text, const std::string& file, CsvEventSink& sink) {
    CsvReadCounts counts;
    bool row_bad = false;
    auto problem = [&](int64_t line, std::string field, std::string what) {
        row_bad = true;
        sink.problem(Diagnostic{file, line, std::move(field), std::move(what)});
    };

    // UTF-16 (Excel's "Unicode text") or UTF-32 shows itself by its byte-order
    // mark or by NUL bytes among ASCII; read as UTF-8 it would be one unnamed column.
    if (const std::string enc = foreign_text_encoding(text); !enc.empty()) {
        problem(1, {}, "the file is " + enc + ": save it as CSV in UTF-8");
        return counts;
    }
    CsvReader reader(text);
    Record header;
    if (!reader.next(header) || (header.fields.size() == 1 && trim(header.fields[0]).empty())) {
        problem(1, {}, "empty file: expected a header row naming the columns");
        return counts;
    }
    if (!header.error.empty()) {
        problem(header.line, {}, header.error);
        return counts;
    }
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < header.fields.size(); ++i) {
        std::string name = trim(header.fields[i]);
        if (name.empty()) continue;
        if (!col.emplace(name, i).second) problem(header.line, name, "column named twice");
    }
    for (const char* need : {"title", "category"})
        if (!col.count(need)) problem(header.line, need, "required column is missing");
    // Where: lat and lon, or a WKT geometry (a point, an area's POLYGON, a route's LINESTRING).
    if (!col.count("wkt"))
        for (const char* need : {"lat", "lon"})
            if (!col.count(need)) problem(header.line, need, "required column is missing (lat and lon, or wkt)");
    if (!col.count("time") && !col.count("time_text"))
        problem(header.line, "time", "required column is missing (time or time_text)");
    // Without the columns no row can be read.
    if (row_bad) return counts;

    Record rec;
    while (reader.next(rec)) {
        sink.consumed(reader.offset());
        if (rec.error.empty() && rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;  // blank line
        ++counts.rows;
        row_bad = false;
        if (!rec.error.empty()) {
            problem(rec.line, {}, rec.error);
        } else if (rec.fields.size() != header.fields.size()) {
            problem(rec.line, {},
                    "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                        std::to_string(header.fields.size()));
        }
        if (row_bad) {
            ++counts.skipped;
            continue;
        }
        auto raw = [&](const char* name) -> std::string {
            auto it = col.find(name);
            return it == col.end() ? std::string() : rec.fields[it->second];
        };
        auto cell = [&](const char* name) { return unguard_text(raw(name)); };
        for (const auto& [name, idx] : col)
            if (!is_valid_utf8(rec.fields[idx])) problem(rec.line, name, "not valid UTF-8 (save the file as UTF-8)");
        if (row_bad) {
            ++counts.skipped;
            continue;
        }

        Event e;
        e.id = trim(cell("id"));
        e.title = trim(cell("title"));
        e.description = cell("description");
        e.category = trim(cell("category"));
        e.tags = split_list(cell("tags"));
        e.actors = split_list(cell("actors"));
        e.time_text = trim(cell("time_text"));
        const std::string canonical = trim(cell("time"));
        const std::string time_source = canonical.empty() ? e.time_text : canonical;
        const char* time_field = canonical.empty() ? "time_text" : "time";
        if (time_source.empty()) {
            problem(rec.line, "time", "missing date");
        } else {
            std::string why;
            if (auto t = parse_time(time_source, &why)) {
                e.time = *t;
            } else {
                problem(rec.line, time_field, "cannot read the date '" + time_source + "'" + (why.empty() ? "" : ": " + why));
            }
        }
        e.time.note = cell("time_note");
        if (const std::string wkt = trim(cell("wkt")); !wkt.empty()) {
            try {
                Shape shape = parse_wkt(wkt);
                set_shape(e.location, shape.kind, std::move(shape.vertices));
            } catch (const Error& x) {
                problem(rec.line, "wkt", x.what());
            }
        } else {
            for (auto [name, target] : {std::pair{"lat", &e.location.lat}, std::pair{"lon", &e.location.lon}}) {
                const std::string v = raw(name);
                if (trim(v).empty()) problem(rec.line, name, col.count("wkt") ? "missing (and no wkt)" : "missing");
                else if (!parse_finite_double(v, *target)) problem(rec.line, name, "'" + v + "' is not a number");
            }
        }
        if (const std::string u = raw("uncertainty_m"); !trim(u).empty() &&
                                                        !parse_finite_double(u, e.location.uncertainty_m))
            problem(rec.line, "uncertainty_m", "'" + u + "' is not a number");
        if (const std::string lp = trim(cell("location_precision")); !lp.empty()) {
            if (auto p = location_precision_from_string(lp)) e.location.precision = *p;
            else
                problem(rec.line, "location_precision",
                        "unknown precision '" + lp + "' (building, street, neighbourhood, district, city, outside)");
        }
        e.location.place_id = trim(cell("place_id"));
        e.location.place_name = cell("place");
        e.location.geocoding_note = cell("geocoding_note");
        e.excerpt_ids = split_list(cell("excerpts"));
        e.note = cell("note");
        if (const std::string seq = trim(cell("sequence")); !seq.empty()) {
            double v = 0;
            if (!parse_finite_double(seq, v) || v < 0 || v != static_cast<double>(static_cast<int64_t>(v)) || v > 1e15)
                problem(rec.line, "sequence", "'" + seq + "' is not a whole number 0 or more");
            else e.sequence = static_cast<int64_t>(v);
        }
        if (e.id.empty()) e.id = stable_event_id(e);
        if (!row_bad) {
            Diagnostics faults;
            check_event(e, Diagnostic{file, rec.line, {}, {}}, faults);
            for (Diagnostic& d : faults.items) {
                row_bad = true;
                sink.problem(std::move(d));
            }
        }
        if (!row_bad)
            if (const auto earlier = sink.claim_id(e.id, rec.line)) {
                row_bad = true;
                sink.problem(duplicate_event_id(file, rec.line, e.id, *earlier));
            }
        if (row_bad) {
            ++counts.skipped;
            continue;
        }
        sink.event(std::move(e), rec.line);
    }
    return counts;
}

namespace {
// Keeps every row in an ImportResult.
class CollectingSink final : public CsvEventSink {
public:
    explicit CollectingSink(ImportResult& r) : r_(r) {}
    void problem(Diagnostic d) override { r_.problems.add(std::move(d)); }
    void event(Event&& e, int64_t line) override {
        r_.data.events.push_back(std::move(e));
        r_.event_lines.push_back(line);
    }
    std::optional<int64_t> claim_id(const std::string& id, int64_t line) override {
        auto [it, fresh] = seen_.emplace(id, line);
        if (fresh) return std::nullopt;
        return it->second;
    }

private:
    ImportResult& r_;
    std::map<std::string, int64_t> seen_;
};
}  // namespace

ImportResult import_csv(std::string_view text, const std::string& file, const ImportOptions& options) {
    ImportResult r;
    r.file = file;
    CollectingSink sink(r);
    const CsvReadCounts counts = read_csv_events(text, file, sink);
    r.rows = counts.rows;
    r.skipped = counts.skipped;
    r.finish(options);
    return r;
}

ImportResult import_csv_file(const std::filesystem::path& path, const ImportOptions& options) {
    return import_csv(read_input_file(path), path.string(), options);
}

// [SECTION] Export

std::string export_csv(const Dataset& d, const std::vector<std::string>& event_ids) {
    std::string out(kBom);
    const auto& cols = csv_columns();
    for (size_t i = 0; i < cols.size(); ++i) {
        if (i) out += ',';
        out += cols[i];
    }
    out += "\r\n";
    const DatasetIndex index(d);
    for (const Event* e : index.events(event_ids)) {
        std::vector<std::string> sources;
        for (const auto& xid : e->excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            const Source* s = x ? index.source(x->source_id) : nullptr;
            if (s && std::find(sources.begin(), sources.end(), s->title) == sources.end()) sources.push_back(s->title);
        }
        const TimeInterval& t = e->time;
        const std::vector<std::string> row = {
            guard_text(e->id),
            guard_text(e->title),
            guard_text(e->description),
            guard_text(e->category),
            guard_text(join_list(e->tags)),
            guard_text(join_list(e->actors)),
            guard_text(e->time_text),
            guard_text(format_time(t)),
            t.open_begin ? std::string() : format_export_begin(t),
            t.open_end ? std::string() : format_export_end(t),
            std::string(to_string(t.precision)),
            std::string(to_string(t.qualifier)),
            guard_text(t.note),
            number(e->location.lat),
            number(e->location.lon),
            number(e->location.uncertainty_m),
            std::string(to_string(e->location.precision)),
            guard_text(e->location.place_id),
            guard_text(e->location.place_name),
            guard_text(e->location.geocoding_note),
            guard_text(join_list(e->excerpt_ids)),
            guard_text(join_list(sources)),
            guard_text(e->note),
            std::to_string(e->sequence),
            to_wkt(e->location),
        };
        for (size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            write_cell(out, row[i]);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace atlas
