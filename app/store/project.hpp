#pragma once
// The project file: one SQLite database (*.atlas), the application file format.
// Opened defensively (a file from someone else cannot run code or reach outside
// itself); every change is one transaction; schema versioned by user_version.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"

struct sqlite3;

namespace atlas {

enum class OpenMode {
    ReadWrite,        // the file must exist; migrated forward if older
    ReadOnly,         // never written, not even migrated (an older schema is read as is)
    CreateIfMissing,  // create a new empty project when the path does not exist
};

// Counts of the records a merge looked at (events, sources, excerpts, places and
// stories together): added (new id), updated (known id, different content),
// unchanged (known id, identical content).
// kept (merge_shipped only): shipped records the user edited or deleted, left
// as the user has them.
struct MergeStats {
    int added = 0, updated = 0, unchanged = 0, kept = 0;
    friend bool operator==(const MergeStats&, const MergeStats&) = default;
};

// The content hashes of records as earlier releases shipped them, by kind
// ("source", "excerpt", "place", "event", "story") and id. A project made
// before shipped records were tracked holds such versions; one still equal to
// an earlier shipped version was left alone by its user and may be refreshed.
struct ShippedVersions {
    std::map<std::string, std::map<std::string, std::set<std::string>>> hashes;  // kind -> id -> hashes
    [[nodiscard]] bool contains(std::string_view kind, const std::string& id, const std::string& hash) const;
    // Adds the hashes of every record of `d`.
    void add(const Dataset& d);
};

// A map layer the user added (a shapefile or GeoJSON file), as saved in the
// project: drawn bottom first by position. `style` is a JSON object the
// layer panel writes and reads (colour, width, opacity, labels, title, order).
struct UserLayerRecord {
    std::string path;
    std::string name;
    bool visible = true;
    std::string style = "{}";
    friend bool operator==(const UserLayerRecord&, const UserLayerRecord&) = default;
};

// Record writes made as one step (an edit in the window, or its undo), applied
// in one transaction in this order: events deleted, sources, excerpts and
// events put (inserted or replaced by id), excerpts deleted, sources deleted.
struct RecordChanges {
    std::vector<std::string> delete_events;
    std::vector<Source> put_sources;
    std::vector<Excerpt> put_excerpts;
    std::vector<Place> put_places;
    std::vector<Event> put_events;
    std::vector<std::string> delete_excerpts;
    std::vector<std::string> delete_sources;
    std::vector<std::string> delete_places;
    std::vector<Story> put_stories;
    std::vector<std::string> delete_stories;
    // The map layers the user added, all of them in order (set_user_layers); none: left as they are.
    std::optional<std::vector<UserLayerRecord>> set_layers;
    friend bool operator==(const RecordChanges&, const RecordChanges&) = default;
};

class Project {
public:
    // Raised with each migration. v1: sources, excerpts, places, events with their
    // tags/actors/excerpt links, full-text index, meta. v2: excerpt locators, stories
    // and slides. v3: full-text index across scripts (places, tags, folded Latin).
    // v4: events' sequence (order within their source where times tie).
    // v5: the shipped table (what the last refresh from the shipped dataset wrote,
    // to tell user edits and deletions apart from it).
    // v6: planned and rehearsed time per slide; the map layers the user added.
    // v7: an event's geometry (an area or a route, as WKT).
    // v8: the full-text index holds the folded search key alone.
    static constexpr int kSchemaVersion = 8;
    // PRAGMA application_id of every project file ("ATLS").
    static constexpr int32_t kApplicationId = 0x41544C53;

    // Throws atlas::Error naming the file and the fault for a missing, read-only
    // (when writing), locked, corrupt, non-SQLite or newer-schema file.
    static Project open(const std::filesystem::path& path, OpenMode mode = OpenMode::ReadWrite);

    Project(Project&& other) noexcept;
    Project& operator=(Project&& other) noexcept;
    Project(const Project&) = delete;
    Project& operator=(const Project&) = delete;
    ~Project();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] bool read_only() const noexcept { return read_only_; }
    [[nodiscard]] int schema_version() const;
    // Moves when another connection (another window, another program) commits
    // a change to the file; this connection's own writes leave it as it was.
    [[nodiscard]] int64_t changes_by_others() const;

    // Everything in the project as plain values.
    [[nodiscard]] Dataset load() const;

    // Inserts or updates by id (sources, excerpts, places, events, stories), all in
    // one transaction: on any error nothing is written.
    MergeStats merge(const Dataset& d);

    void put_event(const Event& e);
    void delete_event(std::string_view id);
    void put_source(const Source& s);
    void put_excerpt(const Excerpt& x);   // its source must be in the project
    void put_place(const Place& p);
    void put_story(const Story& s);
    void delete_story(std::string_view id);

    // One record by id, as stored now; nullopt when there is none.
    [[nodiscard]] std::optional<Event> find_event(std::string_view id) const;
    [[nodiscard]] std::optional<Excerpt> find_excerpt(std::string_view id) const;
    [[nodiscard]] std::optional<Source> find_source(std::string_view id) const;
    [[nodiscard]] std::optional<Place> find_place(std::string_view id) const;
    [[nodiscard]] std::optional<Story> find_story(std::string_view id) const;

    // All of `c` in one transaction: on any error (a rule of the project refused
    // a record, the file is locked) nothing is written.
    void apply(const RecordChanges& c);

    // Merges a newer shipped dataset without overwriting what the user changed,
    // in one transaction. For each shipped record (source, excerpt, place, event,
    // story), by id, against what the previous refresh wrote (the shipped table):
    // never shipped before: added, or when the project already has a record with
    // that id, the project's version is kept; shipped before and still as shipped:
    // updated to the new version; edited since: the user's version is kept;
    // deleted since (events and stories, the records the user deletes): stays
    // deleted. Sources, excerpts and places a user cannot delete are re-added.
    // `earlier`: versions earlier releases shipped; a record equal to one of them
    // counts as untouched even when the project never tracked it.
    MergeStats merge_shipped(const Dataset& d, const ShippedVersions& earlier = {});

    // Full-text search (FTS5) over event titles, descriptions, excerpt text, place names
    // and tags, in either script: every word of `query` is matched as a prefix by its
    // search key (core/translit.hpp fold_for_search), so Шанырак, Shanyrak and Shanyraq
    // find the same events. `query` is plain user text, not FTS syntax.
    [[nodiscard]] std::vector<std::string> search(std::string_view query) const;

    // The map layers the user added, bottom first (empty before schema v6).
    [[nodiscard]] std::vector<UserLayerRecord> user_layers() const;
    // Replaces them all in one transaction.
    void set_user_layers(const std::vector<UserLayerRecord>& layers);
    // Writes a consistent copy of the whole project to `to` through SQLite's
    // backup API (a temporary file beside it, synced, then renamed over it: an
    // existing file there is replaced only by a complete copy). Throws
    // atlas::Error naming `to`; `to` must not be this project's own file.
    void save_copy(const std::filesystem::path& to) const;

    [[nodiscard]] std::string meta(std::string_view key) const;
    void set_meta(std::string_view key, std::string_view value);

    [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

    // What this process is doing when it writes a project ("import of events.csv"),
    // named to another writer that finds the project busy. Process-wide.
    static void set_write_activity(std::string what);

    // For migration tests only: creates a new file at an older schema version by
    // running the first `version` migrations (0: an empty database).
    static void create_at_schema_version(const std::filesystem::path& path, int version);

private:
    Project(sqlite3* db, std::filesystem::path path, bool read_only);
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    bool read_only_ = false;
};

// An event's own words (title, description, place name, tags) as they go into
// the search index (core/translit.hpp fold_for_search); the words of the
// excerpts and the place record it links to are added when it is written.
std::string event_search_words(const Event& e);

// One import written as it is read: records go into the project one at a
// time, inside one transaction, through statements prepared once, so an import
// of any size holds only the record at hand. commit() keeps everything;
// destroying the import first (an error, the user's choice) keeps nothing.
// Project::merge is one such import.
class ProjectImport {
public:
    enum class Mode {
        Normal,   // any project
        NewFile,  // a just-created file that is deleted if the import fails: written with its journal in
                  // memory, without syncing, and with its secondary indexes built once at commit(), which
                  // makes it an ordinary project again
    };
    // Throws atlas::Error when the project is read-only or busy.
    explicit ProjectImport(Project& project, Mode mode = Mode::Normal);
    ProjectImport(const ProjectImport&) = delete;
    ProjectImport& operator=(const ProjectImport&) = delete;
    ~ProjectImport();

    // Inserts the record, or updates the one with its id; counts it in stats().
    // Each throws atlas::Error naming the project when the project refuses it.
    void put(const Source& x);
    void put(const Excerpt& x);  // its source must be in the project
    void put(const Place& x);
    void put(const Event& e);    // its excerpts must be in the project
    // The same with the event's event_search_words(e) made beforehand (the
    // costly part of writing an event, which may run on another thread).
    void put(const Event& e, const std::string& own_words);
    void put(const Story& x);
    // An excerpt as the project holds it now, this import's writes included.
    [[nodiscard]] std::optional<Excerpt> excerpt(const std::string& id);
    // Records that event id `id` is given on `line` of input file `file` (any
    // number naming it); returns the line it was first given on when that
    // file gave it before. Kept on disk, not in memory.
    std::optional<int64_t> claim_event_id(int64_t file, const std::string& id, int64_t line);
    [[nodiscard]] const MergeStats& stats() const noexcept;
    // Keeps it all (one commit); throws atlas::Error, keeping nothing, when that fails.
    MergeStats commit();

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace atlas
