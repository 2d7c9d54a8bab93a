// Refreshing a project from a newer shipped dataset (Project::merge_shipped)
// never overwrites what the user changed: edited records keep the user's
// version, deleted events and stories stay deleted, new shipped records are
// added, and records the user left alone take the newer shipped version.
// Also the one-transaction record writes of edit steps (Project::apply).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

namespace atlas {
namespace {

using test::TempDir;

int count_rows(const Project& p, const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(p.handle(), sql, -1, &s, nullptr), SQLITE_OK);
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
}

class ShippedRefresh : public ::testing::Test {
protected:
    void SetUp() override {
        project_ = std::make_unique<Project>(Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing));
        shipped_ = test::sample_dataset();
    }
    Event stored(const std::string& id) const { return project_->find_event(id).value_or(Event{}); }

    TempDir dir_;
    std::unique_ptr<Project> project_;
    Dataset shipped_;
};

TEST_F(ShippedRefresh, FirstRefreshAddsEverythingAndRecordsIt) {
    const size_t records = shipped_.sources.size() + shipped_.excerpts.size() + shipped_.places.size() +
                           shipped_.events.size() + shipped_.stories.size();
    EXPECT_EQ(project_->merge_shipped(shipped_), (MergeStats{static_cast<int>(records), 0, 0, 0}));
    EXPECT_EQ(count_rows(*project_, "SELECT count(*) FROM shipped"), static_cast<int>(records));
    EXPECT_EQ(count_rows(*project_, "SELECT count(*) FROM shipped WHERE kind = 'event'"), 3);
    EXPECT_EQ(project_->merge_shipped(shipped_), (MergeStats{0, 0, static_cast<int>(records), 0}));
}

TEST_F(ShippedRefresh, UntouchedShippedEventsTakeTheNewerVersion) {
    project_->merge_shipped(shipped_);
    Dataset newer = shipped_;
    newer.events[0].title = "Clash at Shanyrak (corrected)";
    newer.events[0].location.uncertainty_m = 300;
    const MergeStats st = project_->merge_shipped(newer);
    EXPECT_EQ(st.updated, 1);
    EXPECT_EQ(st.kept, 0);
    EXPECT_EQ(stored(newer.events[0].id), newer.events[0]);
    // The full-text index follows.
    const auto hits = project_->search("corrected");
    EXPECT_EQ(hits, std::vector<std::string>{newer.events[0].id});
}

TEST_F(ShippedRefresh, EditedShippedEventsKeepTheUsersVersion) {
    project_->merge_shipped(shipped_);
    Event mine = stored("ev-shanyrak-clash");
    mine.title = "Clash at Shanyrak, as I found it";
    mine.location.lat = 43.34;
    project_->put_event(mine);

    Dataset newer = shipped_;
    for (Event& e : newer.events) e.description += " (revised)";
    const MergeStats st = project_->merge_shipped(newer);
    EXPECT_EQ(st.kept, 1);
    EXPECT_EQ(st.updated, 2);
    EXPECT_EQ(stored("ev-shanyrak-clash"), mine);
    EXPECT_EQ(stored("ev-mosque-wall").description, "Бульдозер снёс стену. (revised)");
    // And on every later refresh, even when the shipped version changes again.
    newer.events[0].title = "Another shipped title";
    project_->merge_shipped(newer);
    EXPECT_EQ(stored("ev-shanyrak-clash"), mine);
}

TEST_F(ShippedRefresh, DeletedShippedEventsAndStoriesStayDeleted) {
    project_->merge_shipped(shipped_);
    project_->delete_event("ev-mosque-wall");
    project_->delete_story("story-2006");
    Dataset newer = shipped_;
    newer.events[1].title = "A newer title for a deleted event";
    const MergeStats st = project_->merge_shipped(newer);
    EXPECT_EQ(st.kept, 2);
    EXPECT_FALSE(project_->find_event("ev-mosque-wall").has_value());
    EXPECT_TRUE(project_->load().stories.empty());
    // The tombstone is the shipped row of a record that is gone; it stays.
    EXPECT_EQ(count_rows(*project_, "SELECT count(*) FROM shipped WHERE kind = 'event' AND id = 'ev-mosque-wall'"),
              1);
}

TEST_F(ShippedRefresh, NewShippedEventsAreAddedAndTheUsersOwnAreNotTouched) {
    project_->merge_shipped(shipped_);
    Event own = shipped_.events[2];
    own.id = "user-1";
    own.title = "My own event";
    project_->put_event(own);

    Dataset newer = shipped_;
    Event added = shipped_.events[2];
    added.id = "ev-new-in-this-build";
    added.title = "New in this build";
    newer.events.push_back(added);
    const MergeStats st = project_->merge_shipped(newer);
    EXPECT_EQ(st.added, 1);
    EXPECT_EQ(stored("ev-new-in-this-build"), added);
    EXPECT_EQ(stored("user-1"), own);
}

TEST_F(ShippedRefresh, RecordsThatPredateTrackingKeepTheProjectsVersion) {
    // A project refreshed before shipped records were tracked: nothing tells an
    // edit from an older shipped version, so the project's version is kept.
    Dataset older = shipped_;
    older.events[0].title = "Edited, or older";
    project_->merge(older);
    const MergeStats st = project_->merge_shipped(shipped_);
    EXPECT_EQ(st.kept, 1);
    EXPECT_EQ(stored("ev-shanyrak-clash").title, "Edited, or older");
}

TEST_F(ShippedRefresh, UntrackedRecordsAsAnEarlierReleaseShippedThemTakeTheNewerVersion) {
    // A project made by a release that did not track shipped records: what it
    // holds is the older release's dataset, one event since edited by its user.
    Dataset older = shipped_;
    older.events[0].location.lat = 43.301;  // where the older release put it
    older.events[1].title = "Older title";
    older.places[0].uncertainty_m = 3000;
    project_->merge(older);
    Event mine = *project_->find_event(older.events[1].id);
    mine.title = "My own title";
    Dataset edit;
    edit.events = {mine};
    project_->merge(edit);
    ShippedVersions earlier;
    earlier.add(older);
    const MergeStats st = project_->merge_shipped(shipped_, earlier);
    EXPECT_EQ(st.kept, 1);
    EXPECT_EQ(stored(shipped_.events[0].id), shipped_.events[0]) << "the older release's version is refreshed";
    EXPECT_EQ(stored(shipped_.events[1].id).title, "My own title") << "the user's edit is kept";
    const Dataset now = project_->load();
    const Place* place = nullptr;
    for (const Place& p : now.places)
        if (p.id == shipped_.places[0].id) place = &p;
    ASSERT_NE(place, nullptr);
    EXPECT_EQ(*place, shipped_.places[0]);
    // Without the earlier versions nothing tells them apart: all kept.
    TempDir other;
    Project q = Project::open(other / "q.atlas", OpenMode::CreateIfMissing);
    q.merge(older);
    EXPECT_EQ(q.merge_shipped(shipped_).updated, 0);
}

TEST_F(ShippedRefresh, SourcesAndExcerptsTheUserCannotDeleteAreReAdded) {
    project_->merge_shipped(shipped_);
    RecordChanges c;
    c.delete_events = {"ev-mosque-wall"};
    c.delete_excerpts = {"x3"};
    project_->apply(c);
    ASSERT_FALSE(project_->find_excerpt("x3").has_value());
    project_->merge_shipped(shipped_);
    EXPECT_TRUE(project_->find_excerpt("x3").has_value());
    EXPECT_FALSE(project_->find_event("ev-mosque-wall").has_value());
}

TEST_F(ShippedRefresh, AReadOnlyProjectIsAClearError) {
    project_->merge_shipped(shipped_);
    project_.reset();
    Project ro = Project::open(dir_ / "p.atlas", OpenMode::ReadOnly);
    EXPECT_THROW(ro.merge_shipped(shipped_), Error);
}

// [SECTION] Project::apply

TEST_F(ShippedRefresh, ApplyWritesEverythingOrNothing) {
    project_->merge(shipped_);
    RecordChanges c;
    Event e = shipped_.events[0];
    e.title = "Written";
    c.put_events = {e};
    Event bad = shipped_.events[1];
    bad.excerpt_ids = {"x-missing"};  // refused by the foreign key
    c.put_events.push_back(bad);
    try {
        project_->apply(c);
        FAIL() << "a missing excerpt was accepted";
    } catch (const Error& err) {
        EXPECT_EQ(err.diagnostic().file, (dir_ / "p.atlas").string());
        EXPECT_NE(std::string(err.what()).find("refused by the project's rules"), std::string::npos) << err.what();
    }
    EXPECT_EQ(stored(e.id).title, shipped_.events[0].title);
}

TEST_F(ShippedRefresh, ApplyAddsAnExcerptWithItsEventAndTakesBothBack) {
    project_->merge(shipped_);
    RecordChanges add;
    Source s{"src-new", "A new source", "", "", "", "", "en", "Some text here."};
    Excerpt x{"x-new", "src-new", "text here", 5, 14, "paragraph 1"};
    Event e = stored("ev-akimat-decision");
    e.excerpt_ids.push_back("x-new");
    add.put_sources = {s};
    add.put_excerpts = {x};
    add.put_events = {e};
    project_->apply(add);
    EXPECT_EQ(project_->find_excerpt("x-new"), x);
    EXPECT_EQ(project_->find_source("src-new"), s);
    EXPECT_EQ(project_->search("here"), std::vector<std::string>{"ev-akimat-decision"});

    RecordChanges back;
    back.put_events = {*shipped_.find_event("ev-akimat-decision")};
    back.delete_excerpts = {"x-new"};
    back.delete_sources = {"src-new"};
    project_->apply(back);
    EXPECT_FALSE(project_->find_excerpt("x-new").has_value());
    EXPECT_FALSE(project_->find_source("src-new").has_value());
    EXPECT_TRUE(project_->search("here").empty());
}

}  // namespace
}  // namespace atlas
