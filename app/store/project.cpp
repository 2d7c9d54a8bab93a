#include "store/project.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/shape.hpp"
#include "core/translit.hpp"

namespace atlas {
namespace fs = std::filesystem;

// [SECTION] SQLite helpers ---------------------------------------------------
namespace {

// How long a writer waits for another to finish before it gives up.
constexpr int kBusyTimeoutMs = 5000;

// SQLite counts every allocation in statistics behind a process-wide lock
// unless told not to; nothing here reads them, and an import makes millions of
// allocations. Set before SQLite starts (it refuses once it has, harmlessly).
[[maybe_unused]] const bool kNoMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;

// Thrown inside this file with the SQLite result code, turned into an
// atlas::Error naming the file at the public boundary.
struct SqlError {
    int code;
    std::string message;
};

[[noreturn]] void throw_sql(sqlite3* db, int rc) {
    throw SqlError{rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)};
}

// One prepared statement; every value is bound, never spliced into SQL.
class Stmt {
public:
    Stmt(sqlite3* db, std::string_view sql) : db_(db) {
        int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &stmt_, nullptr);
        if (rc != SQLITE_OK) throw_sql(db, rc);
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt() { sqlite3_finalize(stmt_); }

    Stmt& bind(int i, std::string_view v) {
        check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
        return *this;
    }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    // Binds the text without SQLite copying it: for the import's hot writes, where
    // the text outlives the statement's run (one chain ending in run(), whose
    // temporaries last until it returns). reset() clears the binding.
    Stmt& bind_ref(int i, std::string_view v) {
        check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
        return *this;
    }
    Stmt& bind(int i, int64_t v) {
        check(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, bool v) { return bind(i, static_cast<int64_t>(v ? 1 : 0)); }
    Stmt& bind(int i, double v) {
        check(sqlite3_bind_double(stmt_, i, v));
        return *this;
    }

    // True while there is a row.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw_sql(db_, rc);
    }
    void run() {
        while (step()) {
        }
    }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    [[nodiscard]] std::string text(int col) const { return std::string(view(col)); }
    // Valid until the next step or reset.
    [[nodiscard]] std::string_view view(int col) const {
        const auto* p = sqlite3_column_text(stmt_, col);
        const int n = sqlite3_column_bytes(stmt_, col);
        return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string_view();
    }
    [[nodiscard]] int64_t i64(int col) const { return sqlite3_column_int64(stmt_, col); }
    [[nodiscard]] double real(int col) const { return sqlite3_column_double(stmt_, col); }
    [[nodiscard]] bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw_sql(db_, rc);
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqlError{rc, msg};
    }
}

// Statements prepared once and reused, for work that runs the same few
// statements many times (an import of many events). A statement comes back
// reset, with no bindings. Lives within one transaction: destroy it before the
// commit so that no statement is left pending.
class Sql {
public:
    explicit Sql(sqlite3* db) : db_(db) {}
    Stmt& operator()(std::string_view sql) {
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            auto stmt = std::make_unique<Stmt>(db_, sql);
            std::string_view key = keys_.emplace_back(sql);
            it = cache_.emplace(key, std::move(stmt)).first;
        } else {
            it->second->reset();
        }
        return *it->second;
    }
    [[nodiscard]] sqlite3* db() const { return db_; }

private:
    sqlite3* db_;
    std::deque<std::string> keys_;
    std::unordered_map<std::string_view, std::unique_ptr<Stmt>> cache_;
};

int64_t pragma_int(sqlite3* db, const char* sql) {
    Stmt s(db, sql);
    return s.step() ? s.i64(0) : 0;
}

// BEGIN IMMEDIATE ... COMMIT; rolled back unless committed.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db) { exec(db, "BEGIN IMMEDIATE"); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        exec(db_, "COMMIT");
        db_ = nullptr;
    }

private:
    sqlite3* db_;
};

// A read transaction (deferred: a shared lock only) around many reads: one
// snapshot of the file, and the lock taken and the file checked once instead
// of once per statement. Nothing when a transaction is already open.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3* db) : db_(sqlite3_get_autocommit(db) ? db : nullptr) {
        if (db_) exec(db_, "BEGIN");
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction() {
        if (db_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* db_;
};

// [SECTION] Schema and migrations ------------------------------------------

// Stored enum names: part of the file format, fixed here whatever the in-memory
// spelling is elsewhere.
constexpr std::array<const char*, 6> kPrecisionNames = {"hour", "day", "month", "season", "year", "decade"};
constexpr std::array<const char*, 9> kQualifierNames = {"none",        "early",  "mid",   "late", "early-to-mid",
                                                        "mid-to-late", "before", "after", "circa"};

template <size_t N>
int index_of(const std::array<const char*, N>& names, const std::string& s, const char* what) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<int>(i);
    throw SqlError{SQLITE_CORRUPT, std::string("unknown ") + what + " '" + s + "'"};
}

// Migration i takes a file from user_version i to i + 1. Never edit a released
// entry: add a new one and raise Project::kSchemaVersion.
constexpr const char* kMigrations[] = {
    // v0 -> v1: the event store.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
  value TEXT NOT NULL
) STRICT;
CREATE TABLE sources (
  id        TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  title     TEXT NOT NULL CHECK (length(title) > 0),
  publisher TEXT NOT NULL DEFAULT '',
  author    TEXT NOT NULL DEFAULT '',
  date_text TEXT NOT NULL DEFAULT '',
  url       TEXT NOT NULL DEFAULT '',
  language  TEXT NOT NULL DEFAULT '',
  full_text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE excerpts (
  id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE RESTRICT ON UPDATE CASCADE,
  text       TEXT NOT NULL CHECK (length(text) > 0),
  span_begin INTEGER NOT NULL DEFAULT -1,
  span_end   INTEGER NOT NULL DEFAULT -1,
  CHECK ((span_begin = -1 AND span_end = -1) OR (span_begin >= 0 AND span_begin <= span_end))
) STRICT;
CREATE INDEX excerpts_by_source ON excerpts(source_id);
CREATE TABLE places (
  id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  kind          TEXT NOT NULL DEFAULT '',
  name_en       TEXT NOT NULL DEFAULT '',
  name_ru       TEXT NOT NULL DEFAULT '',
  name_kk       TEXT NOT NULL DEFAULT '',
  lat           REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon           REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  uncertainty_m REAL NOT NULL DEFAULT 0 CHECK (uncertainty_m >= 0),
  note          TEXT NOT NULL DEFAULT '',
  CHECK (length(name_en) + length(name_ru) + length(name_kk) > 0)
) STRICT;
CREATE TABLE events (
  id                 TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  title              TEXT NOT NULL CHECK (length(title) > 0),
  description        TEXT NOT NULL DEFAULT '',
  category           TEXT NOT NULL CHECK (length(category) > 0),
  time_text          TEXT NOT NULL DEFAULT '',
  time_canonical     TEXT NOT NULL,
  time_begin         INTEGER NOT NULL,
  time_end           INTEGER NOT NULL,
  time_precision     TEXT NOT NULL
                     CHECK (time_precision IN ('hour','day','month','season','year','decade')),
  time_qualifier     TEXT NOT NULL DEFAULT 'none'
                     CHECK (time_qualifier IN ('none','early','mid','late','early-to-mid','mid-to-late',
                                               'before','after','circa')),
  time_open_begin    INTEGER NOT NULL DEFAULT 0 CHECK (time_open_begin IN (0, 1)),
  time_open_end      INTEGER NOT NULL DEFAULT 0 CHECK (time_open_end IN (0, 1)),
  time_fuzz_begin    INTEGER NOT NULL DEFAULT 0 CHECK (time_fuzz_begin >= 0),
  time_fuzz_end      INTEGER NOT NULL DEFAULT 0 CHECK (time_fuzz_end >= 0),
  time_note          TEXT NOT NULL DEFAULT '',
  lat                REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon                REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  uncertainty_m      REAL NOT NULL DEFAULT 0 CHECK (uncertainty_m >= 0),
  location_precision TEXT NOT NULL
                     CHECK (location_precision IN ('building','street','neighbourhood','district','city','outside')),
  place_id           TEXT NOT NULL DEFAULT '',
  place_name         TEXT NOT NULL DEFAULT '',
  geocoding_note     TEXT NOT NULL DEFAULT '',
  note               TEXT NOT NULL DEFAULT '',
  CHECK (time_begin <= time_end)
) STRICT;
CREATE INDEX events_by_time ON events(time_begin, id);
CREATE TABLE event_excerpts (
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE ON UPDATE CASCADE,
  position   INTEGER NOT NULL CHECK (position >= 0),
  excerpt_id TEXT NOT NULL REFERENCES excerpts(id) ON DELETE RESTRICT ON UPDATE CASCADE,
  PRIMARY KEY (event_id, position),
  UNIQUE (event_id, excerpt_id)
) STRICT;
CREATE INDEX event_excerpts_by_excerpt ON event_excerpts(excerpt_id);
CREATE TABLE event_tags (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE ON UPDATE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  tag      TEXT NOT NULL CHECK (length(tag) > 0),
  PRIMARY KEY (event_id, position)
) STRICT;
CREATE TABLE event_actors (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE ON UPDATE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  actor    TEXT NOT NULL CHECK (length(actor) > 0),
  PRIMARY KEY (event_id, position)
) STRICT;
-- rowid = events.rowid; kept in sync by the store on every write.
CREATE VIRTUAL TABLE events_fts USING fts5(
  title, description, excerpts, tokenize = 'unicode61 remove_diacritics 2');
)sql",
    // v1 -> v2: excerpt locators; stories of slides.
    R"sql(
ALTER TABLE excerpts ADD COLUMN locator TEXT NOT NULL DEFAULT '';
CREATE TABLE stories (
  id    TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  title TEXT NOT NULL CHECK (length(title) > 0)
) STRICT;
CREATE TABLE slides (
  story_id           TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE ON UPDATE CASCADE,
  position           INTEGER NOT NULL CHECK (position >= 0),
  title              TEXT NOT NULL DEFAULT '',
  caption            TEXT NOT NULL DEFAULT '',
  notes              TEXT NOT NULL DEFAULT '',
  center_lat         REAL NOT NULL CHECK (center_lat BETWEEN -90 AND 90),
  center_lon         REAL NOT NULL CHECK (center_lon BETWEEN -180 AND 180),
  zoom               REAL NOT NULL CHECK (zoom BETWEEN 0 AND 30),
  time_cursor        INTEGER NOT NULL,
  window_begin       INTEGER NOT NULL,
  cumulative         INTEGER NOT NULL CHECK (cumulative IN (0, 1)),
  highlighted_events TEXT NOT NULL DEFAULT '[]',  -- JSON array of event ids
  visible_layers     TEXT NOT NULL DEFAULT '[]',  -- JSON array of layer names
  visible_categories TEXT NOT NULL DEFAULT '[]',  -- JSON array of category ids
  excerpt_id         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (story_id, position)
) STRICT;
)sql",
    // v2 -> v3: search across scripts. The full-text index also holds place names, tags
    // and a folded Latin column (core/translit.hpp fold_for_search) of all of them, so a
    // Cyrillic query finds Latin text and the reverse; rebuilt after the migrations.
    R"sql(
DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5(
  title, description, excerpts, places, tags, folded, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO meta(key, value) VALUES ('fts_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
)sql",
    // v3 -> v4: an event's place in its source's narrative, which breaks ties of time.
    R"sql(
ALTER TABLE events ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);
)sql",
    // v4 -> v5: what the last refresh from the shipped dataset wrote, one row per
    // shipped record, so that a refresh can tell the user's edits (the record no
    // longer hashes the same) and deletions (the row is here, the record is not)
    // from the shipped version.
    R"sql(
CREATE TABLE shipped (
  kind         TEXT NOT NULL CHECK (kind IN ('source','excerpt','place','event','story')),
  id           TEXT NOT NULL CHECK (length(id) > 0),
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 16),
  PRIMARY KEY (kind, id)
) STRICT;
)sql",
    // v5 -> v6: how long each slide is meant to be shown and was shown at the last
    // rehearsal (milliseconds, 0 = not set); the map layers the user added, in
    // drawing order (first = bottom), with their visibility and style.
    R"sql(
ALTER TABLE slides ADD COLUMN planned_ms INTEGER NOT NULL DEFAULT 0 CHECK (planned_ms >= 0);
ALTER TABLE slides ADD COLUMN rehearsed_ms INTEGER NOT NULL DEFAULT 0 CHECK (rehearsed_ms >= 0);
CREATE TABLE layers (
  position INTEGER PRIMARY KEY CHECK (position >= 0),
  path     TEXT NOT NULL CHECK (length(path) > 0),
  name     TEXT NOT NULL DEFAULT '',
  visible  INTEGER NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
  style    TEXT NOT NULL DEFAULT '{}'  -- JSON object: colours, widths, label field
) STRICT;
)sql",
    // v6 -> v7: an event may cover an area or follow a route: its WKT (POLYGON or
    // LINESTRING, lon lat) here; '' for a point, which lat/lon alone give.
    R"sql(
ALTER TABLE events ADD COLUMN geometry TEXT NOT NULL DEFAULT '';
)sql",
    // v7 -> v8: search reads only the folded search key (Project::search), so the
    // full-text index keeps that column alone: half the words to index on every
    // write, and no second copy of every text in the file. Rebuilt after the migrations.
    R"sql(
DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO meta(key, value) VALUES ('fts_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
)sql",
};
static_assert(std::size(kMigrations) == Project::kSchemaVersion, "one migration per schema version");

void refresh_fts(sqlite3* db, const std::string& event_id);

// Rewrites the full-text index of every event when a migration asked for it.
void rebuild_fts_if_asked(sqlite3* db) {
    if (pragma_int(db, "PRAGMA user_version") < 1) return;
    Stmt asked(db, "SELECT 1 FROM meta WHERE key = 'fts_rebuild'");
    if (!asked.step()) return;
    Transaction tx(db);
    std::vector<std::string> ids;
    Stmt all(db, "SELECT id FROM events ORDER BY rowid");
    while (all.step()) ids.push_back(all.text(0));
    for (const std::string& id : ids) refresh_fts(db, id);
    exec(db, "DELETE FROM meta WHERE key = 'fts_rebuild'");
    tx.commit();
}

void run_migrations(sqlite3* db, int from, int to) {
    for (int v = from; v < to; ++v) {
        Transaction tx(db);
        exec(db, kMigrations[v]);
        if (v == 0) {
            exec(db, ("PRAGMA application_id = " + std::to_string(Project::kApplicationId)).c_str());
            Stmt(db, "INSERT INTO meta(key, value) VALUES ('created_by', ?)")
                .bind(1, std::string("almaty-atlas ") + ATLAS_VERSION)
                .run();
        }
        exec(db, ("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
        tx.commit();
    }
    if (from < to) rebuild_fts_if_asked(db);
}

using TableColumns = std::map<std::string, std::vector<std::string>>;

TableColumns tables_and_columns(sqlite3* db) {
    TableColumns out;
    Stmt tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    while (tables.step()) out[tables.text(0)];
    for (auto& [table, columns] : out) {
        Stmt cols(db, "SELECT name FROM pragma_table_info(?)");
        cols.bind(1, table);
        while (cols.step()) columns.push_back(cols.text(0));
    }
    return out;
}

// The tables and columns a project at schema `version` has, from an empty
// database in memory brought to that version by the migrations themselves.
const TableColumns& expected_schema(int version) {
    static std::mutex mutex;
    static std::map<int, TableColumns> made;
    const std::lock_guard lock(mutex);
    if (auto it = made.find(version); it != made.end()) return it->second;
    sqlite3* mem = nullptr;
    if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
        sqlite3_close(mem);
        throw SqlError{SQLITE_NOMEM, "cannot open a database in memory"};
    }
    TableColumns schema;
    try {
        for (int v = 0; v < version; ++v) exec(mem, kMigrations[v]);
        schema = tables_and_columns(mem);
    } catch (...) {
        sqlite3_close(mem);
        throw;
    }
    sqlite3_close(mem);
    return made.emplace(version, std::move(schema)).first->second;
}

// What is missing from the file's tables for its schema version ("table
// 'excerpts' is missing"), or empty. Another tool may have dropped a table or
// rebuilt one without a column; reading would fail later with SQLite's words.
std::string missing_schema(sqlite3* db, int version) {
    if (version <= 0) return {};
    const TableColumns have = tables_and_columns(db);
    std::string out;
    auto add = [&](const std::string& what) { out += (out.empty() ? "" : "; ") + what; };
    for (const auto& [table, columns] : expected_schema(version)) {
        auto it = have.find(table);
        if (it == have.end()) {
            add("table '" + table + "' is missing");
            continue;
        }
        for (const std::string& c : columns)
            if (std::find(it->second.begin(), it->second.end(), c) == it->second.end())
                add("column '" + c + "' of table '" + table + "' is missing");
    }
    return out;
}

// [SECTION] Opening ------------------------------------------------------------

void harden(sqlite3* db) {
    int ignored = 0;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &ignored);
    // A project needs neither triggers nor views; a file that brings some cannot run them.
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, &ignored);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 256 * 1024 * 1024);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 256 * 1024);
    sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
    sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
    sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 100000);
    sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 16);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
    sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 100);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
    // Another writer (a second import, the window saving) usually finishes within
    // seconds: wait for it rather than fail at once.
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    exec(db, "PRAGMA trusted_schema = OFF");
    exec(db, "PRAGMA foreign_keys = ON");
    exec(db, "PRAGMA cell_size_check = ON");
}

struct DbCloser {
    sqlite3* db = nullptr;
    ~DbCloser() {
        if (db) sqlite3_close_v2(db);
    }
    sqlite3* release() { return std::exchange(db, nullptr); }
};

// How a project opened for reading only is opened. SQLite keeps a -wal and a
// -shm file beside a project in WAL mode; a read-only connection can neither
// create them in a read-only folder nor remove them when it closes.
enum class ReadOnlyAccess {
    Writable,   // the file and its folder are writable: opened read-write, with query_only on,
                // so that closing removes the -wal/-shm files as any last connection does
    Immutable,  // nothing beside the project can be written and no -wal file exists, so no
                // writer can be at work: read as an immutable file, touching nothing
    Shared,     // a -wal file exists (a writer is at work, or was killed): read through it
};

ReadOnlyAccess read_only_access(const fs::path& real) {
    const fs::path dir = real.has_parent_path() ? real.parent_path() : fs::path(".");
    if (::access(real.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0) return ReadOnlyAccess::Writable;
    std::error_code ec;
    if (!fs::exists(fs::path(real.string() + "-wal"), ec)) return ReadOnlyAccess::Immutable;
    return ReadOnlyAccess::Shared;
}

// "file:" URI of a path, with the characters URIs reserve escaped.
std::string sqlite_uri(const fs::path& p, bool immutable) {
    std::string uri = "file:";
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    for (unsigned char c : (ec ? p : abs).string()) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            uri += buf;
        } else {
            uri += static_cast<char>(c);
        }
    }
    if (immutable) uri += "?immutable=1";
    return uri;
}

// The rows behind quick_check's "CHECK constraint failed in <table>": each row
// is copied into an in-memory table of the same definition, which refuses the
// ones that break a CHECK. A connection of its own reads the file (read-only),
// so the project's connection and the file stay as they are. At most `limit`
// rows are named: "events row 3 (id 'ev-1'): CHECK constraint failed: lat BETWEEN -90 AND 90".
std::vector<std::string> rows_failing_checks(const fs::path& file, const std::string& table, size_t limit) {
    std::vector<std::string> out;
    sqlite3* mem = nullptr;
    if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(mem);
        return out;
    }
    try {
        Stmt(mem, "ATTACH ? AS proj").bind(1, sqlite_uri(file, false) + "?mode=ro").run();
        Stmt def(mem, "SELECT sql FROM proj.sqlite_schema WHERE type = 'table' AND name = ?");
        def.bind(1, table);
        if (!def.step()) throw Error("no such table");
        const std::string create = def.text(0);
        if (create.rfind("CREATE TABLE", 0) != 0) throw Error("not a plain table");
        exec(mem, create.c_str());  // unqualified: made in the in-memory database
        std::string quoted = "\"";
        for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        Stmt has_id(mem, "SELECT count(*) FROM pragma_table_info(?) WHERE name = 'id'");
        has_id.bind(1, table);
        const bool named = has_id.step() && has_id.i64(0) > 0;
        Stmt rows(mem, "SELECT rowid" + std::string(named ? ", id" : "") + " FROM proj." + quoted + " ORDER BY rowid");
        const std::string copy = "INSERT INTO main." + quoted + " SELECT * FROM proj." + quoted + " WHERE rowid = ?";
        sqlite3_stmt* ins = nullptr;
        if (sqlite3_prepare_v2(mem, copy.c_str(), -1, &ins, nullptr) != SQLITE_OK) throw Error("cannot copy");
        while (out.size() < limit && rows.step()) {
            sqlite3_bind_int64(ins, 1, rows.i64(0));
            const int rc = sqlite3_step(ins);
            if (rc != SQLITE_DONE) {
                std::string row = table + " row " + std::to_string(rows.i64(0));
                if (named) row += " (id '" + rows.text(1) + "')";
                out.push_back(row + ": " + sqlite3_errmsg(mem));
            }
            sqlite3_reset(ins);
        }
        sqlite3_finalize(ins);
    } catch (const std::exception&) {
        // Naming the rows is a help to the message; without it the message stands.
    }
    sqlite3_close(mem);
    return out;
}

// [SECTION] Who holds the project ----------------------------------------------
// While this program writes a project it keeps a small note beside it
// ("<project>.writer": process id, when, what), so that a second writer that
// waited kBusyTimeoutMs in vain can say which operation holds the file. The
// note is removed when the write ends; one left by a killed process names a
// process that no longer runs and is ignored.

std::string& write_activity() {
    static std::string activity = "a change to the project";
    return activity;
}

fs::path writer_note_path(const fs::path& project) { return fs::path(project.string() + ".writer"); }

class WriterNote {
public:
    explicit WriterNote(const fs::path& project) : note_(writer_note_path(project)) {
        std::ofstream out(note_, std::ios::trunc);
        if (!out) return;  // a folder we cannot write: the lock itself still works
        const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        char when[32] = "";
        struct tm tm {};
        if (::gmtime_r(&now, &tm)) std::strftime(when, sizeof when, "%H:%M:%S UTC", &tm);
        out << ::getpid() << "\n" << when << "\n" << write_activity() << "\n";
        written_ = static_cast<bool>(out);
    }
    ~WriterNote() {
        std::error_code ec;
        if (written_) fs::remove(note_, ec);
    }
    WriterNote(const WriterNote&) = delete;
    WriterNote& operator=(const WriterNote&) = delete;

private:
    fs::path note_;
    bool written_ = false;
};

// What to tell a writer that found the project busy for kBusyTimeoutMs.
std::string busy_message(const fs::path& project) {
    const std::string waited = " (waited " + std::to_string(kBusyTimeoutMs / 1000) + " s)";
    std::ifstream in(writer_note_path(project));
    long long pid = 0;
    std::string when, what;
    if (in >> pid && pid > 0 && std::getline(in >> std::ws, when) && std::getline(in, what)) {
        const bool alive = ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
        if (alive && pid != ::getpid())
            return "the project is busy: another Almaty Atlas (process " + std::to_string(pid) + ") is writing it: " +
                   what + ", since " + when + waited + "; try again when it has finished";
    }
    return "the project is locked by another program" + waited +
           " (no Almaty Atlas write is under way: an SQLite tool, or a program that has it open?); close it there, "
           "or try again";
}

bool is_busy(int code) { return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED; }
bool is_damage(int code) { return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB; }

}  // namespace

// [SECTION] Project ------------------------------------------------------------

Project::Project(sqlite3* db, fs::path path, bool read_only)
    : db_(db), path_(std::move(path)), read_only_(read_only) {}

Project::Project(Project&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), read_only_(other.read_only_) {}

Project& Project::operator=(Project&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        read_only_ = other.read_only_;
    }
    return *this;
}

Project::~Project() {
    if (db_) sqlite3_close_v2(db_);
}

Project Project::open(const fs::path& path, OpenMode mode) {
    const std::string name = path.string();
    auto fail = [&](const std::string& what) -> Error { return Error(Diagnostic{name, 0, {}, what}); };

    std::error_code ec;
    // A symbolic link is followed to the file it names; SQLite is then given
    // that file, so its -wal and -shm files sit beside the real project.
    fs::path real = path;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        real = fs::canonical(path, ec);
        if (ec == std::errc::too_many_symbolic_link_levels) throw fail("the symbolic links form a loop");
        if (ec) throw fail("is a symbolic link to a file that does not exist");
    }
    const auto st = fs::status(real, ec);
    const bool exists = !ec && fs::exists(st);
    const bool create = !exists && mode == OpenMode::CreateIfMissing;
    if (!exists && !create) throw fail("no such project file");
    if (exists) {
        if (fs::is_directory(st)) throw fail("is a directory, not a project file");
        if (!fs::is_regular_file(st)) throw fail("not a regular file");
        std::ifstream in(real, std::ios::binary);
        if (!in) throw fail("cannot be read (permission denied?)");
        std::array<char, 16> header{};
        in.read(header.data(), header.size());
        const auto got = in.gcount();
        if (got == 0) throw fail("not an Almaty Atlas project (empty file)");
        if (got < 16 || std::memcmp(header.data(), "SQLite format 3", 16) != 0)
            throw fail("not an Almaty Atlas project (not an SQLite database)");
        if (mode != OpenMode::ReadOnly) {
            struct stat sb {};
            if (::access(real.c_str(), W_OK) != 0 || (::stat(real.c_str(), &sb) == 0 && (sb.st_mode & 0222) == 0))
                throw fail("the file is read-only; open it read-only to look at it, or copy it to edit");
        }
    }

    const bool read_only = mode == OpenMode::ReadOnly;
    const ReadOnlyAccess access = read_only ? read_only_access(real) : ReadOnlyAccess::Writable;
    int flags = (access == ReadOnlyAccess::Writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
                SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI;
#ifdef SQLITE_OPEN_NOFOLLOW
    flags |= SQLITE_OPEN_NOFOLLOW;
#endif
    if (create) flags |= SQLITE_OPEN_CREATE;

    DbCloser guard;
    const std::string uri = sqlite_uri(real, access == ReadOnlyAccess::Immutable);
    int rc = sqlite3_open_v2(uri.c_str(), &guard.db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = guard.db ? sqlite3_errmsg(guard.db) : sqlite3_errstr(rc);
        throw fail("cannot open: " + msg);
    }
    try {
        sqlite3* db = guard.db;
        harden(db);
        if (read_only) exec(db, "PRAGMA query_only = ON");

        if (exists) {
            // Reads only: a file that fails any check is left exactly as it was.
            Stmt check(db, "PRAGMA quick_check(20)");
            std::string problems;
            bool only_values = true;  // every problem a row breaking a CHECK, named
            while (check.step()) {
                std::string row = check.text(0);
                if (row == "ok") continue;
                only_values = only_values && row.rfind("CHECK constraint failed in ", 0) == 0;
                // A CHECK broken by another program's write: name the rows, not just the table.
                static constexpr std::string_view kCheck = "CHECK constraint failed in ";
                if (row.rfind(kCheck, 0) == 0) {
                    const std::vector<std::string> rows = rows_failing_checks(real, row.substr(kCheck.size()), 5);
                    if (!rows.empty()) {
                        row.clear();
                        for (const std::string& r : rows) row += (row.empty() ? "" : "; ") + r;
                    } else {
                        only_values = false;
                    }
                }
                if (problems.find(row) != std::string::npos) continue;
                if (!problems.empty()) problems += "; ";
                problems += row;
            }
            if (!problems.empty() && only_values)
                throw fail("the project file holds values its rules forbid, written by another program (" + problems +
                           "); correct them with an SQLite tool, or restore it from a backup");
            if (!problems.empty())
                throw fail("the project file is damaged (" + problems + "); restore it from a backup");
            const int64_t app_id = pragma_int(db, "PRAGMA application_id");
            const int64_t version = pragma_int(db, "PRAGMA user_version");
            const int64_t objects = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
            if (app_id != kApplicationId && !(app_id == 0 && version == 0 && objects == 0))
                throw fail("not an Almaty Atlas project (an SQLite database of another program)");
            if (version > kSchemaVersion)
                throw fail("made by a newer Almaty Atlas (schema " + std::to_string(version) +
                           "; this build reads up to " + std::to_string(kSchemaVersion) + ")");
            if (version < 0) throw fail("the project file is damaged (negative schema version)");
            if (const std::string missing = missing_schema(db, static_cast<int>(version)); !missing.empty())
                throw fail("the project file is damaged (" + missing + "); restore it from a backup");
        }
        if (!read_only) {
            // Take the write lock once now, so that a file another program is writing
            // is reported at open rather than at the first save.
            try {
                Transaction probe(db);
                probe.commit();
            } catch (const SqlError& e) {
                if (is_busy(e.code)) throw fail(busy_message(path));
                throw;
            }
            exec(db, "PRAGMA journal_mode = WAL");
            const int version = static_cast<int>(pragma_int(db, "PRAGMA user_version"));
            run_migrations(db, version, kSchemaVersion);
        }
    } catch (const SqlError& e) {
        if (is_busy(e.code))
            throw fail(busy_message(path));
        if (is_damage(e.code)) throw fail("the project file is damaged (" + e.message + "); restore it from a backup");
        if ((e.code & 0xff) == SQLITE_READONLY)
            throw fail("the file cannot be written; open it read-only to look at it, or copy it to edit");
        throw fail(e.message);
    }
    return Project(guard.release(), path, read_only);
}

void Project::create_at_schema_version(const fs::path& path, int version) {
    if (version < 0 || version > kSchemaVersion) throw Error("create_at_schema_version: no such version");
    DbCloser guard;
    const std::string name = path.string();
    int rc = sqlite3_open_v2(name.c_str(), &guard.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) throw Error(name, 0, "cannot create");
    try {
        harden(guard.db);
        // Version 0 is an SQLite file with nothing in it (a header and an empty schema).
        exec(guard.db, "CREATE TABLE empty_v0 (x); DROP TABLE empty_v0;");
        run_migrations(guard.db, 0, version);
    } catch (const SqlError& e) {
        throw Error(name, 0, e.message);
    }
}

void Project::save_copy(const fs::path& to) const {
    const std::string name = to.string();
    std::error_code ec;
    if (fs::exists(to, ec) && fs::equivalent(to, path_, ec)) throw Error(name, 0, "cannot save a copy: it is this project's own file");
    if (fs::is_directory(to, ec)) throw Error(name, 0, "cannot save a copy: a folder is there");
    const fs::path tmp = fs::path(name + ".part");
    fs::remove(tmp, ec);
    {
        DbCloser guard;
        int rc = sqlite3_open_v2(tmp.c_str(), &guard.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        if (rc != SQLITE_OK) {
            const std::string why = guard.db ? sqlite3_errmsg(guard.db) : sqlite3_errstr(rc);
            if (guard.db) sqlite3_close_v2(guard.release());
            fs::remove(tmp, ec);
            throw Error(name, 0, "cannot save a copy: " + why);
        }
        sqlite3_backup* b = sqlite3_backup_init(guard.db, "main", db_, "main");
        if (!b) {
            const std::string why = sqlite3_errmsg(guard.db);
            sqlite3_close_v2(guard.release());
            fs::remove(tmp, ec);
            throw Error(name, 0, "cannot save a copy: " + why);
        }
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE) {
            // One file, no -wal beside it: the copy is complete as it stands.
            char* err = nullptr;
            sqlite3_exec(guard.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &err);
            sqlite3_free(err);
        }
        sqlite3_close_v2(guard.release());
        if (rc != SQLITE_DONE) {
            fs::remove(tmp, ec);
            throw Error(name, 0, std::string("cannot save a copy: ") + sqlite3_errstr(rc));
        }
    }
    fs::rename(tmp, to, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw Error(name, 0, "cannot save a copy: " + ec.message());
    }
}

void Project::set_write_activity(std::string what) { write_activity() = std::move(what); }

int Project::schema_version() const { return static_cast<int>(pragma_int(db_, "PRAGMA user_version")); }

int64_t Project::changes_by_others() const { return pragma_int(db_, "PRAGMA data_version"); }

// [SECTION] Reading -----------------------------------------------------------
namespace {

nlohmann::json strings_to_json(const std::vector<std::string>& v) { return nlohmann::json(v); }

std::vector<std::string> json_to_strings(const std::string& text) {
    std::vector<std::string> out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& x : j)
        if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
}

constexpr const char* kEventColumns =
    "id, title, description, category, time_text, time_begin, time_end, time_precision, time_qualifier, "
    "time_open_begin, time_open_end, time_fuzz_begin, time_fuzz_end, time_note, lat, lon, uncertainty_m, "
    "location_precision, place_id, place_name, geocoding_note, note";

// The event columns of a file at schema `version` (sequence, from v4, is 0 before).
std::string event_select(int version) {
    return std::string("SELECT ") + kEventColumns + (version >= 4 ? ", sequence" : ", 0") +
           (version >= 7 ? ", geometry" : ", ''") + " FROM events";
}

Event event_from_row(const Stmt& s) {
    Event e;
    e.id = s.text(0);
    e.title = s.text(1);
    e.description = s.text(2);
    e.category = s.text(3);
    e.time_text = s.text(4);
    e.time.begin = s.i64(5);
    e.time.end = s.i64(6);
    e.time.precision = static_cast<TimePrecision>(index_of(kPrecisionNames, s.text(7), "time precision"));
    e.time.qualifier = static_cast<TimeQualifier>(index_of(kQualifierNames, s.text(8), "time qualifier"));
    e.time.open_begin = s.i64(9) != 0;
    e.time.open_end = s.i64(10) != 0;
    e.time.fuzz_begin = s.i64(11);
    e.time.fuzz_end = s.i64(12);
    e.time.note = s.text(13);
    e.location.lat = s.real(14);
    e.location.lon = s.real(15);
    e.location.uncertainty_m = s.real(16);
    auto lp = location_precision_from_string(s.text(17));
    if (!lp) throw SqlError{SQLITE_CORRUPT, "unknown location precision '" + s.text(17) + "'"};
    e.location.precision = *lp;
    e.location.place_id = s.text(18);
    e.location.place_name = s.text(19);
    e.location.geocoding_note = s.text(20);
    e.note = s.text(21);
    e.sequence = s.i64(22);
    if (const std::string wkt = s.text(23); !wkt.empty()) {
        try {
            Shape shape = parse_wkt(wkt);
            e.location.shape = shape.kind;
            if (shape.kind != ShapeKind::Point) e.location.vertices = std::move(shape.vertices);
        } catch (const Error& x) {
            throw SqlError{SQLITE_CORRUPT, "event '" + e.id + "': geometry: " + x.what()};
        }
    }
    return e;
}

std::vector<std::string> read_list(Sql& sql, const char* query, const std::string& id) {
    std::vector<std::string> out;
    Stmt& s = sql(query);
    s.bind(1, id);
    while (s.step()) out.push_back(s.text(0));
    return out;
}
std::vector<std::string> read_list(sqlite3* db, const char* query, const std::string& id) {
    Sql sql(db);
    return read_list(sql, query, id);
}

// Every event's tags, actors and excerpts, one ordered pass over each list
// table (not three look-ups per event). Rows of events not in `events` are
// skipped.
void read_all_event_lists(sqlite3* db, std::vector<Event>& events) {
    std::unordered_map<std::string_view, Event*> by_id;
    by_id.reserve(events.size());
    for (Event& e : events) by_id.emplace(e.id, &e);
    auto read = [&](const char* query, std::vector<std::string> Event::*list) {
        Stmt s(db, query);
        Event* e = nullptr;
        while (s.step()) {
            const auto id = s.view(0);
            if (!e || e->id != id) {
                auto it = by_id.find(id);
                e = it == by_id.end() ? nullptr : it->second;
                if (!e) continue;
            }
            (e->*list).push_back(s.text(1));
        }
    };
    read("SELECT event_id, tag FROM event_tags ORDER BY event_id, position", &Event::tags);
    read("SELECT event_id, actor FROM event_actors ORDER BY event_id, position", &Event::actors);
    read("SELECT event_id, excerpt_id FROM event_excerpts ORDER BY event_id, position", &Event::excerpt_ids);
}

void read_event_lists(Sql& sql, Event& e) {
    e.tags = read_list(sql, "SELECT tag FROM event_tags WHERE event_id = ? ORDER BY position", e.id);
    e.actors = read_list(sql, "SELECT actor FROM event_actors WHERE event_id = ? ORDER BY position", e.id);
    e.excerpt_ids =
        read_list(sql, "SELECT excerpt_id FROM event_excerpts WHERE event_id = ? ORDER BY position", e.id);
}

const std::string& event_by_id_select() {
    static const std::string q = event_select(Project::kSchemaVersion) + " WHERE id = ?";
    return q;
}

std::optional<Event> read_event(Sql& sql, const std::string& id) {
    Stmt& s = sql(event_by_id_select());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Event e = event_from_row(s);
    read_event_lists(sql, e);
    return e;
}
std::optional<Event> read_event(sqlite3* db, const std::string& id) {
    Sql sql(db);
    return read_event(sql, id);
}

Source source_from_row(const Stmt& s) {
    return Source{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)};
}
constexpr const char* kSourceSelect =
    "SELECT id, title, publisher, author, date_text, url, language, full_text FROM sources";

std::optional<Source> read_source(sqlite3* db, const std::string& id) {
    Stmt s(db, std::string(kSourceSelect) + " WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return source_from_row(s);
}

std::string excerpt_select(int version) {
    return std::string("SELECT id, source_id, text, span_begin, span_end, ") +
           (version >= 2 ? "locator" : "''") + " FROM excerpts";
}
Excerpt excerpt_from_row(const Stmt& s) {
    return Excerpt{s.text(0), s.text(1), s.text(2), s.i64(3), s.i64(4), s.text(5)};
}
std::optional<Excerpt> read_excerpt(sqlite3* db, const std::string& id) {
    Stmt s(db, excerpt_select(Project::kSchemaVersion) + " WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return excerpt_from_row(s);
}

constexpr const char* kPlaceSelect =
    "SELECT id, kind, name_en, name_ru, name_kk, lat, lon, uncertainty_m, note FROM places";
Place place_from_row(const Stmt& s) {
    Place p;
    p.id = s.text(0);
    p.kind = s.text(1);
    p.name_en = s.text(2);
    p.name_ru = s.text(3);
    p.name_kk = s.text(4);
    p.lat = s.real(5);
    p.lon = s.real(6);
    p.uncertainty_m = s.real(7);
    p.note = s.text(8);
    return p;
}
std::optional<Place> read_place(sqlite3* db, const std::string& id) {
    Stmt s(db, std::string(kPlaceSelect) + " WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return place_from_row(s);
}

// `version`: the file's schema (a project opened read-only is not migrated;
// before v6 slides have no planned or rehearsed times).
void read_slides(sqlite3* db, Story& story, int version) {
    Stmt s(db, std::string("SELECT title, caption, notes, center_lat, center_lon, zoom, time_cursor, window_begin, "
                           "cumulative, highlighted_events, visible_layers, visible_categories, excerpt_id, ") +
                   (version >= 6 ? "planned_ms, rehearsed_ms" : "0, 0") +
                   " FROM slides WHERE story_id = ? ORDER BY position");
    s.bind(1, story.id);
    while (s.step()) {
        Slide sl;
        sl.title = s.text(0);
        sl.caption = s.text(1);
        sl.notes = s.text(2);
        sl.camera = CameraView{s.real(3), s.real(4), s.real(5)};
        sl.time_cursor = s.i64(6);
        sl.window_begin = s.i64(7);
        sl.cumulative = s.i64(8) != 0;
        sl.highlighted_event_ids = json_to_strings(s.text(9));
        sl.visible_layers = json_to_strings(s.text(10));
        sl.visible_categories = json_to_strings(s.text(11));
        sl.excerpt_id = s.text(12);
        sl.planned_ms = s.i64(13);
        sl.rehearsed_ms = s.i64(14);
        story.slides.push_back(std::move(sl));
    }
}

std::optional<Story> read_story(sqlite3* db, const std::string& id) {
    Stmt s(db, "SELECT id, title FROM stories WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Story story{s.text(0), s.text(1), {}};
    read_slides(db, story, Project::kSchemaVersion);  // written only after migration
    return story;
}

// [SECTION] Writing -----------------------------------------------------------

void write_source(sqlite3* db, const Source& x) {
    Stmt(db,
         "INSERT INTO sources (id, title, publisher, author, date_text, url, language, full_text) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET title = ?2, publisher = ?3, "
         "author = ?4, date_text = ?5, url = ?6, language = ?7, full_text = ?8")
        .bind(1, x.id).bind(2, x.title).bind(3, x.publisher).bind(4, x.author).bind(5, x.date_text)
        .bind(6, x.url).bind(7, x.language).bind(8, x.full_text)
        .run();
}

void write_excerpt(sqlite3* db, const Excerpt& x) {
    Stmt(db,
         "INSERT INTO excerpts (id, source_id, text, span_begin, span_end, locator) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
         "ON CONFLICT(id) DO UPDATE SET source_id = ?2, text = ?3, span_begin = ?4, span_end = ?5, locator = ?6")
        .bind(1, x.id).bind(2, x.source_id).bind(3, x.text).bind(4, x.span_begin).bind(5, x.span_end)
        .bind(6, x.locator)
        .run();
}

void write_place(sqlite3* db, const Place& p) {
    Stmt(db,
         "INSERT INTO places (id, kind, name_en, name_ru, name_kk, lat, lon, uncertainty_m, note) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET kind = ?2, name_en = ?3, "
         "name_ru = ?4, name_kk = ?5, lat = ?6, lon = ?7, uncertainty_m = ?8, note = ?9")
        .bind(1, p.id).bind(2, p.kind).bind(3, p.name_en).bind(4, p.name_ru).bind(5, p.name_kk).bind(6, p.lat)
        .bind(7, p.lon).bind(8, p.uncertainty_m).bind(9, p.note)
        .run();
}

// The texts of excerpts, in the order given, one per line.
std::string excerpt_texts(Sql& sql, const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        Stmt& x = sql("SELECT text FROM excerpts WHERE id = ?");
        x.bind(1, id);
        if (!x.step()) continue;
        if (!out.empty()) out += '\n';
        out += x.text(0);
    }
    return out;
}

// The names of the place record `place_id`, one per line.
std::string place_record_names(Sql& sql, const std::string& place_id) {
    std::string out;
    if (place_id.empty()) return out;
    Stmt& place = sql("SELECT name_en, name_ru, name_kk FROM places WHERE id = ?");
    place.bind(1, place_id);
    if (place.step())
        for (int c = 0; c < 3; ++c)
            if (const std::string n = place.text(c); !n.empty()) out += (out.empty() ? "" : "\n") + n;
    return out;
}

std::string own_words(const std::string& title, const std::string& description, const std::string& place_name,
                      const std::string& tags) {
    return fold_for_search(title + "\n" + description + "\n" + place_name + "\n" + tags);
}

std::string joined_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& x : items) out += (out.empty() ? "" : "\n") + x;
    return out;
}

// Writes the full-text row `rowid`: the event's own words (event_search_words)
// and the words of the excerpts and the place record it links to. `fresh`: the
// event was just inserted, so it has no full-text row to delete yet.
void write_fts(Sql& sql, int64_t rowid, const std::string& own, const std::string& linked_text, bool fresh) {
    std::string key = own;
    if (const std::string linked = fold_for_search(linked_text); !linked.empty())
        key += (key.empty() ? "" : " ") + linked;
    if (!fresh) sql("DELETE FROM events_fts WHERE rowid = ?").bind(1, rowid).run();
    sql("INSERT INTO events_fts (rowid, folded) VALUES (?, ?)").bind(1, rowid).bind_ref(2, key).run();
}

// Rewrites the full-text row of one event from what is stored now (after a
// change to an excerpt or a place it rests on).
void refresh_fts(Sql& sql, const std::string& event_id) {
    Stmt& row = sql("SELECT rowid, title, description, place_name, place_id FROM events WHERE id = ?");
    row.bind(1, event_id);
    if (!row.step()) return;
    const int64_t rowid = row.i64(0);
    const std::string title = row.text(1), description = row.text(2), place_name = row.text(3),
                      place_id = row.text(4);
    std::string linked;
    Stmt& xs = sql("SELECT x.text FROM event_excerpts ee JOIN excerpts x ON x.id = ee.excerpt_id "
                   "WHERE ee.event_id = ? ORDER BY ee.position");
    xs.bind(1, event_id);
    while (xs.step()) {
        if (!linked.empty()) linked += '\n';
        linked += xs.text(0);
    }
    const std::string names = place_record_names(sql, place_id);
    if (!names.empty()) linked += (linked.empty() ? "" : "\n") + names;
    std::string tags;
    Stmt& ts = sql("SELECT tag FROM event_tags WHERE event_id = ? ORDER BY position");
    ts.bind(1, event_id);
    while (ts.step()) tags += (tags.empty() ? "" : "\n") + ts.text(0);
    write_fts(sql, rowid, own_words(title, description, place_name, tags), linked, false);
}
void refresh_fts(sqlite3* db, const std::string& event_id) {
    Sql sql(db);
    refresh_fts(sql, event_id);
}

// Events placed at a place record.
std::vector<std::string> events_at_place(sqlite3* db, const std::string& place_id) {
    std::vector<std::string> ids;
    Stmt s(db, "SELECT id FROM events WHERE place_id = ?");
    s.bind(1, place_id);
    while (s.step()) ids.push_back(s.text(0));
    return ids;
}

void write_list(Sql& sql, const char* del, const char* ins, const std::string& id,
                const std::vector<std::string>& items, bool fresh) {
    if (!fresh) sql(del).bind(1, id).run();
    for (size_t i = 0; i < items.size(); ++i)
        sql(ins).bind_ref(1, id).bind(2, static_cast<int64_t>(i)).bind_ref(3, items[i]).run();
}

// Writes an event, its lists and its full-text row. `fresh`: the event is not
// in the project yet (nothing of it to delete first). `own`: its
// event_search_words when the caller has them already.
void write_event(Sql& sql, const Event& e, bool fresh = false, const std::string* own = nullptr) {
    const auto& t = e.time;
    sql(
         "INSERT INTO events (id, title, description, category, time_text, time_canonical, time_begin, time_end, "
         "time_precision, time_qualifier, time_open_begin, time_open_end, time_fuzz_begin, time_fuzz_end, "
         "time_note, lat, lon, uncertainty_m, location_precision, place_id, place_name, geocoding_note, note, "
         "sequence, geometry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
         "?19, ?20, ?21, ?22, ?23, ?24, ?25) ON CONFLICT(id) DO UPDATE SET title = ?2, description = ?3, category = ?4, time_text = ?5, "
         "time_canonical = ?6, time_begin = ?7, time_end = ?8, time_precision = ?9, time_qualifier = ?10, "
         "time_open_begin = ?11, time_open_end = ?12, time_fuzz_begin = ?13, time_fuzz_end = ?14, time_note = ?15, "
         "lat = ?16, lon = ?17, uncertainty_m = ?18, location_precision = ?19, place_id = ?20, place_name = ?21, "
         "geocoding_note = ?22, note = ?23, sequence = ?24, geometry = ?25")
        .bind_ref(1, e.id).bind_ref(2, e.title).bind_ref(3, e.description).bind_ref(4, e.category).bind_ref(5, e.time_text)
        .bind_ref(6, format_time(t)).bind(7, t.begin).bind(8, t.end)
        .bind_ref(9, kPrecisionNames.at(static_cast<size_t>(t.precision)))
        .bind_ref(10, kQualifierNames.at(static_cast<size_t>(t.qualifier)))
        .bind(11, t.open_begin).bind(12, t.open_end).bind(13, t.fuzz_begin).bind(14, t.fuzz_end).bind_ref(15, t.note)
        .bind(16, e.location.lat).bind(17, e.location.lon).bind(18, e.location.uncertainty_m)
        .bind_ref(19, to_string(e.location.precision)).bind_ref(20, e.location.place_id).bind_ref(21, e.location.place_name)
        .bind_ref(22, e.location.geocoding_note).bind_ref(23, e.note).bind(24, e.sequence)
        .bind_ref(25, e.location.shape == ShapeKind::Point ? std::string() : to_wkt(e.location))
        .run();
    // The row just inserted (before the lists' rows change what SQLite reports).
    const int64_t inserted_rowid = sqlite3_last_insert_rowid(sql.db());
    write_list(sql, "DELETE FROM event_tags WHERE event_id = ?",
               "INSERT INTO event_tags (event_id, position, tag) VALUES (?, ?, ?)", e.id, e.tags, fresh);
    write_list(sql, "DELETE FROM event_actors WHERE event_id = ?",
               "INSERT INTO event_actors (event_id, position, actor) VALUES (?, ?, ?)", e.id, e.actors, fresh);
    write_list(sql, "DELETE FROM event_excerpts WHERE event_id = ?",
               "INSERT INTO event_excerpts (event_id, position, excerpt_id) VALUES (?, ?, ?)", e.id, e.excerpt_ids,
               fresh);
    // The full-text row from the event at hand: what was just written, without reading it back.
    int64_t rowid = 0;
    if (fresh) {
        rowid = inserted_rowid;
    } else {
        Stmt& row = sql("SELECT rowid FROM events WHERE id = ?");
        row.bind(1, e.id);
        if (!row.step()) return;
        rowid = row.i64(0);
    }
    std::string linked = excerpt_texts(sql, e.excerpt_ids);
    if (const std::string names = place_record_names(sql, e.location.place_id); !names.empty())
        linked += (linked.empty() ? "" : "\n") + names;
    write_fts(sql, rowid, own ? *own : event_search_words(e), linked, fresh);
}
void write_event(sqlite3* db, const Event& e) {
    Sql sql(db);
    write_event(sql, e);
}

void write_story(sqlite3* db, const Story& story) {
    Stmt(db, "INSERT INTO stories (id, title) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET title = ?2")
        .bind(1, story.id).bind(2, story.title)
        .run();
    Stmt(db, "DELETE FROM slides WHERE story_id = ?").bind(1, story.id).run();
    Stmt ins(db,
             "INSERT INTO slides (story_id, position, title, caption, notes, center_lat, center_lon, zoom, "
             "time_cursor, window_begin, cumulative, highlighted_events, visible_layers, visible_categories, "
             "excerpt_id, planned_ms, rehearsed_ms) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    for (size_t i = 0; i < story.slides.size(); ++i) {
        const Slide& sl = story.slides[i];
        ins.reset();
        ins.bind(1, story.id).bind(2, static_cast<int64_t>(i)).bind(3, sl.title).bind(4, sl.caption)
            .bind(5, sl.notes).bind(6, sl.camera.center_lat).bind(7, sl.camera.center_lon).bind(8, sl.camera.zoom)
            .bind(9, sl.time_cursor).bind(10, sl.window_begin).bind(11, sl.cumulative)
            .bind(12, strings_to_json(sl.highlighted_event_ids).dump())
            .bind(13, strings_to_json(sl.visible_layers).dump())
            .bind(14, strings_to_json(sl.visible_categories).dump()).bind(15, sl.excerpt_id)
            .bind(16, std::max<int64_t>(0, sl.planned_ms)).bind(17, std::max<int64_t>(0, sl.rehearsed_ms))
            .run();
    }
}

// An event, its lists (by cascade) and its full-text row.
void erase_event(sqlite3* db, const std::string& id) {
    Stmt row(db, "SELECT rowid FROM events WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return;
    Stmt(db, "DELETE FROM events_fts WHERE rowid = ?").bind(1, row.i64(0)).run();
    Stmt(db, "DELETE FROM events WHERE id = ?").bind(1, id).run();
}

std::vector<std::string> events_linking(sqlite3* db, const std::string& excerpt_id) {
    return read_list(db, "SELECT event_id FROM event_excerpts WHERE excerpt_id = ?", excerpt_id);
}

}  // namespace

// [SECTION] Public reading and writing ------------------------------------------

namespace {
// A failed write as the user is told it, naming the project file.
Error write_error(const SqlError& e, const fs::path& path) {
    std::string msg = e.message;
    if ((e.code & 0xff) == SQLITE_CONSTRAINT) msg = "refused by the project's rules: " + msg;
    if (is_busy(e.code)) msg = busy_message(path) + "; nothing was saved";
    return Error(Diagnostic{path.string(), 0, {}, msg});
}

// Runs `fn` in one write transaction; any failure rolls back and becomes an
// atlas::Error naming the project file.
template <class Fn>
auto write_tx(sqlite3* db, const fs::path& path, bool read_only, Fn&& fn) {
    if (read_only) throw Error(Diagnostic{path.string(), 0, {}, "the project was opened read-only"});
    try {
        Transaction tx(db);
        const WriterNote note(path);
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            tx.commit();
        } else {
            auto r = fn();
            tx.commit();
            return r;
        }
    } catch (const SqlError& e) {
        throw write_error(e, path);
    }
}

template <class Fn>
auto read_guard(const fs::path& path, Fn&& fn) {
    try {
        return fn();
    } catch (const SqlError& e) {
        throw Error(Diagnostic{path.string(), 0, {}, e.message});
    }
}
}  // namespace

Dataset Project::load() const {
    return read_guard(path_, [&] {
        Dataset d;
        const ReadTransaction snapshot(db_);
        const int version = schema_version();
        if (version == 0) return d;
        {
            Stmt s(db_, std::string(kSourceSelect) + " ORDER BY id");
            while (s.step()) d.sources.push_back(source_from_row(s));
        }
        {
            Stmt s(db_, excerpt_select(version) + " ORDER BY source_id, span_begin, id");
            while (s.step()) d.excerpts.push_back(excerpt_from_row(s));
        }
        {
            Stmt s(db_, std::string(kPlaceSelect) + " ORDER BY id");
            while (s.step()) d.places.push_back(place_from_row(s));
        }
        {
            // Read in the table's own order and put in time order here: SQLite
            // would walk the time index and fetch each row from wherever it lies.
            Stmt s(db_, event_select(version));
            std::vector<Event> stored;
            stored.reserve(static_cast<size_t>(pragma_int(db_, "SELECT count(*) FROM events")));
            while (s.step()) stored.push_back(event_from_row(s));
            std::vector<uint32_t> order(stored.size());
            std::iota(order.begin(), order.end(), 0u);
            std::sort(order.begin(), order.end(),
                      [&](uint32_t a, uint32_t b) { return chronological_before(stored[a], stored[b]); });
            d.events.reserve(stored.size());
            for (uint32_t i : order) d.events.push_back(std::move(stored[i]));
            read_all_event_lists(db_, d.events);
        }
        if (version >= 2) {
            Stmt s(db_, "SELECT id, title FROM stories ORDER BY rowid");
            while (s.step()) d.stories.push_back(Story{s.text(0), s.text(1), {}});
            for (Story& st : d.stories) read_slides(db_, st, version);
        }
        return d;
    });
}

MergeStats Project::merge(const Dataset& d) {
    ProjectImport in(*this);
    for (const Source& x : d.sources) in.put(x);
    for (const Excerpt& x : d.excerpts) in.put(x);
    for (const Place& x : d.places) in.put(x);
    for (const Event& x : d.events) in.put(x);
    for (const Story& x : d.stories) in.put(x);
    return in.commit();
}

// [SECTION] One import, written as it is read ------------------------------------

std::string event_search_words(const Event& e) {
    return own_words(e.title, e.description, e.location.place_name, joined_lines(e.tags));
}

struct ProjectImport::State {
    State(Project& p, Mode m) : project(p), mode(m) {}
    Project& project;
    Mode mode;
    std::optional<WriterNote> note;
    std::optional<Transaction> tx;
    std::optional<Sql> sql;
    MergeStats stats;
    std::set<std::string> refresh;  // events whose excerpt or place changed under them
    std::vector<std::string> set_aside;  // CREATE INDEX statements to run at commit (NewFile)
    bool ids_table = false;

    void count(bool existed, bool same) {
        if (!existed) ++stats.added;
        else if (same) ++stats.unchanged;
        else ++stats.updated;
    }
    // Writes a record unless the project holds it as it is, and counts it;
    // true when it was written.
    template <class Record, class Read, class Write>
    bool put_record(const Record& x, Read read, Write write) {
        const std::optional<Record> old = read(project.handle(), x.id);
        count(old.has_value(), old && *old == x);
        if (old && *old == x) return false;
        write(project.handle(), x);
        return true;
    }
    // Runs one step; a failure becomes an atlas::Error naming the project.
    template <class Fn>
    auto step(Fn&& fn) {
        if (!tx) throw Error(Diagnostic{project.path().string(), 0, {}, "the import has ended"});
        try {
            return fn();
        } catch (const SqlError& e) {
            throw write_error(e, project.path());
        }
    }
};

ProjectImport::ProjectImport(Project& project, Mode mode) : s_(std::make_unique<State>(project, mode)) {
    if (project.read_only())
        throw Error(Diagnostic{project.path().string(), 0, {}, "the project was opened read-only"});
    sqlite3* db = project.handle();
    try {
        if (mode == Mode::NewFile) {
            // A file nobody else has and that is deleted if the import fails: the
            // rollback journal in memory (it holds only the few pages the new file
            // had, not the rows added) and no syncing while it fills; commit() sets
            // both back.
            exec(db, "PRAGMA journal_mode = MEMORY");
            exec(db, "PRAGMA synchronous = OFF");
        }
        s_->note.emplace(project.path());
        s_->tx.emplace(db);
        if (mode == Mode::NewFile) {
            // The secondary indexes (events by time, ...) are dropped while the rows go
            // in and made again at commit(): one sort instead of a random insert per row.
            std::vector<std::string> names;
            Stmt indexes(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
            while (indexes.step()) {
                names.push_back(indexes.text(0));
                s_->set_aside.push_back(indexes.text(1));
            }
            for (const std::string& name : names) exec(db, ("DROP INDEX \"" + name + "\"").c_str());
        }
        s_->sql.emplace(db);
    } catch (const SqlError& e) {
        throw write_error(e, project.path());
    }
}

ProjectImport::~ProjectImport() {
    if (!s_->tx) return;
    s_->sql.reset();
    s_->tx.reset();  // rolls back
    if (s_->ids_table) sqlite3_exec(s_->project.handle(), "DROP TABLE temp.import_ids", nullptr, nullptr, nullptr);
}

void ProjectImport::put(const Source& x) {
    s_->step([&] { s_->put_record(x, read_source, write_source); });
}

void ProjectImport::put(const Excerpt& x) {
    s_->step([&] {
        if (s_->put_record(x, read_excerpt, write_excerpt))
            for (auto& id : events_linking(s_->project.handle(), x.id)) s_->refresh.insert(id);
    });
}

void ProjectImport::put(const Place& x) {
    s_->step([&] {
        if (s_->put_record(x, read_place, write_place))
            for (auto& id : events_at_place(s_->project.handle(), x.id)) s_->refresh.insert(id);
    });
}

void ProjectImport::put(const Event& e) { put(e, event_search_words(e)); }

void ProjectImport::put(const Event& e, const std::string& own_words) {
    s_->step([&] {
        auto old = read_event(*s_->sql, e.id);
        s_->count(old.has_value(), old && *old == e);
        if (!old || !(*old == e)) write_event(*s_->sql, e, !old, &own_words);
    });
}

void ProjectImport::put(const Story& x) {
    s_->step([&] { s_->put_record(x, read_story, write_story); });
}

std::optional<Excerpt> ProjectImport::excerpt(const std::string& id) {
    return s_->step([&] { return read_excerpt(s_->project.handle(), id); });
}

std::optional<int64_t> ProjectImport::claim_event_id(int64_t file, const std::string& id, int64_t line) {
    return s_->step([&]() -> std::optional<int64_t> {
        Sql& sql = *s_->sql;
        if (!s_->ids_table) {
            // On disk, not in memory: an import of millions of rows stays small.
            exec(s_->project.handle(),
                 "CREATE TEMP TABLE import_ids (file INTEGER NOT NULL, id TEXT NOT NULL, line INTEGER NOT NULL, "
                 "PRIMARY KEY (file, id)) WITHOUT ROWID");
            s_->ids_table = true;
        }
        // One statement for the usual case, an id not seen before in the file.
        sql("INSERT INTO temp.import_ids (file, id, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .bind(1, file).bind_ref(2, id).bind(3, line).run();
        if (sqlite3_changes(s_->project.handle()) == 1) return std::nullopt;
        Stmt& seen = sql("SELECT line FROM temp.import_ids WHERE file = ? AND id = ?");
        seen.bind(1, file).bind_ref(2, id);
        if (seen.step()) return seen.i64(0);
        return std::nullopt;
    });
}

const MergeStats& ProjectImport::stats() const noexcept { return s_->stats; }

MergeStats ProjectImport::commit() {
    s_->step([&] {
        sqlite3* db = s_->project.handle();
        for (const auto& id : s_->refresh) refresh_fts(*s_->sql, id);
        s_->sql.reset();
        if (s_->ids_table) {
            exec(db, "DROP TABLE temp.import_ids");
            s_->ids_table = false;
        }
        // Indexes set aside by a NewFile import, built once from the sorted rows.
        for (const std::string& index : s_->set_aside) exec(db, index.c_str());
        s_->tx->commit();
        s_->tx.reset();
        s_->note.reset();
        if (s_->mode == Mode::NewFile) {
            exec(db, "PRAGMA synchronous = FULL");
            exec(db, "PRAGMA journal_mode = WAL");
        }
    });
    return s_->stats;
}

void Project::put_event(const Event& e) {
    write_tx(db_, path_, read_only_, [&] { write_event(db_, e); });
}

void Project::delete_event(std::string_view id) {
    write_tx(db_, path_, read_only_, [&] { erase_event(db_, std::string(id)); });
}

std::vector<UserLayerRecord> Project::user_layers() const {
    return read_guard(path_, [&] {
        std::vector<UserLayerRecord> out;
        if (schema_version() < 6) return out;
        Stmt s(db_, "SELECT path, name, visible, style FROM layers ORDER BY position");
        while (s.step()) out.push_back(UserLayerRecord{s.text(0), s.text(1), s.i64(2) != 0, s.text(3)});
        return out;
    });
}

namespace {
void write_layers(sqlite3* db, const std::vector<UserLayerRecord>& layers) {
    exec(db, "DELETE FROM layers");
    Stmt s(db, "INSERT INTO layers (position, path, name, visible, style) VALUES (?, ?, ?, ?, ?)");
    for (size_t i = 0; i < layers.size(); ++i) {
        s.bind(1, static_cast<int64_t>(i)).bind(2, layers[i].path).bind(3, layers[i].name).bind(4, layers[i].visible)
            .bind(5, layers[i].style);
        s.run();
        s.reset();
    }
}
}  // namespace

void Project::set_user_layers(const std::vector<UserLayerRecord>& layers) {
    write_tx(db_, path_, read_only_, [&] { write_layers(db_, layers); });
}

void Project::put_source(const Source& s) {
    write_tx(db_, path_, read_only_, [&] { write_source(db_, s); });
}

void Project::put_excerpt(const Excerpt& x) {
    write_tx(db_, path_, read_only_, [&] {
        write_excerpt(db_, x);
        for (auto& id : events_linking(db_, x.id)) refresh_fts(db_, id);
    });
}

void Project::put_place(const Place& p) {
    write_tx(db_, path_, read_only_, [&] {
        write_place(db_, p);
        for (auto& id : events_at_place(db_, p.id)) refresh_fts(db_, id);
    });
}

void Project::put_story(const Story& s) {
    write_tx(db_, path_, read_only_, [&] { write_story(db_, s); });
}

void Project::delete_story(std::string_view id) {
    write_tx(db_, path_, read_only_, [&] { Stmt(db_, "DELETE FROM stories WHERE id = ?").bind(1, id).run(); });
}

std::vector<std::string> Project::search(std::string_view query) const {
    // Each word of the query becomes its search key (core/translit.hpp fold_for_search),
    // matched as a prefix in the folded column: Шанырак, Shanyrak and Shanyraq all become
    // "shanirak"*. A key holds only letters, digits and spaces, so no operator or syntax
    // in the user's text reaches the query parser.
    std::string match;
    size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r'))
            ++i;
        size_t j = i;
        while (j < query.size() && !(query[j] == ' ' || query[j] == '\t' || query[j] == '\n' || query[j] == '\r'))
            ++j;
        const std::string key = fold_for_search(query.substr(i, j - i));
        i = j;
        if (key.empty()) continue;  // punctuation only
        if (!match.empty()) match += " AND ";
        match += "folded : \"";
        for (char c : key) {
            if (c == '"') match += '"';
            match += c;
        }
        match += "\"*";
    }
    if (match.empty()) return {};
    return read_guard(path_, [&] {
        std::vector<std::string> ids;
        if (schema_version() == 0) return ids;
        Stmt s(db_,
               "SELECT e.id FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH ? "
               "ORDER BY f.rank, e.time_begin, e.id");
        s.bind(1, match);
        while (s.step()) ids.push_back(s.text(0));
        return ids;
    });
}

std::string Project::meta(std::string_view key) const {
    return read_guard(path_, [&] {
        if (schema_version() == 0) return std::string();
        Stmt s(db_, "SELECT value FROM meta WHERE key = ?");
        s.bind(1, key);
        return s.step() ? s.text(0) : std::string();
    });
}

void Project::set_meta(std::string_view key, std::string_view value) {
    write_tx(db_, path_, read_only_, [&] {
        Stmt(db_, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
            .bind(1, key).bind(2, value)
            .run();
    });
}

// [SECTION] Single records and edit steps ---------------------------------------

std::optional<Event> Project::find_event(std::string_view id) const {
    return read_guard(path_, [&] { return schema_version() == 0 ? std::nullopt : read_event(db_, std::string(id)); });
}

std::optional<Excerpt> Project::find_excerpt(std::string_view id) const {
    return read_guard(path_, [&] { return schema_version() == 0 ? std::nullopt : read_excerpt(db_, std::string(id)); });
}

std::optional<Source> Project::find_source(std::string_view id) const {
    return read_guard(path_, [&] { return schema_version() == 0 ? std::nullopt : read_source(db_, std::string(id)); });
}

std::optional<Place> Project::find_place(std::string_view id) const {
    return read_guard(path_, [&] { return schema_version() == 0 ? std::nullopt : read_place(db_, std::string(id)); });
}

std::optional<Story> Project::find_story(std::string_view id) const {
    return read_guard(path_, [&] { return schema_version() < 2 ? std::nullopt : read_story(db_, std::string(id)); });
}

void Project::apply(const RecordChanges& c) {
    write_tx(db_, path_, read_only_, [&] {
        std::set<std::string> refresh;
        for (const auto& id : c.delete_events) erase_event(db_, id);
        for (const Source& s : c.put_sources) write_source(db_, s);
        for (const Excerpt& x : c.put_excerpts) {
            write_excerpt(db_, x);
            for (auto& id : events_linking(db_, x.id)) refresh.insert(id);
        }
        for (const Place& p : c.put_places) write_place(db_, p);
        {
            Sql sql(db_);
            for (const Event& e : c.put_events) write_event(sql, e);
        }
        for (const auto& id : c.delete_excerpts) Stmt(db_, "DELETE FROM excerpts WHERE id = ?").bind(1, id).run();
        for (const auto& id : c.delete_sources) Stmt(db_, "DELETE FROM sources WHERE id = ?").bind(1, id).run();
        for (const auto& id : c.delete_places) Stmt(db_, "DELETE FROM places WHERE id = ?").bind(1, id).run();
        for (const Story& s : c.put_stories) write_story(db_, s);
        for (const auto& id : c.delete_stories) Stmt(db_, "DELETE FROM stories WHERE id = ?").bind(1, id).run();
        if (c.set_layers) write_layers(db_, *c.set_layers);
        for (const auto& id : refresh) refresh_fts(db_, id);
    });
}

// [SECTION] Refresh from the shipped dataset -----------------------------------
namespace {

// FNV-1a 64 over a record's fields in a fixed order (as JSON text, so that field
// boundaries are unambiguous); 16 hex digits.
std::string content_hash(const nlohmann::json& fields) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : fields.dump()) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

nlohmann::json fields_of(const Source& x) {
    return {x.id, x.title, x.publisher, x.author, x.date_text, x.url, x.language, x.full_text};
}
nlohmann::json fields_of(const Excerpt& x) { return {x.id, x.source_id, x.text, x.span_begin, x.span_end, x.locator}; }
nlohmann::json fields_of(const Place& p) {
    return {p.id, p.kind, p.name_en, p.name_ru, p.name_kk, p.lat, p.lon, p.uncertainty_m, p.note};
}
nlohmann::json fields_of(const Event& e) {
    const auto& t = e.time;
    const auto& l = e.location;
    nlohmann::json fields = {e.id, e.title, e.description, e.category, e.tags, e.actors, e.time_text,
            t.begin, t.end, static_cast<int>(t.precision), static_cast<int>(t.qualifier), t.open_begin,
            t.open_end, t.fuzz_begin, t.fuzz_end, t.note, l.lat, l.lon, l.uncertainty_m,
            static_cast<int>(l.precision), l.place_id, l.place_name, l.geocoding_note, e.excerpt_ids, e.note};
    // Areas and routes came after the first hashes were taken: a point's hash
    // stays what it was.
    if (l.shape != ShapeKind::Point) fields.push_back(to_wkt(l));
    return fields;
}
nlohmann::json fields_of(const Story& s) {
    nlohmann::json slides = nlohmann::json::array();
    for (const Slide& sl : s.slides)
        slides.push_back({sl.title, sl.caption, sl.notes, sl.camera.center_lat, sl.camera.center_lon,
                          sl.camera.zoom, sl.time_cursor, sl.window_begin, sl.cumulative,
                          sl.highlighted_event_ids, sl.visible_layers, sl.visible_categories, sl.excerpt_id});
    return {s.id, s.title, slides};
}

std::optional<std::string> shipped_hash(sqlite3* db, const char* kind, const std::string& id) {
    Stmt s(db, "SELECT content_hash FROM shipped WHERE kind = ? AND id = ?");
    s.bind(1, kind).bind(2, id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void record_shipped(sqlite3* db, const char* kind, const std::string& id, const std::string& hash) {
    Stmt(db,
         "INSERT INTO shipped (kind, id, content_hash) VALUES (?1, ?2, ?3) "
         "ON CONFLICT(kind, id) DO UPDATE SET content_hash = ?3")
        .bind(1, kind).bind(2, id).bind(3, hash)
        .run();
}

// The refresh rule for one shipped record (see Project::merge_shipped); returns
// true when `write` was called.
template <class Record, class Read, class Write>
bool merge_one(sqlite3* db, const char* kind, const Record& shipped, bool user_can_delete, const ShippedVersions& earlier,
               MergeStats& stats, Read&& read, Write&& write) {
    const std::string hash = content_hash(fields_of(shipped));
    const std::optional<std::string> before = shipped_hash(db, kind, shipped.id);
    const std::optional<Record> current = read(db, shipped.id);
    auto as_shipped = [&](const Record& r) {
        const std::string h = content_hash(fields_of(r));
        return (before && h == *before) || earlier.contains(kind, shipped.id, h);
    };
    bool wrote = false;
    if (!current) {
        if (before && user_can_delete) {
            ++stats.kept;  // deleted by the user: stays deleted
        } else {
            write(db, shipped);
            ++stats.added;
            wrote = true;
        }
    } else if (*current == shipped) {
        ++stats.unchanged;
    } else if (as_shipped(*current)) {
        write(db, shipped);  // as last shipped (or as an earlier release shipped it): take the newer version
        ++stats.updated;
        wrote = true;
    } else {
        ++stats.kept;  // edited by the user, or there before shipped records were tracked and unlike any shipped version
    }
    record_shipped(db, kind, shipped.id, hash);
    return wrote;
}

}  // namespace

bool ShippedVersions::contains(std::string_view kind, const std::string& id, const std::string& hash) const {
    const auto k = hashes.find(std::string(kind));
    if (k == hashes.end()) return false;
    const auto i = k->second.find(id);
    return i != k->second.end() && i->second.count(hash) > 0;
}

void ShippedVersions::add(const Dataset& d) {
    for (const Source& x : d.sources) hashes["source"][x.id].insert(content_hash(fields_of(x)));
    for (const Excerpt& x : d.excerpts) hashes["excerpt"][x.id].insert(content_hash(fields_of(x)));
    for (const Place& x : d.places) hashes["place"][x.id].insert(content_hash(fields_of(x)));
    for (const Event& x : d.events) hashes["event"][x.id].insert(content_hash(fields_of(x)));
    for (const Story& x : d.stories) hashes["story"][x.id].insert(content_hash(fields_of(x)));
}

MergeStats Project::merge_shipped(const Dataset& d, const ShippedVersions& earlier) {
    return write_tx(db_, path_, read_only_, [&] {
        MergeStats stats;
        std::set<std::string> refresh;
        for (const Source& s : d.sources) merge_one(db_, "source", s, false, earlier, stats, read_source, write_source);
        for (const Excerpt& x : d.excerpts)
            if (merge_one(db_, "excerpt", x, false, earlier, stats, read_excerpt, write_excerpt))
                for (auto& id : events_linking(db_, x.id)) refresh.insert(id);
        for (const Place& p : d.places) merge_one(db_, "place", p, false, earlier, stats, read_place, write_place);
        for (const Event& e : d.events)
            merge_one(
                db_, "event", e, true, earlier, stats, [](sqlite3* db, const std::string& id) { return read_event(db, id); },
                [](sqlite3* db, const Event& x) { write_event(db, x); });
        for (const Story& s : d.stories) merge_one(db_, "story", s, true, earlier, stats, read_story, write_story);
        for (const auto& id : refresh) refresh_fts(db_, id);
        return stats;
    });
}

}  // namespace atlas
