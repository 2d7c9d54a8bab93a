// ProjectImport: an import written into the project record by record, in one
// transaction, and the CSV reader that feeds it row by row.
#include <gtest/gtest.h>

#include "core/translit.hpp"
#include "store/csv.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

using namespace atlas;
using atlas::test::sample_dataset;
using atlas::test::table_dump;
using atlas::test::TempDir;

namespace {

Event event_named(const std::string& id, const std::string& title) {
    Event e;
    e.id = id;
    e.title = title;
    e.category = "protest";
    e.time = *parse_time("2006-04-05");
    e.location.lat = 43.33;
    e.location.lon = 76.86;
    e.location.place_name = "Шанырак";
    e.tags = {"housing"};
    return e;
}

// Keeps what a CSV gives, in order, as a writer would see it.
class Recorder final : public CsvEventSink {
public:
    void problem(Diagnostic d) override { seen.push_back("problem " + d.str()); }
    void event(Event&& e, int64_t line) override { seen.push_back("event " + e.id + " line " + std::to_string(line)); }
    std::optional<int64_t> claim_id(const std::string& id, int64_t line) override {
        auto [it, fresh] = ids.emplace(id, line);
        return fresh ? std::nullopt : std::optional<int64_t>(it->second);
    }
    void consumed(size_t offset) override {
        EXPECT_GE(offset, last_offset);
        last_offset = offset;
    }
    std::vector<std::string> seen;
    std::map<std::string, int64_t> ids;
    size_t last_offset = 0;
};

}  // namespace

TEST(ProjectImport, CommitKeepsEverythingAndCounts) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    const Dataset d = sample_dataset();
    ProjectImport in(p);
    for (const auto& x : d.sources) in.put(x);
    for (const auto& x : d.excerpts) in.put(x);
    for (const auto& x : d.places) in.put(x);
    for (const auto& x : d.events) in.put(x);
    EXPECT_EQ(in.stats().added, static_cast<int>(d.sources.size() + d.excerpts.size() + d.places.size() + d.events.size()));
    ASSERT_TRUE(in.excerpt("x1").has_value()) << "the import sees its own writes";
    EXPECT_EQ(in.excerpt("x1")->text, d.excerpts[0].text);
    EXPECT_FALSE(in.excerpt("nowhere").has_value());
    const MergeStats s = in.commit();
    EXPECT_EQ(s.updated, 0);
    const Dataset back = p.load();
    EXPECT_EQ(back.events.size(), d.events.size());
    EXPECT_EQ(back.excerpts.size(), d.excerpts.size());
    EXPECT_THROW(in.put(d.events[0]), Error) << "a committed import takes nothing more";
}

TEST(ProjectImport, WithoutCommitNothingIsKept) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    p.merge(sample_dataset());
    const std::vector<std::string> before = table_dump(p);
    {
        ProjectImport in(p);
        in.put(event_named("new-1", "Added, then abandoned"));
        Event changed = *p.find_event(sample_dataset().events[0].id);
        changed.title = "Changed, then abandoned";
        in.put(changed);
        EXPECT_EQ(in.stats().added, 1);
        EXPECT_EQ(in.stats().updated, 1);
    }
    EXPECT_EQ(table_dump(p), before);
    EXPECT_TRUE(p.search("abandoned").empty()) << "the search index rolled back too";
}

TEST(ProjectImport, PrecomputedSearchWordsGiveTheSameIndex) {
    TempDir dir;
    Project a = Project::open(dir / "a.atlas", OpenMode::CreateIfMissing);
    Project b = Project::open(dir / "b.atlas", OpenMode::CreateIfMissing);
    Dataset d = sample_dataset();
    a.merge(d);
    {
        ProjectImport in(b);
        for (const auto& x : d.sources) in.put(x);
        for (const auto& x : d.excerpts) in.put(x);
        for (const auto& x : d.places) in.put(x);
        for (const auto& e : d.events) in.put(e, event_search_words(e));
        for (const auto& x : d.stories) in.put(x);
        in.commit();
    }
    EXPECT_EQ(table_dump(a), table_dump(b));
    for (const char* q : {"Шанырак", "shanyraq", "stones", "Police", "Жители"}) {
        SCOPED_TRACE(q);
        EXPECT_EQ(a.search(q), b.search(q));
    }
    // Words of every part of an event are found: its own and its excerpts'.
    const Event& e = d.events[0];
    EXPECT_EQ(event_search_words(e).find(fold_for_search(e.title).substr(0, 3)), 0u);
}

TEST(ProjectImport, EventIdsAreClaimedPerFile) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    ProjectImport in(p);
    EXPECT_EQ(in.claim_event_id(0, "e1", 2), std::nullopt);
    EXPECT_EQ(in.claim_event_id(0, "e2", 3), std::nullopt);
    EXPECT_EQ(in.claim_event_id(0, "e1", 9), std::optional<int64_t>(2));
    EXPECT_EQ(in.claim_event_id(0, "e1", 12), std::optional<int64_t>(2)) << "the first line stays the one named";
    // Ids that differ only past a shared prefix, bound without a copy: each its own.
    const std::string longer = "e1-and-more";
    EXPECT_EQ(in.claim_event_id(0, longer.substr(0, 4), 13), std::nullopt);
    EXPECT_EQ(in.claim_event_id(0, "e1-a", 14), std::optional<int64_t>(13));
    EXPECT_EQ(in.claim_event_id(1, "e1", 4), std::nullopt) << "another file may update the event";
    EXPECT_EQ(in.claim_event_id(1, "e1", 5), std::optional<int64_t>(4));
    in.commit();
    // Nothing of the claims is left in the project.
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(p.handle(), "SELECT count(*) FROM temp.sqlite_master", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
}

TEST(ProjectImport, NewFileModeEndsAsAnOrdinaryProject) {
    TempDir dir;
    {
        Project p = Project::open(dir / "new.atlas", OpenMode::CreateIfMissing);
        ProjectImport in(p, ProjectImport::Mode::NewFile);
        for (int i = 0; i < 500; ++i) in.put(event_named("ev-" + std::to_string(i), "Row " + std::to_string(i)));
        EXPECT_EQ(in.commit().added, 500);
        sqlite3_stmt* st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(p.handle(), "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
        sqlite3_finalize(st);
    }
    Project again = Project::open(dir / "new.atlas", OpenMode::ReadOnly);
    EXPECT_EQ(again.load().events.size(), 500u);
    // The same tables and indexes as any new project (the indexes set aside are back).
    auto schema = [](const Project& p) {
        std::vector<std::string> out;
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(p.handle(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name", -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row;
            for (int c = 0; c < 3; ++c) {
                const unsigned char* v = sqlite3_column_text(st, c);
                row += std::string(v ? reinterpret_cast<const char*>(v) : "") + "|";
            }
            out.push_back(row);
        }
        sqlite3_finalize(st);
        return out;
    };
    Project plain = Project::open(dir / "plain.atlas", OpenMode::CreateIfMissing);
    const std::vector<std::string> made = schema(again);
    EXPECT_EQ(made, schema(plain));
    EXPECT_NE(std::find(made.begin(), made.end(),
                        std::string("index|events_by_time|CREATE INDEX events_by_time ON events(time_begin, id)|")),
              made.end());
    EXPECT_EQ(again.search("shanyrak").size(), 500u);
}

TEST(ProjectImport, ReadOnlyProjectIsRefused) {
    TempDir dir;
    { Project::open(dir / "p.atlas", OpenMode::CreateIfMissing); }
    Project ro = Project::open(dir / "p.atlas", OpenMode::ReadOnly);
    try {
        ProjectImport in(ro);
        ADD_FAILURE() << "a read-only project took an import";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("p.atlas"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    }
}

TEST(CsvStream, RowsFaultsAndDuplicatesComeInFileOrder) {
    const std::string csv =
        "\xEF\xBB\xBFid,title,category,time,lat,lon\n"
        "e1,First,protest,2006-04-05,43.3,76.9\n"          // 2
        "e2,Bad time,protest,2006-02-30,43.3,76.9\n"       // 3
        "\n"                                                // 4: blank, not a row
        "e1,Again,protest,2006-04-05,43.3,76.9\n"          // 5
        "e3,\"Two\nlines\",arrest,2006-04-05,43.3,76.9\n";  // 6-7
    Recorder r;
    const CsvReadCounts counts = read_csv_events(csv, "s.csv", r);
    EXPECT_EQ(counts.rows, 4);
    EXPECT_EQ(counts.skipped, 2);
    ASSERT_EQ(r.seen.size(), 4u);
    EXPECT_EQ(r.seen[0], "event e1 line 2");
    EXPECT_EQ(r.seen[1].rfind("problem s.csv:3: time: ", 0), 0u) << r.seen[1];
    EXPECT_EQ(r.seen[2], "problem s.csv:5: id: 'e1' is already used on line 2");
    EXPECT_EQ(r.seen[3], "event e3 line 6");
    EXPECT_EQ(r.last_offset, csv.size()) << "the reader says how far it has read, up to the end";
}

TEST(CsvStream, AFileWithoutUsableColumnsGivesNoRows) {
    Recorder r;
    const CsvReadCounts counts = read_csv_events("id,title\ne1,x\n", "cols.csv", r);
    EXPECT_EQ(counts.rows, 0);
    ASSERT_FALSE(r.seen.empty());
    for (const auto& s : r.seen) EXPECT_EQ(s.rfind("problem cols.csv:1: ", 0), 0u) << s;
}
