// Edit commands: each is one named step, saved at once, refused with the field
// named when invalid, and undone to exactly the project state before it (every
// record, list order and the full-text index), then redone to the state after.
#include <gtest/gtest.h>

#include <algorithm>

#include <functional>
#include <string>
#include <vector>

#include "model/commands.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

namespace atlas {
namespace {

using test::TempDir;

// Everything a project holds, as a test can compare it.
struct ProjectState {
    std::vector<Source> sources;
    std::vector<Excerpt> excerpts;
    std::vector<Event> events;
    std::vector<Place> places;
    std::vector<Story> stories;
    std::vector<UserLayerRecord> layers;
    std::vector<std::vector<std::string>> searches;  // the full-text index, through search()
    friend bool operator==(const ProjectState&, const ProjectState&) = default;
};

ProjectState state_of(const Project& p) {
    const Dataset d = p.load();
    ProjectState s{d.sources, d.excerpts, d.events, d.places, d.stories, p.user_layers(), {}};
    for (const char* q : {"Shanyrak", "clash", "стена", "копия", "copy", "dawn", "Hostel", "resisted"})
        s.searches.push_back(p.search(q));
    return s;
}

class EditCommands : public ::testing::Test {
protected:
    void SetUp() override {
        project_ = std::make_unique<Project>(Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing));
        project_->merge(test::sample_dataset());
        history_ = std::make_unique<EditHistory>(*project_);
    }

    // Runs `command`, then checks: one new step named `name`; the file (reopened,
    // so nothing is only in memory) holds the change; undo gives back exactly
    // the state before; redo exactly the state after.
    void check_step(const std::string& name, const std::function<void(EditHistory&)>& command) {
        SCOPED_TRACE(name);
        const ProjectState before = state_of(*project_);
        const std::vector<std::string> dump_before = test::table_dump(*project_);
        const size_t steps = history_->undo_count();
        command(*history_);
        ASSERT_EQ(history_->undo_count(), steps + 1);
        EXPECT_EQ(history_->undo_name(), name);
        EXPECT_FALSE(history_->can_redo());
        const ProjectState after = state_of(*project_);
        const std::vector<std::string> dump_after = test::table_dump(*project_);
        EXPECT_FALSE(after == before) << "the command changed nothing";
        {
            Project again = Project::open(dir_ / "p.atlas", OpenMode::ReadOnly);
            EXPECT_TRUE(state_of(again) == after) << "not saved at once";
        }
        EXPECT_EQ(history_->undo(), name);
        EXPECT_TRUE(state_of(*project_) == before) << "undo did not restore the prior state";
        EXPECT_EQ(test::table_dump(*project_), dump_before) << "undo did not restore every table";
        EXPECT_EQ(history_->redo_name(), name);
        EXPECT_EQ(history_->redo(), name);
        EXPECT_TRUE(state_of(*project_) == after) << "redo did not restore the state after";
        EXPECT_EQ(test::table_dump(*project_), dump_after) << "redo did not restore every table";
    }

    Excerpt stored_excerpt(const std::string& id) const {
        auto x = project_->find_excerpt(id);
        EXPECT_TRUE(x.has_value()) << id;
        return x.value_or(Excerpt{});
    }

    Event stored(const std::string& id) const {
        auto e = project_->find_event(id);
        EXPECT_TRUE(e.has_value()) << id;
        return e.value_or(Event{});
    }

    TempDir dir_;
    std::unique_ptr<Project> project_;
    std::unique_ptr<EditHistory> history_;
};

Event new_event() {
    Event e;
    e.title = "Hostel residents evicted";
    e.description = "Residents of the Aksai hostel were put out.";
    e.category = "eviction";
    e.tags = {"hostel"};
    e.actors = {"bailiffs"};
    e.time_text = "early February 2026";
    e.time = *parse_time("early February 2026");
    e.location = Location{43.23, 76.85, 250.0, LocationPrecision::Street, "", "Aksai", "the street named in x2", ShapeKind::Point, {}};
    e.excerpt_ids = {"x2"};
    return e;
}

TEST_F(EditCommands, CreateAddsTheEventAndUndoRemovesIt) {
    std::string id;
    check_step("New event 'Hostel residents evicted'", [&](EditHistory& h) { id = h.create_event(new_event()); });
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(id.rfind("ev-", 0), 0u) << id;
    Event expected = new_event();
    expected.id = id;
    EXPECT_EQ(stored(id), expected);
}

TEST_F(EditCommands, CreateKeepsAGivenIdAndRefusesATakenOne) {
    Event e = new_event();
    e.id = "ev-hostel";
    EXPECT_EQ(history_->create_event(e), "ev-hostel");
    const ProjectState before = state_of(*project_);
    try {
        history_->create_event(e);
        FAIL() << "a taken id was accepted";
    } catch (const Error& err) {
        EXPECT_EQ(err.diagnostic().field, "id");
        EXPECT_NE(std::string(err.what()).find("already in the project"), std::string::npos) << err.what();
    }
    EXPECT_TRUE(state_of(*project_) == before);
    EXPECT_EQ(history_->undo_count(), 1u);
}

TEST_F(EditCommands, EveryFieldEditIsOneStepNamedAfterWhatChanged) {
    struct Case {
        const char* name;
        std::function<void(Event&)> change;
    };
    const std::vector<Case> cases = {
        {"Rename 'Clash at Shanyrak'", [](Event& e) { e.title = "Clash at Shanyrak (July)"; }},
        {"Edit the description of 'Clash at Shanyrak'", [](Event& e) { e.description = "New words."; }},
        {"Change the category of 'Clash at Shanyrak'", [](Event& e) { e.category = "protest"; }},
        {"Change the tags of 'Clash at Shanyrak'", [](Event& e) { e.tags = {"2006", "shanyrak"}; }},
        {"Change the actors of 'Clash at Shanyrak'", [](Event& e) { e.actors.push_back("journalists"); }},
        {"Change the time of 'Clash at Shanyrak'",
         [](Event& e) {
             e.time_text = "5 April 2006, 13:00";
             e.time = *parse_time(e.time_text);
         }},
        {"Change the uncertainty of 'Clash at Shanyrak'", [](Event& e) { e.location.uncertainty_m = 1200; }},
        {"Change the excerpts of 'Clash at Shanyrak'", [](Event& e) { e.excerpt_ids = {"x2", "x1"}; }},
        {"Edit the note of 'Clash at Shanyrak'", [](Event& e) { e.note = "checked again"; }},
        {"Edit 'Clash at Shanyrak'",
         [](Event& e) {
             e.title = "Clash";
             e.location.lat += 0.01;
         }},
    };
    for (const Case& c : cases) {
        Event e = stored("ev-shanyrak-clash");
        c.change(e);
        check_step(c.name, [&](EditHistory& h) { EXPECT_TRUE(h.edit_event(e)); });
        EXPECT_EQ(stored("ev-shanyrak-clash"), e);
        history_->undo();  // the next case starts from the original
    }
}

TEST_F(EditCommands, AnEditThatChangesNothingIsNoStep) {
    EXPECT_FALSE(history_->edit_event(stored("ev-mosque-wall")));
    EXPECT_FALSE(history_->can_undo());
    EXPECT_EQ(history_->version(), 0u);
}

TEST_F(EditCommands, MoveSetsThePlace) {
    const Location to{43.2601, 76.9512, 30.0, LocationPrecision::Building, "", "Zhetysu House", "from the photo", ShapeKind::Point, {}};
    check_step("Move 'Akimat orders clearance'", [&](EditHistory& h) { EXPECT_TRUE(h.move_event("ev-akimat-decision", to)); });
    EXPECT_EQ(stored("ev-akimat-decision").location, to);
    EXPECT_FALSE(history_->move_event("ev-akimat-decision", to));
}

TEST_F(EditCommands, DuplicateMakesACopyWithANewId) {
    std::string id;
    check_step("Duplicate 'Clash at Shanyrak'", [&](EditHistory& h) { id = h.duplicate_event("ev-shanyrak-clash"); });
    EXPECT_EQ(id, "ev-shanyrak-clash-copy");
    Event expected = stored("ev-shanyrak-clash");
    expected.id = id;
    expected.title = "Clash at Shanyrak (copy)";
    EXPECT_EQ(stored(id), expected);
    // A second copy gets the next free id.
    EXPECT_EQ(history_->duplicate_event("ev-shanyrak-clash"), "ev-shanyrak-clash-copy-2");
}

TEST_F(EditCommands, DeleteRemovesTheEventAndUndoBringsItBackWhole) {
    check_step("Delete 'Шаңырақ: стена мечети снесена'", [](EditHistory& h) { h.delete_event("ev-mosque-wall"); });
    history_->undo();
    EXPECT_EQ(stored("ev-mosque-wall"), *test::sample_dataset().find_event("ev-mosque-wall"));
}

TEST_F(EditCommands, AttachAndDetachAnExcerpt) {
    check_step("Attach an excerpt to 'Akimat orders clearance'",
               [](EditHistory& h) { EXPECT_TRUE(h.attach_excerpt("ev-akimat-decision", "x3")); });
    EXPECT_EQ(stored("ev-akimat-decision").excerpt_ids, (std::vector<std::string>{"x1", "x3"}));
    EXPECT_FALSE(history_->attach_excerpt("ev-akimat-decision", "x3"));
    check_step("Detach an excerpt from 'Clash at Shanyrak'",
               [](EditHistory& h) { EXPECT_TRUE(h.detach_excerpt("ev-shanyrak-clash", "x1")); });
    EXPECT_EQ(stored("ev-shanyrak-clash").excerpt_ids, (std::vector<std::string>{"x2"}));
    EXPECT_FALSE(history_->detach_excerpt("ev-shanyrak-clash", "x1"));
}

TEST_F(EditCommands, DeletingAnExcerptUnlinksItFromEveryEventInOneStep) {
    check_step("Delete the excerpt 'Police moved in at dawn; residents, armed with\u2026'",
               [](EditHistory& h) { h.delete_excerpt("x1"); });
    EXPECT_FALSE(project_->find_excerpt("x1"));
    EXPECT_EQ(stored("ev-shanyrak-clash").excerpt_ids, (std::vector<std::string>{"x2"}));
    EXPECT_TRUE(stored("ev-akimat-decision").excerpt_ids.empty());
    EXPECT_EQ(stored("ev-mosque-wall").excerpt_ids, (std::vector<std::string>{"x3"}));
    history_->undo();  // every table as it was: check_step compared them
    EXPECT_EQ(stored("ev-shanyrak-clash").excerpt_ids, (std::vector<std::string>{"x1", "x2"}));
}

TEST_F(EditCommands, DeletingASourceTakesItsExcerptsAndItsLinksInOneStep) {
    check_step("Delete the source 'Shanyrak: a \"shanty town\" stands firm'",
               [](EditHistory& h) { h.delete_source("src-rferl"); });
    EXPECT_FALSE(project_->find_source("src-rferl"));
    EXPECT_FALSE(project_->find_excerpt("x1"));
    EXPECT_FALSE(project_->find_excerpt("x3"));
    EXPECT_TRUE(project_->find_excerpt("x2"));
    EXPECT_EQ(stored("ev-shanyrak-clash").excerpt_ids, (std::vector<std::string>{"x2"}));
    EXPECT_TRUE(stored("ev-mosque-wall").excerpt_ids.empty());
    // The events themselves stay.
    EXPECT_EQ(project_->load().events.size(), 3u);
    // Unknown ids are a clear error and no step.
    const size_t steps = history_->undo_count();
    EXPECT_THROW(history_->delete_source("src-none"), Error);
    EXPECT_THROW(history_->delete_excerpt("x-none"), Error);
    EXPECT_EQ(history_->undo_count(), steps);
}

TEST_F(EditCommands, InvalidEditsAreRefusedWithTheFieldNamedAndNothingSaved) {
    struct Case {
        const char* field;
        std::function<void(Event&)> change;
    };
    const std::vector<Case> cases = {
        {"title", [](Event& e) { e.title.clear(); }},
        {"category", [](Event& e) { e.category.clear(); }},
        {"lat", [](Event& e) { e.location.lat = 91; }},
        {"lon", [](Event& e) { e.location.lon = -181; }},
        {"uncertainty_m", [](Event& e) { e.location.uncertainty_m = -5; }},
        {"time", [](Event& e) { std::swap(e.time.begin, e.time.end); }},
        {"tags", [](Event& e) { e.tags.push_back(""); }},
        {"actors", [](Event& e) { e.actors.push_back(""); }},
        {"excerpts", [](Event& e) { e.excerpt_ids.push_back("x-nowhere"); }},
        {"excerpts", [](Event& e) { e.excerpt_ids.push_back(e.excerpt_ids.front()); }},
    };
    const ProjectState before = state_of(*project_);
    for (const Case& c : cases) {
        SCOPED_TRACE(c.field);
        Event e = stored("ev-shanyrak-clash");
        c.change(e);
        const Diagnostics faults = check_event_edit(e, *project_);
        ASSERT_FALSE(faults.empty());
        EXPECT_EQ(faults.items.front().field, c.field);
        try {
            history_->edit_event(e);
            ADD_FAILURE() << "accepted";
        } catch (const Error& err) {
            EXPECT_EQ(err.diagnostic().field, c.field) << err.what();
            EXPECT_EQ(err.diagnostic().file, (dir_ / "p.atlas").string());
        }
    }
    EXPECT_TRUE(state_of(*project_) == before);
    EXPECT_FALSE(history_->can_undo());
    EXPECT_TRUE(check_event_edit(stored("ev-shanyrak-clash"), *project_).empty());
}

TEST_F(EditCommands, UndoAllThenRedoAllWalksTheStatesExactly) {
    std::vector<ProjectState> states{state_of(*project_)};
    const std::string id = history_->create_event(new_event());
    states.push_back(state_of(*project_));
    history_->move_event(id, Location{43.3, 76.9, 10, LocationPrecision::Building, "", "", "", ShapeKind::Point, {}});
    states.push_back(state_of(*project_));
    history_->duplicate_event(id);
    states.push_back(state_of(*project_));
    history_->delete_event("ev-shanyrak-clash");
    states.push_back(state_of(*project_));
    history_->detach_excerpt(id, "x2");
    states.push_back(state_of(*project_));
    EXPECT_EQ(history_->undo_count(), 5u);
    for (size_t i = states.size() - 1; i > 0; --i) {
        history_->undo();
        EXPECT_TRUE(state_of(*project_) == states[i - 1]) << "after undoing step " << i;
    }
    EXPECT_FALSE(history_->can_undo());
    EXPECT_EQ(history_->undo(), "");
    for (size_t i = 1; i < states.size(); ++i) {
        history_->redo();
        EXPECT_TRUE(state_of(*project_) == states[i]) << "after redoing step " << i;
    }
    EXPECT_EQ(history_->version(), 15u);
}

TEST_F(EditCommands, ANewCommandClearsTheRedoList) {
    history_->delete_event("ev-mosque-wall");
    history_->undo();
    ASSERT_TRUE(history_->can_redo());
    history_->delete_event("ev-akimat-decision");
    EXPECT_FALSE(history_->can_redo());
    EXPECT_EQ(history_->undo_name(), "Delete 'Akimat orders clearance'");
}

TEST_F(EditCommands, AReadOnlyProjectRefusesEditsAndKeepsTheHistory) {
    history_->delete_event("ev-mosque-wall");
    Project ro = Project::open(dir_ / "p.atlas", OpenMode::ReadOnly);
    EditHistory h(ro);
    try {
        h.delete_event("ev-akimat-decision");
        FAIL() << "a read-only project was written";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(h.can_undo());
    EXPECT_TRUE(ro.find_event("ev-akimat-decision").has_value());
}

TEST_F(EditCommands, UnknownEventsAreAClearError) {
    try {
        history_->delete_event("ev-nowhere");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().field, "id");
        EXPECT_NE(std::string(e.what()).find("no event 'ev-nowhere'"), std::string::npos) << e.what();
    }
}

TEST_F(EditCommands, LongTitlesAreShortenedInStepNames) {
    Event e = stored("ev-akimat-decision");
    e.title = std::string(200, 'a');
    history_->edit_event(e);
    history_->delete_event(e.id);
    EXPECT_LT(history_->undo_name().size(), 70u);
    EXPECT_EQ(history_->undo_name().rfind("Delete 'aaaa", 0), 0u) << history_->undo_name();
}

// [SECTION] Sources and excerpts

TEST_F(EditCommands, AddingAndEditingASourceAreStepsAndBadFieldsAreRefused) {
    std::string id;
    check_step("New source 'Almaty residents protest'", [&](EditHistory& h) {
        Source s;
        s.title = "Almaty residents protest";
        s.author = "A. Writer";
        s.url = "https://example.org/protest";
        s.language = "en";
        id = h.add_source(s);
    });
    EXPECT_EQ(id, "src-almaty-residents-protest");
    check_step("Edit the source 'Almaty residents protest'", [&](EditHistory& h) {
        Source s = *h.project().find_source(id);
        s.publisher = "Socialist World";
        s.date_text = "March 2006";
        EXPECT_TRUE(h.edit_source(s));
    });
    Source bad = *project_->find_source(id);
    const size_t steps = history_->undo_count();
    for (auto [field, change] : std::vector<std::pair<std::string, std::function<void(Source&)>>>{
             {"title", [](Source& s) { s.title = "  "; }},
             {"url", [](Source& s) { s.url = "example.org"; }},
             {"url", [](Source& s) { s.url = "https://example.org/a b"; }},
             {"language", [](Source& s) { s.language = "english!"; }},
         }) {
        Source s = bad;
        change(s);
        try {
            history_->edit_source(s);
            ADD_FAILURE() << field << " accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.diagnostic().field, field) << e.what();
        }
    }
    EXPECT_EQ(history_->undo_count(), steps);
    EXPECT_TRUE(*project_->find_source(id) == bad);
    EXPECT_FALSE(history_->edit_source(bad));  // unchanged: no step
    EXPECT_EQ(history_->undo_count(), steps);
}

TEST_F(EditCommands, SettingTheFullTextReanchorsAndFlagsSpansAsOneStep) {
    // src-rferl's excerpts: x1 (span 12-75) and x3 (100-150), neither matching the sample's text.
    const std::string x1 = stored_excerpt("x1").text, x3 = stored_excerpt("x3").text;
    const std::string text = "Lead paragraph.\n\nIn Shanyrak: " + x1 + " Later that day.\n\nAnother paragraph.";
    SpanRecheck r;
    check_step("Change the text of 'Shanyrak: a \"shanty town\" stands firm'",
               [&](EditHistory& h) { r = h.set_full_text("src-rferl", text); });
    ASSERT_EQ(r.moved.size(), 1u);
    EXPECT_EQ(r.moved[0].id, "x1");
    EXPECT_EQ(r.flagged, std::vector<std::string>{"x3"});
    const Excerpt moved = stored_excerpt("x1");
    EXPECT_EQ(moved.text, x1);  // the quotation never changes
    EXPECT_EQ(moved.span_begin, 30);
    EXPECT_EQ(moved.locator, "paragraph 2");
    const Source src = *project_->find_source("src-rferl");
    EXPECT_EQ(span_state(src, moved), SpanState::Matches);
    EXPECT_EQ(span_state(src, stored_excerpt("x3")), SpanState::Drifted);
    EXPECT_EQ(stored_excerpt("x3").text, x3);
    // Same text again: no step.
    const size_t steps = history_->undo_count();
    EXPECT_EQ(history_->set_full_text("src-rferl", text).kept.size(), 2u);
    EXPECT_EQ(history_->undo_count(), steps);
    // An edit that moves the paragraph: the span follows, in the same step as the text.
    check_step("Change the text of 'Shanyrak: a \"shanty town\" stands firm'", [&](EditHistory& h) {
        Source s = *h.project().find_source("src-rferl");
        s.full_text = "A new first paragraph.\n\n" + text;
        h.edit_source(s);
    });
    EXPECT_EQ(stored_excerpt("x1").locator, "paragraph 3");
    EXPECT_EQ(span_state(*project_->find_source("src-rferl"), stored_excerpt("x1")), SpanState::Matches);
}

TEST_F(EditCommands, QuotingASelectionMakesTheExcerptWithItsExactSpan) {
    const std::string text = "Первый абзац.\n\nPolice came at dawn. The residents resisted with stones.";
    history_->set_full_text("src-vlast", text);
    const std::string quote = "The residents resisted with stones.";
    const size_t b = text.find(quote);
    std::string id;
    check_step("Quote 'The residents resisted with stones.'",
               [&](EditHistory& h) { id = h.quote_excerpt("src-vlast", b, b + quote.size()); });
    const Excerpt x = stored_excerpt(id);
    EXPECT_EQ(x.text, quote);
    EXPECT_EQ(x.span_begin, 36);
    EXPECT_EQ(x.span_end, 36 + 35);
    EXPECT_EQ(x.locator, "paragraph 2");
    EXPECT_EQ(x.source_id, "src-vlast");
    // Quoted for an event: excerpt and link in one step.
    const size_t p = text.find("Police");
    check_step("Quote 'Police came at dawn.' for 'Akimat orders clearance'",
               [&](EditHistory& h) { id = h.quote_excerpt("src-vlast", p, p + 20, "ev-akimat-decision"); });
    EXPECT_EQ(stored("ev-akimat-decision").excerpt_ids.back(), id);
    // Attaching it to a second event, and detaching it.
    check_step("Attach an excerpt to 'Clash at Shanyrak'",
               [&](EditHistory& h) { EXPECT_TRUE(h.attach_excerpt("ev-shanyrak-clash", id)); });
    check_step("Detach an excerpt from 'Clash at Shanyrak'",
               [&](EditHistory& h) { EXPECT_TRUE(h.detach_excerpt("ev-shanyrak-clash", id)); });
    // Nothing selected but white space: refused, nothing written.
    const size_t steps = history_->undo_count();
    const size_t gap = text.find("\n\n");
    EXPECT_THROW(history_->quote_excerpt("src-vlast", gap, gap + 2), Error);
    EXPECT_THROW(history_->quote_excerpt("src-nowhere", 0, 3), Error);
    EXPECT_EQ(history_->undo_count(), steps);
}

}  // namespace
}  // namespace atlas

namespace atlas {
namespace {

// An import from the window is one step: new records go on undo, updated ones
// come back as they were, every table as before; redo writes it again.
TEST_F(EditCommands, AnImportIsOneUndoableStep) {
    Dataset in;
    in.sources.push_back(Source{"src-new", "A new article", "Paper", "", "April 2006", "", "en", ""});
    in.excerpts.push_back(Excerpt{"x-new", "src-new", "Hundreds came to defend the homes.", -1, -1, "paragraph 2"});
    in.places.push_back(Place{"pl-new", "neighbourhood", "Aigerim", "Айгерим", "Айгерім", 43.27, 76.85, 900, "test"});
    Event fresh = test::sample_dataset().events.front();
    fresh.id = "ev-imported";
    fresh.title = "Imported event";
    fresh.excerpt_ids = {"x-new"};
    in.events.push_back(fresh);
    Event changed = *project_->find_event(test::sample_dataset().events.back().id);
    changed.title = "Renamed by the import";
    in.events.push_back(changed);
    in.events.push_back(*project_->find_event(test::sample_dataset().events.front().id));  // unchanged
    MergeStats st;
    check_step("Import events.csv", [&](EditHistory& h) { st = h.import_records(in, "Import events.csv"); });
    EXPECT_EQ(st.added, 4);
    EXPECT_EQ(st.updated, 1);
    EXPECT_EQ(st.unchanged, 1);
    EXPECT_EQ(project_->find_event(changed.id)->title, "Renamed by the import");
    EXPECT_TRUE(project_->find_place("pl-new").has_value());
    // Importing it again changes nothing: no step.
    const size_t steps = history_->undo_count();
    st = history_->import_records(in, "Import events.csv");
    EXPECT_EQ(st.added + st.updated, 0);
    EXPECT_EQ(history_->undo_count(), steps);
}

Story two_slide_story() {
    Story s;
    s.id = "story-demolitions";
    s.title = "Demolitions";
    s.slides.resize(2);
    s.slides[0].title = "Zhetysu House";
    s.slides[1].title = "Shanyrak";
    s.slides[1].notes = "Say when the bulldozers came.";
    return s;
}

TEST_F(EditCommands, StoryEditsAreStepsNamedAfterWhatChanged) {
    const Story first = two_slide_story();
    check_step("New story 'Demolitions'", [&](EditHistory& h) { EXPECT_TRUE(h.save_story(first)); });
    history_->save_story(first);
    EXPECT_FALSE(history_->save_story(first));  // nothing changed: no step
    Story s = first;
    s.slides.push_back(Slide{});
    s.slides.back().title = "Aigerim";
    check_step("Add a slide to 'Demolitions'", [&](EditHistory& h) { h.save_story(s); });
    history_->save_story(first);  // back to the two slides
    s = first;
    s.slides[1].caption = "Shanyrak, 14 July 2006";
    check_step("Edit slide 2 of 'Demolitions'", [&](EditHistory& h) { h.save_story(s); });
    history_->save_story(first);  // back to the two slides
    s = first;
    std::swap(s.slides[0], s.slides[1]);
    check_step("Reorder the slides of 'Demolitions'", [&](EditHistory& h) { h.save_story(s); });
    history_->save_story(first);  // back to the two slides
    s = first;
    s.slides.pop_back();
    check_step("Delete a slide of 'Demolitions'", [&](EditHistory& h) { h.save_story(s); });
    history_->save_story(first);  // back to the two slides
    s = first;
    s.title = "Lost buildings";
    check_step("Rename story 'Demolitions'", [&](EditHistory& h) { h.save_story(s); });
    history_->save_story(first);
    check_step("Delete story 'Demolitions'", [&](EditHistory& h) { h.delete_story(first.id); });
    EXPECT_THROW(history_->delete_story("no-such-story"), Error);
}

TEST_F(EditCommands, LayerChangesAreStepsNamedAfterWhatChanged) {
    const UserLayerRecord roads{"layers/roads.shp", "roads", true, R"({"colour":"#884400"})"};
    const UserLayerRecord rivers{"layers/rivers.geojson", "rivers", true, "{}"};
    check_step("Add layer 'roads'", [&](EditHistory& h) { EXPECT_TRUE(h.set_layers({roads})); });
    history_->set_layers({roads});
    EXPECT_FALSE(history_->set_layers({roads}));
    check_step("Add layer 'rivers'", [&](EditHistory& h) { h.set_layers({roads, rivers}); });
    history_->set_layers({roads, rivers});
    check_step("Reorder layers", [&](EditHistory& h) { h.set_layers({rivers, roads}); });
    history_->set_layers({roads, rivers});
    UserLayerRecord hidden = rivers;
    hidden.visible = false;
    check_step("Hide layer 'rivers'", [&](EditHistory& h) { h.set_layers({roads, hidden}); });
    history_->set_layers({roads, rivers});
    UserLayerRecord styled = rivers;
    styled.style = R"({"opacity":0.5})";
    check_step("Restyle layer 'rivers'", [&](EditHistory& h) { h.set_layers({roads, styled}); });
    history_->set_layers({roads, rivers});
    check_step("Remove layer 'roads'", [&](EditHistory& h) { h.set_layers({rivers}); });
    check_step("Remove layer 'rivers'", [&](EditHistory& h) { h.set_layers({}); });
    check_step("Change layers", [&](EditHistory& h) { h.set_layers({roads, rivers}); });
}

TEST_F(EditCommands, StoriesAndLayersUndoInTurnWithEventEdits) {
    // One history for every kind of change: undo takes them back newest first.
    history_->save_story(two_slide_story());
    history_->set_layers({UserLayerRecord{"a.shp", "a", true, "{}"}});
    const std::string id = history_->create_event(new_event());
    EXPECT_EQ(history_->undo(), "New event 'Hostel residents evicted'");
    EXPECT_EQ(history_->undo(), "Add layer 'a'");
    EXPECT_TRUE(project_->user_layers().empty());
    EXPECT_TRUE(project_->find_story("story-demolitions").has_value());
    EXPECT_EQ(history_->undo(), "New story 'Demolitions'");
    EXPECT_FALSE(project_->find_story("story-demolitions").has_value());
    EXPECT_FALSE(history_->can_undo());
    (void)id;
}

}  // namespace
}  // namespace atlas
