#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sqlite3.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/translit.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

using namespace atlas;
using atlas::test::read_file;
using atlas::test::TempDir;
using atlas::test::write_file;
namespace fs = std::filesystem;

namespace {

// The message of the atlas::Error that `fn` throws; fails the test when none is thrown.
template <class Fn>
std::string error_of(Fn&& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no atlas::Error thrown";
    return {};
}

void raw_exec(const fs::path& p, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

fs::path make_project(const TempDir& dir, const std::string& name = "p.atlas") {
    fs::path p = dir / name;
    Project project = Project::open(p, OpenMode::CreateIfMissing);
    project.merge(atlas::test::sample_dataset());
    return p;
}

}  // namespace

TEST(Project, CreatesNewFileAtCurrentSchema) {
    TempDir dir;
    Project p = Project::open(dir / "new.atlas", OpenMode::CreateIfMissing);
    EXPECT_EQ(p.schema_version(), Project::kSchemaVersion);
    EXPECT_FALSE(p.read_only());
    Dataset d = p.load();
    EXPECT_TRUE(d.events.empty());
    EXPECT_TRUE(d.sources.empty());
    EXPECT_NE(p.meta("created_by").find("almaty-atlas"), std::string::npos);
}

TEST(Project, RoundTripKeepsEveryField) {
    TempDir dir;
    const Dataset in = atlas::test::sample_dataset();
    fs::path path = make_project(dir);
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        Project p = Project::open(path, mode);
        Dataset out = p.load();
        ASSERT_EQ(out.sources.size(), in.sources.size());
        ASSERT_EQ(out.excerpts.size(), in.excerpts.size());
        ASSERT_EQ(out.places.size(), in.places.size());
        ASSERT_EQ(out.events.size(), in.events.size());
        ASSERT_EQ(out.stories.size(), in.stories.size());
        for (const auto& s : in.sources) {
            ASSERT_NE(out.find_source(s.id), nullptr);
            EXPECT_EQ(*out.find_source(s.id), s);
        }
        for (const auto& x : in.excerpts) {
            ASSERT_NE(out.find_excerpt(x.id), nullptr);
            EXPECT_EQ(*out.find_excerpt(x.id), x);
        }
        for (const auto& e : in.events) {
            ASSERT_NE(out.find_event(e.id), nullptr);
            EXPECT_EQ(*out.find_event(e.id), e) << e.id;
        }
        EXPECT_EQ(out.places[0], in.places[0]);
        EXPECT_EQ(out.stories[0], in.stories[0]);
    }
}

TEST(Project, EventsLoadInTimeOrderThenId) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    Dataset d = atlas::test::sample_dataset();
    Event twin = d.events[0];
    twin.id = "ev-a-same-day";
    d.events.push_back(twin);
    p.merge(d);
    Dataset out = p.load();
    ASSERT_EQ(out.events.size(), 4u);
    for (size_t i = 1; i < out.events.size(); ++i) {
        const auto& a = out.events[i - 1];
        const auto& b = out.events[i];
        EXPECT_TRUE(a.time.begin < b.time.begin || (a.time.begin == b.time.begin && a.id < b.id));
    }
    EXPECT_EQ(out.events[0].id, "ev-mosque-wall");  // March 2006 first
}

// Loading reads the events in the table's order and each list table in one
// pass: whatever order the rows were written in (events out of time order,
// lists rewritten by later edits), every event comes back whole, in the one
// chronological order.
TEST(Project, EventsAndTheirListsLoadWholeWhateverOrderTheRowsWereWritten) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    Dataset d = atlas::test::sample_dataset();
    const Event base = d.events[0];
    std::vector<Event> expected(d.events.begin(), d.events.end());
    for (int i = 0; i < 300; ++i) {
        Event e = base;
        e.id = "ev-" + std::to_string((i * 7919) % 1000);
        e.time.begin = base.time.begin + ((i * 37) % 50) * 86400;  // many share a day: sequence and id decide
        e.time.end = e.time.begin + 86400;
        e.sequence = i % 3;
        e.tags.clear();
        e.actors.clear();
        for (int k = 0; k < i % 5; ++k) e.tags.push_back("tag " + std::to_string((i + k) % 11));
        for (int k = 0; k < i % 3; ++k) e.actors.push_back("actor " + std::to_string(k));
        d.events.push_back(e);
        expected.push_back(e);
    }
    p.merge(d);
    // Later edits write their lists' rows after everyone else's.
    for (size_t i = d.events.size() - 1; i > 0; i -= 17) {
        Event& e = expected[i];
        std::reverse(e.tags.begin(), e.tags.end());
        e.actors.push_back("added later");
        p.put_event(e);
        if (i < 17) break;
    }
    std::sort(expected.begin(), expected.end(), chronological_before);
    const Dataset out = p.load();
    ASSERT_EQ(out.events.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(out.events[i], expected[i]) << "event " << i;
}

TEST(Project, MergeCountsAddedUpdatedUnchanged) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    Dataset d = atlas::test::sample_dataset();
    const int records = static_cast<int>(d.sources.size() + d.excerpts.size() + d.places.size() + d.events.size() +
                                         d.stories.size());
    EXPECT_EQ(p.merge(d), (MergeStats{records, 0, 0}));
    EXPECT_EQ(p.merge(d), (MergeStats{0, 0, records}));
    d.events[1].tags.push_back("new-tag");
    d.excerpts[0].locator = "paragraph 4";
    Event fresh = d.events[2];
    fresh.id = "ev-new";
    d.events.push_back(fresh);
    EXPECT_EQ(p.merge(d), (MergeStats{1, 2, records - 2}));
    Dataset out = p.load();
    EXPECT_EQ(out.events.size(), 4u);
    EXPECT_EQ(out.find_event("ev-mosque-wall")->tags.back(), "new-tag");
    EXPECT_EQ(out.find_excerpt("x1")->locator, "paragraph 4");
}

TEST(Project, FailedMergeWritesNothing) {
    TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    Dataset d = atlas::test::sample_dataset();
    d.events[2].location.lat = 123.0;  // CHECK (lat BETWEEN -90 AND 90)
    std::string msg = error_of([&] { p.merge(d); });
    EXPECT_NE(msg.find("p.atlas"), std::string::npos) << msg;
    Dataset out = p.load();
    EXPECT_TRUE(out.events.empty());
    EXPECT_TRUE(out.sources.empty());

    Dataset dangling = atlas::test::sample_dataset();
    dangling.events[0].excerpt_ids.push_back("no-such-excerpt");  // foreign key
    EXPECT_THROW(p.merge(dangling), Error);
    EXPECT_TRUE(p.load().events.empty());
}

TEST(Project, PutAndDelete) {
    TempDir dir;
    fs::path path = make_project(dir);
    Project p = Project::open(path);
    Event e = p.load().events[0];
    e.title = "Renamed";
    p.put_event(e);
    EXPECT_EQ(p.load().find_event(e.id)->title, "Renamed");
    p.delete_event(e.id);
    EXPECT_EQ(p.load().find_event(e.id), nullptr);
    EXPECT_EQ(p.search("Renamed").size(), 0u);
    p.delete_story("story-2006");
    EXPECT_TRUE(p.load().stories.empty());
    p.set_meta("title", "Almaty 2006");
    EXPECT_EQ(p.meta("title"), "Almaty 2006");
    EXPECT_EQ(p.meta("missing"), "");
}

TEST(Project, ReadOnlyProjectRefusesWrites) {
    TempDir dir;
    fs::path path = make_project(dir);
    const std::string before = read_file(path);
    {
        Project p = Project::open(path, OpenMode::ReadOnly);
        EXPECT_TRUE(p.read_only());
        EXPECT_THROW(p.put_event(p.load().events[0]), Error);
        EXPECT_THROW(p.set_meta("k", "v"), Error);
    }
    EXPECT_EQ(read_file(path), before);
}

// [SECTION] Full-text search

TEST(ProjectSearch, EnglishWordsAndPrefixes) {
    TempDir dir;
    Project p = Project::open(make_project(dir));
    EXPECT_EQ(p.search("Clash"), std::vector<std::string>{"ev-shanyrak-clash"});
    EXPECT_EQ(p.search("clas"), std::vector<std::string>{"ev-shanyrak-clash"});  // prefix
    EXPECT_EQ(p.search("akimat orders"), std::vector<std::string>{"ev-akimat-decision"});
    EXPECT_TRUE(p.search("akimat mosque").empty());  // words are ANDed
    EXPECT_TRUE(p.search("zzzz").empty());
    EXPECT_TRUE(p.search("").empty());
    EXPECT_TRUE(p.search("   ").empty());
}

TEST(ProjectSearch, CyrillicAnyCase) {
    TempDir dir;
    Project p = Project::open(make_project(dir));
    // The clash is at Shanyrak (its place, tags and excerpt x2 say so); the mosque's title
    // says Шаңырақ in Kazakh and its place is "Mosque, Shanyrak".
    const std::vector<std::string> both{"ev-mosque-wall", "ev-shanyrak-clash"};
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    EXPECT_EQ(sorted(p.search("Шанырак")), both);
    EXPECT_EQ(sorted(p.search("шанырак")), both);
    EXPECT_EQ(sorted(p.search("ШАНЫРАК")), both);
    EXPECT_EQ(sorted(p.search("Shanyraq")), both);
    EXPECT_EQ(p.search("Шанырака"), std::vector<std::string>{"ev-shanyrak-clash"}) << "only in excerpt x2";
    EXPECT_EQ(p.search("мечети"), std::vector<std::string>{"ev-mosque-wall"});
    EXPECT_EQ(p.search("снес"), std::vector<std::string>{"ev-mosque-wall"});  // ё folds to е
}

TEST(ProjectSearch, FindsWordsThatAreOnlyInExcerpts) {
    TempDir dir;
    Project p = Project::open(make_project(dir));
    EXPECT_EQ(p.search("bulldozer"), std::vector<std::string>{"ev-mosque-wall"});
    auto dawn = p.search("dawn");  // x1 is linked to two events
    std::sort(dawn.begin(), dawn.end());
    EXPECT_EQ(dawn, (std::vector<std::string>{"ev-akimat-decision", "ev-shanyrak-clash"}));
    // Editing an excerpt re-indexes the events that cite it.
    Excerpt x3 = *p.load().find_excerpt("x3");
    x3.text = "A tractor flattened the wall.";
    p.put_excerpt(x3);
    EXPECT_TRUE(p.search("perimeter").empty());
    EXPECT_EQ(p.search("tractor"), std::vector<std::string>{"ev-mosque-wall"});
    Dataset d;
    x3.text = "An excavator flattened the wall.";
    d.excerpts.push_back(x3);
    p.merge(d);
    EXPECT_EQ(p.search("excavator"), std::vector<std::string>{"ev-mosque-wall"});
}

TEST(ProjectSearch, UserTextWithSyntaxDoesNotBreakTheQuery) {
    TempDir dir;
    Project p = Project::open(make_project(dir));
    // Each query is read as words (search keys), never as FTS syntax: what the
    // words find, and nothing for a query of signs alone.
    const std::vector<std::string> clash{"ev-shanyrak-clash"}, none{};
    const std::vector<std::pair<const char*, std::vector<std::string>>> cases = {
        {"\"", none},         {"\"Clash", clash},   {"Clash\"", clash},    {"NEAR(", none},
        {"AND", clash},       {"*", none},          {"-clash", clash},     {"clash^", clash},
        {"title:clash", none}, {"(((", none},        {"\"\"\"\"", none},   {"a'b", none},
        {"{col1 col2}: x", none}, {"NOT clash", none}, {"✓ 🙂", none},
    };
    for (const auto& [q, want] : cases) {
        std::vector<std::string> got;
        EXPECT_NO_THROW(got = p.search(q)) << q;
        EXPECT_EQ(got, want) << q;
    }
    // "and" is a word of the clash's description, as "not" and "title" are of none.
    EXPECT_EQ(p.search("and"), clash);
    EXPECT_EQ(p.search("clash OR"), std::vector<std::string>{});  // "or" is a word, ANDed
    EXPECT_EQ(p.search("\"Clash\""), std::vector<std::string>{"ev-shanyrak-clash"});
}

// [SECTION] Schema versions and migrations

namespace {
// Data written the way a build at `version` wrote it.
void fill_old_version(const fs::path& p, int version) {
    if (version >= 1) {
        raw_exec(p,
                 "INSERT INTO sources (id, title, publisher) VALUES ('s1', 'Old source', 'Pub');"
                 "INSERT INTO excerpts (id, source_id, text, span_begin, span_end) VALUES ('x1', 's1', 'Кирпич', 3, 9);"
                 "INSERT INTO places (id, kind, name_en, lat, lon) VALUES ('pl', 'building', 'Hall', 43.2, 76.9);"
                 "INSERT INTO events (id, title, category, time_text, time_canonical, time_begin, time_end, "
                 " time_precision, lat, lon, location_precision) VALUES ('e1', 'Old event', 'protest', '2006', "
                 " '2006', 1136073600, 1167609600, 'year', 43.25, 76.9, 'city');"
                 "INSERT INTO event_excerpts VALUES ('e1', 0, 'x1');"
                 "INSERT INTO event_tags VALUES ('e1', 0, 'old');"
                 "INSERT INTO events_fts (rowid, title, description, excerpts) "
                 " SELECT rowid, title, description, 'Кирпич' FROM events;");
    }
    if (version >= 3) {
        // From v3 the index also holds the folded search key of the event's text.
        const std::string sql = "UPDATE events_fts SET folded = '" + atlas::fold_for_search("Old event Кирпич") + "';";
        raw_exec(p, sql.c_str());
    }
}
}  // namespace

TEST(ProjectMigration, FromEveryOlderVersion) {
    for (int v = 0; v < Project::kSchemaVersion; ++v) {
        SCOPED_TRACE("from schema " + std::to_string(v));
        TempDir dir;
        fs::path path = dir / "old.atlas";
        Project::create_at_schema_version(path, v);
        fill_old_version(path, v);
        const std::string before = read_file(path);
        {
            // Read-only never migrates, yet reads what is there.
            Project ro = Project::open(path, OpenMode::ReadOnly);
            EXPECT_EQ(ro.schema_version(), v);
            Dataset d = ro.load();
            EXPECT_EQ(d.events.size(), v >= 1 ? 1u : 0u);
        }
        EXPECT_EQ(read_file(path), before);
        Project p = Project::open(path, OpenMode::ReadWrite);
        EXPECT_EQ(p.schema_version(), Project::kSchemaVersion);
        Dataset d = p.load();
        if (v >= 1) {
            ASSERT_EQ(d.events.size(), 1u);
            const Event& e = d.events[0];
            EXPECT_EQ(e.title, "Old event");
            EXPECT_EQ(e.time.precision, TimePrecision::Year);
            EXPECT_EQ(e.tags, std::vector<std::string>{"old"});
            EXPECT_EQ(e.excerpt_ids, std::vector<std::string>{"x1"});
            ASSERT_EQ(d.excerpts.size(), 1u);
            EXPECT_EQ(d.excerpts[0].text, "Кирпич");
            EXPECT_EQ(d.excerpts[0].span_begin, 3);
            EXPECT_EQ(d.excerpts[0].locator, "");
            EXPECT_EQ(d.places.size(), 1u);
            EXPECT_EQ(p.search("кирпич"), std::vector<std::string>{"e1"});
        }
        // What the newer schema added works on the migrated file.
        p.merge(atlas::test::sample_dataset());
        Dataset after = p.load();
        EXPECT_EQ(after.stories.size(), 1u);
        EXPECT_EQ(after.find_excerpt("x1")->locator, "paragraph 3");
    }
}

TEST(ProjectMigration, NewerSchemaIsRefusedAndLeftAlone) {
    TempDir dir;
    fs::path path = make_project(dir, "future.atlas");
    raw_exec(path, ("PRAGMA user_version = " + std::to_string(Project::kSchemaVersion + 1)).c_str());
    const std::string before = read_file(path);
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateIfMissing}) {
        std::string msg = error_of([&] { (void)Project::open(path, mode); });
        EXPECT_NE(msg.find("future.atlas: made by a newer Almaty Atlas (schema " + std::to_string(Project::kSchemaVersion + 1) +
                           "; this build reads up to " +
                           std::to_string(Project::kSchemaVersion) + ")"),
                  std::string::npos)
            << msg;
    }
    EXPECT_EQ(read_file(path), before);
}

// [SECTION] Files that cannot be opened

namespace {
void expect_refused(const fs::path& path, OpenMode mode, const std::string& needle) {
    std::error_code ec;  // a loop of links has no status
    const bool existed = fs::exists(fs::symlink_status(path, ec));
    const bool regular = fs::is_regular_file(path, ec);
    const std::string before = regular ? read_file(path) : std::string();
    std::string msg = error_of([&] { (void)Project::open(path, mode); });
    EXPECT_NE(msg.find(path.filename().string()), std::string::npos) << msg;
    EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    if (regular) {
        EXPECT_EQ(read_file(path), before) << path;
    }
    EXPECT_EQ(fs::exists(fs::symlink_status(path, ec)), existed);
    EXPECT_FALSE(fs::exists(path.string() + "-journal"));
}
}  // namespace

TEST(ProjectOpen, MissingFile) {
    TempDir dir;
    expect_refused(dir / "missing.atlas", OpenMode::ReadWrite, "no such project file");
    expect_refused(dir / "missing.atlas", OpenMode::ReadOnly, "no such project file");
}

TEST(ProjectOpen, NotSqlite) {
    TempDir dir;
    write_file(dir / "text.atlas", "id,title\n1,hello\n");
    write_file(dir / "short.atlas", "SQLite");
    write_file(dir / "empty.atlas", "");
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateIfMissing}) {
        expect_refused(dir / "text.atlas", mode, "not an Almaty Atlas project (not an SQLite database)");
        expect_refused(dir / "short.atlas", mode, "not an Almaty Atlas project (not an SQLite database)");
        expect_refused(dir / "empty.atlas", mode, "not an Almaty Atlas project (empty file)");
    }
}

TEST(ProjectOpen, ATableOrColumnAnotherToolDroppedIsNamedNotLeftToSqlite) {
    TempDir dir;
    const fs::path table = make_project(dir, "table.atlas");
    raw_exec(table, "DROP TABLE event_excerpts; DROP TABLE excerpts;");
    const fs::path column = make_project(dir, "column.atlas");
    raw_exec(column, "ALTER TABLE events DROP COLUMN geocoding_note;");
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        expect_refused(table, mode, "the project file is damaged (table 'event_excerpts' is missing; table 'excerpts' is missing)");
        expect_refused(column, mode, "column 'geocoding_note' of table 'events' is missing");
    }
    // An older schema is checked against what that version had, and still opens.
    const fs::path old = dir / "v3.atlas";
    Project::create_at_schema_version(old, 3);
    EXPECT_NO_THROW((void)Project::open(old, OpenMode::ReadOnly).load());
    raw_exec(old, "DROP TABLE stories;");
    expect_refused(old, OpenMode::ReadOnly, "table 'stories' is missing");
}

// Another program wrote values the schema's CHECKs forbid (lat 999, an
// unknown precision): the refusal names the rows, not just the table, and the
// file is left byte for byte as it was.
TEST(ProjectOpen, RowsBreakingAConstraintAreNamed) {
    TempDir dir;
    const fs::path p = make_project(dir, "checks.atlas");
    raw_exec(p, "PRAGMA ignore_check_constraints = ON; "
                "UPDATE events SET lat = 999 WHERE rowid = (SELECT min(rowid) FROM events); "
                "UPDATE events SET time_precision = 'fortnight' WHERE rowid = (SELECT max(rowid) FROM events);");
    const std::string before = read_file(p);
    std::string first, last;
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, "SELECT (SELECT id FROM events ORDER BY rowid LIMIT 1), (SELECT id FROM events ORDER BY rowid DESC LIMIT 1)", -1, &st, nullptr);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        first = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        last = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        expect_refused(p, mode, "holds values its rules forbid, written by another program (events row ");
        expect_refused(p, mode, "(id '" + first + "'): CHECK constraint failed: lat BETWEEN -90 AND 90");
        expect_refused(p, mode, "(id '" + last + "'): CHECK constraint failed");
    }
    EXPECT_EQ(read_file(p), before);
}

TEST(ProjectOpen, SqliteOfAnotherProgram) {
    TempDir dir;
    raw_exec(dir / "other.db", "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    expect_refused(dir / "other.db", OpenMode::ReadWrite, "an SQLite database of another program");
    expect_refused(dir / "other.db", OpenMode::ReadOnly, "an SQLite database of another program");
}

TEST(ProjectOpen, CorruptAndTruncated) {
    TempDir dir;
    fs::path good = make_project(dir, "good.atlas");
    std::string bytes = read_file(good);
    ASSERT_GT(bytes.size(), 4096u * 4);

    std::string corrupt = bytes;
    for (size_t i = 4096 * 2; i < corrupt.size(); i += 7) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
    write_file(dir / "corrupt.atlas", corrupt);
    write_file(dir / "truncated.atlas", bytes.substr(0, bytes.size() / 2));
    write_file(dir / "header-only.atlas", bytes.substr(0, 100));
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        expect_refused(dir / "corrupt.atlas", mode, "damaged");
        expect_refused(dir / "truncated.atlas", mode, "damaged");
        expect_refused(dir / "header-only.atlas", mode, "damaged");
    }
}

TEST(ProjectOpen, ReadOnlyFile) {
    TempDir dir;
    fs::path path = make_project(dir, "ro.atlas");
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    expect_refused(path, OpenMode::ReadWrite, "open it read-only");
    const std::string before = read_file(path);
    {
        Project p = Project::open(path, OpenMode::ReadOnly);
        EXPECT_EQ(p.load().events.size(), 3u);
    }
    EXPECT_EQ(read_file(path), before);
}

TEST(ProjectOpen, LockedByAnotherWriter) {
    TempDir dir;
    fs::path path = make_project(dir, "locked.atlas");
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('x', 'y');", nullptr, nullptr, nullptr),
              SQLITE_OK);
    const std::string before = read_file(path);
    std::string msg = error_of([&] { (void)Project::open(path, OpenMode::ReadWrite); });
    EXPECT_NE(msg.find("locked.atlas: the project is locked by another program"), std::string::npos) << msg;
    EXPECT_EQ(read_file(path), before);
    {
        // Readers are not blocked by a writer in WAL mode.
        Project ro = Project::open(path, OpenMode::ReadOnly);
        EXPECT_EQ(ro.load().events.size(), 3u);
        EXPECT_EQ(ro.meta("x"), "");
    }
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    EXPECT_NO_THROW((void)Project::open(path, OpenMode::ReadWrite));
}

TEST(ProjectOpen, WriteLockTakenAfterOpenFailsCleanly) {
    TempDir dir;
    fs::path path = make_project(dir, "busy.atlas");
    Project p = Project::open(path);
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    std::string msg = error_of([&] { p.set_meta("k", "v"); });
    EXPECT_NE(msg.find("locked"), std::string::npos) << msg;
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    p.set_meta("k", "v");
    EXPECT_EQ(p.meta("k"), "v");
}

TEST(ProjectOpen, BusyProjectNamesTheAlmatyAtlasWriteThatHoldsIt) {
    TempDir dir;
    fs::path path = make_project(dir, "held.atlas");
    Project p = Project::open(path);
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    // The note another Almaty Atlas process keeps while it writes (that process: our parent, which runs).
    write_file(path.string() + ".writer", std::to_string(::getppid()) + "\n18:40:02 UTC\nimport of big.csv\n");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string msg = error_of([&] { p.set_meta("k", "v"); });
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_GE(waited, 4.0) << "a busy project is waited for, not given up at once";
    EXPECT_NE(msg.find("held.atlas: the project is busy: another Almaty Atlas (process " + std::to_string(::getppid()) +
                       ") is writing it: import of big.csv, since 18:40:02 UTC (waited 5 s)"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("nothing was saved"), std::string::npos) << msg;
    // A note left by a process that no longer runs is not believed.
    write_file(path.string() + ".writer", "2147483000\n18:40:02 UTC\nimport of big.csv\n");
    const std::string stale = error_of([&] { (void)Project::open(path, OpenMode::ReadWrite); });
    EXPECT_NE(stale.find("locked by another program (waited 5 s)"), std::string::npos) << stale;
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    fs::remove(path.string() + ".writer");
    // Our own writes keep the note only while they run.
    Project::set_write_activity("import of small.csv");
    p.set_meta("k", "v");
    EXPECT_FALSE(fs::exists(path.string() + ".writer"));
    EXPECT_EQ(p.meta("k"), "v");
}

TEST(ProjectOpen, DirectoryAndSymlink) {
    TempDir dir;
    fs::create_directory(dir / "folder.atlas");
    expect_refused(dir / "folder.atlas", OpenMode::ReadWrite, "directory");
    fs::path target = make_project(dir, "target.atlas");
    fs::create_symlink(target, dir / "link.atlas");
    {
        // A link is followed to the project it names, for reading and for writing.
        Project p = Project::open(dir / "link.atlas", OpenMode::ReadWrite);
        EXPECT_EQ(p.load().events.size(), 3u);
        Project ro = Project::open(dir / "link.atlas", OpenMode::ReadOnly);
        EXPECT_EQ(ro.load().events.size(), 3u);
    }
    EXPECT_TRUE(fs::is_symlink(dir / "link.atlas"));
    EXPECT_FALSE(fs::exists(dir / "link.atlas-wal")) << "SQLite's files sit beside the real project";
    fs::create_symlink("loop-b.atlas", dir / "loop-a.atlas");
    fs::create_symlink("loop-a.atlas", dir / "loop-b.atlas");
    expect_refused(dir / "loop-a.atlas", OpenMode::ReadOnly, "loop-a.atlas: the symbolic links form a loop");
    fs::create_symlink("missing.atlas", dir / "dangling.atlas");
    expect_refused(dir / "dangling.atlas", OpenMode::ReadOnly, "symbolic link to a file that does not exist");
}

TEST(ProjectOpen, ReadingLeavesNoFilesBesideTheProject) {
    TempDir dir;
    const fs::path path = make_project(dir, "look.atlas");
    const auto listing = [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    const std::vector<std::string> before = listing();
    {
        Project p = Project::open(path, OpenMode::ReadOnly);
        EXPECT_EQ(p.load().events.size(), 3u);
        EXPECT_THROW(p.put_event(p.load().events[0]), Error) << "read-only stays read-only";
    }
    EXPECT_EQ(listing(), before);
}

TEST(ProjectOpen, ReadOnlyFolderCanBeRead) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes any folder";
    TempDir dir;
    fs::create_directory(dir / "shelf");
    const fs::path path = make_project(dir, "shelf/kept.atlas");
    const std::string bytes = read_file(path);
    fs::permissions(dir / "shelf", fs::perms::owner_read | fs::perms::owner_exec);
    {
        Project p = Project::open(path, OpenMode::ReadOnly);
        EXPECT_EQ(p.load().events.size(), 3u);
    }
    fs::permissions(dir / "shelf", fs::perms::owner_all);
    EXPECT_EQ(read_file(path), bytes);
    EXPECT_FALSE(fs::exists(path.string() + "-wal"));
    EXPECT_FALSE(fs::exists(path.string() + "-shm"));
}

TEST(ProjectOpen, DefensiveSettingsAreOn) {
    TempDir dir;
    Project p = Project::open(make_project(dir));
    sqlite3* db = p.handle();
    int on = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on);
    EXPECT_EQ(on, 1);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on);
    EXPECT_EQ(on, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &on);
    EXPECT_EQ(on, 0);
    // Defensive mode forbids writing the schema directly.
    EXPECT_NE(sqlite3_exec(db, "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = '' WHERE 0;", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    EXPECT_EQ(sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1), 0);
}

TEST(ProjectLayers, UserLayersRoundTripInOrderAndReplaceAsAWhole) {
    TempDir dir;
    const fs::path file = make_project(dir);
    const std::vector<UserLayerRecord> layers = {
        {"/data/districts.geojson", "Districts", true, R"({"order":7})"},
        {"rivers.shp", "Реки", false, "{}"},
    };
    {
        Project p = Project::open(file);
        EXPECT_TRUE(p.user_layers().empty());
        p.set_user_layers(layers);
    }
    {
        Project p = Project::open(file, OpenMode::ReadOnly);
        EXPECT_EQ(p.user_layers(), layers);
        EXPECT_THROW(p.set_user_layers({}), Error);  // read-only: refused, not lost
        EXPECT_EQ(p.user_layers(), layers);
    }
    Project p = Project::open(file);
    p.set_user_layers({layers[1]});
    EXPECT_EQ(p.user_layers(), std::vector<UserLayerRecord>{layers[1]});
    // The project's rules refuse a record without a path, and nothing is written.
    EXPECT_THROW(p.set_user_layers({layers[0], UserLayerRecord{"", "x", true, "{}"}}), Error);
    EXPECT_EQ(p.user_layers(), std::vector<UserLayerRecord>{layers[1]});
}

TEST(ProjectStories, AnOlderProjectOpenedReadOnlyShowsItsSlidesWithoutTimes) {
    TempDir dir;
    const fs::path file = dir / "v5.atlas";
    Project::create_at_schema_version(file, 5);
    raw_exec(file,
             "INSERT INTO stories VALUES ('s', 'A story');"
             "INSERT INTO slides (story_id, position, title, notes, center_lat, center_lon, zoom, time_cursor, "
             "window_begin, cumulative) VALUES ('s', 0, 'First', 'Say this', 43.2, 76.9, 12, 0, 0, 0);");
    const Dataset d = Project::open(file, OpenMode::ReadOnly).load();
    ASSERT_EQ(d.stories.size(), 1u);
    ASSERT_EQ(d.stories[0].slides.size(), 1u);
    EXPECT_EQ(d.stories[0].slides[0].notes, "Say this");
    EXPECT_EQ(d.stories[0].slides[0].planned_ms, 0);
    EXPECT_EQ(d.stories[0].slides[0].rehearsed_ms, 0);
    EXPECT_EQ(Project::open(file, OpenMode::ReadOnly).schema_version(), 5);  // looking did not migrate it
}

TEST(ProjectLayers, OlderProjectsHaveNoUserLayersAndGainTheTableOnMigration) {
    TempDir dir;
    const fs::path file = dir / "v5.atlas";
    Project::create_at_schema_version(file, 5);
    EXPECT_TRUE(Project::open(file, OpenMode::ReadOnly).user_layers().empty());
    Project p = Project::open(file);
    EXPECT_EQ(p.schema_version(), Project::kSchemaVersion);
    p.set_user_layers({{"a.shp", "a", true, "{}"}});
    EXPECT_EQ(p.user_layers().size(), 1u);
}
