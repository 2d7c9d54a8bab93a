#pragma once
// Shared test data for the store tests: a temporary folder and a small dataset
// that exercises every field of every record type.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "core/event.hpp"
#include "core/time.hpp"
#include "store/interchange.hpp"
#include "store/project.hpp"

namespace atlas::test {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("atlas-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, std::string_view text) {
    std::ofstream out(p, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

inline TimeInterval time_of(std::string_view text) {
    std::string err;
    auto t = parse_time(text, &err);
    if (!t) ADD_FAILURE() << "cannot parse time '" << text << "': " << err;
    return t.value_or(TimeInterval{});
}

// Every row of every table of the file (the full-text index's own tables left
// to the searches above), each table's rows sorted: the exact state on disk.
inline std::vector<std::string> table_dump(const Project& p) {
    std::vector<std::string> out;
    sqlite3* db = p.handle();
    std::vector<std::string> tables;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name",
                       -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    for (const auto& t : tables) {
        std::vector<std::string> rows;
        sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row = t + ":";
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const unsigned char* v = sqlite3_column_text(st, i);
                row += std::string("|") + (v ? reinterpret_cast<const char*>(v) : "NULL");
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        std::sort(rows.begin(), rows.end());
        out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
}

// Every field set, Cyrillic and Kazakh text, characters CSV and XML care about.
inline Dataset sample_dataset() {
    Dataset d;
    d.sources.push_back(Source{"src-rferl", "Shanyrak: a \"shanty town\" stands firm", "RFE/RL", "Jane Doe, Ivan Petrov",
                               "20 March 2006", "https://www.rferl.org/a/1067000.html", "en",
                               "Full text, line one.\nLine two with <tags> & ampersands."});
    d.sources.push_back(Source{"src-vlast", "Снос в Шаныраке", "Власть", "Айгерим Сейткали", "март 2006",
                               "https://vlast.kz/shanyrak?a=1&b=2", "ru", ""});
    d.excerpts.push_back(Excerpt{"x1", "src-rferl", "Police moved in at dawn; residents, armed with \"stones\", resisted.",
                                 12, 75, "paragraph 3"});
    d.excerpts.push_back(Excerpt{"x2", "src-vlast", "Жители Шанырака вышли на улицы, — сообщает корреспондент.", -1,
                                 -1, ""});
    d.excerpts.push_back(Excerpt{"x3", "src-rferl", "A bulldozer flattened the mosque's perimeter wall.", 100, 150,
                                 "p. 2"});
    d.places.push_back(Place{"pl-shanyrak", "neighbourhood", "Shanyrak", "Шанырак", "Шаңырақ", 43.3329, 76.8605, 800.0,
                             "centre of the 2006 settlement"});
    Event e1;
    e1.id = "ev-shanyrak-clash";
    e1.title = "Clash at Shanyrak";
    e1.description = "Eviction attempt met with resistance,\nseveral injured; \"quotes\" and, commas.";
    e1.category = "eviction";
    e1.tags = {"shanyrak", "2006", "violence"};
    e1.actors = {"akimat police", "residents"};
    e1.time_text = "14 July 2006";
    e1.time = time_of("2006-07-14");
    e1.time.note = "date from the RFE/RL dateline";
    e1.location = Location{43.3329, 76.8605, 800.0, LocationPrecision::Neighbourhood, "pl-shanyrak", "Shanyrak",
                           "centre of the settlement per 2006 maps", ShapeKind::Point, {}};
    e1.excerpt_ids = {"x1", "x2"};
    e1.note = "curated from two reports";
    Event e2;
    e2.id = "ev-mosque-wall";
    e2.title = "Шаңырақ: стена мечети снесена";
    e2.description = "Бульдозер снёс стену.";
    e2.category = "demolition";
    e2.time_text = "March 2006";
    e2.time = time_of("March 2006");
    e2.location = Location{43.25, 76.95, 50.0, LocationPrecision::Building, "", "Mosque, Shanyrak", "", ShapeKind::Point, {}};
    e2.excerpt_ids = {"x3"};
    Event e3;
    e3.id = "ev-akimat-decision";
    e3.title = "Akimat orders clearance";
    e3.category = "decision";
    e3.time_text = "5 April 2006, 10:30";
    e3.time = time_of("2006-04-05T10:30");
    e3.location = Location{43.238, 76.945, 20.0, LocationPrecision::Building, "", "Akimat", "the city hall", ShapeKind::Point, {}};
    e3.excerpt_ids = {"x1"};
    d.events = {e1, e2, e3};
    Story s;
    s.id = "story-2006";
    s.title = "Shanyrak 2006";
    Slide a;
    a.title = "Before";
    a.caption = "The settlement in spring";
    a.notes = "Speak slowly";
    a.camera = CameraView{43.33, 76.86, 14.5};
    a.time_cursor = make_time(2006, 4, 1);
    a.window_begin = make_time(2006, 1, 1);
    a.cumulative = false;
    a.highlighted_event_ids = {"ev-akimat-decision"};
    a.visible_layers = {"roads", "buildings"};
    a.visible_categories = {"eviction", "decision"};
    a.excerpt_id = "x1";
    Slide b;
    b.title = "July";
    s.slides = {a, b};
    d.stories.push_back(s);
    return d;
}

// The ids of a dataset's events, in order.
inline std::vector<std::string> ids_of(const Dataset& d) {
    std::vector<std::string> ids;
    for (const auto& e : d.events) ids.push_back(e.id);
    return ids;
}

// Whether an import reported a problem at this line and field.
inline bool has_problem(const ImportResult& r, int64_t line, const std::string& field) {
    return std::any_of(r.problems.items.begin(), r.problems.items.end(),
                       [&](const Diagnostic& d) { return d.line == line && d.field == field; });
}

// Every problem of an import, one per line (for failure messages).
inline std::string all_problems(const ImportResult& r) {
    std::string s;
    for (const auto& d : r.problems.items) s += d.str() + "\n";
    return s;
}

}  // namespace atlas::test
