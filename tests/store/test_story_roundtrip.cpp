// A story keeps every slide field through the project file (put_story -> load)
// and through the story interchange JSON (to_json -> from_json), as authored in
// the story editor: several stories, reordered, edited and deleted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/dataset_json.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

namespace atlas {
namespace {

using test::TempDir;

// Every Slide field set, and set differently in each slide.
Story full_story(const std::string& id) {
    Story st;
    st.id = id;
    st.title = "Шаңырақ, 2006: \"hour by hour\"";
    Slide a;
    a.title = "Dawn, 5 April 2006";
    a.caption = "Police arrive at Shanyrak;\nresidents gather on the roofs.";
    a.notes = "Point at the mosque first. Кейін — мешіт.";
    a.camera = {43.3329, 76.8605, 15.25};
    a.time_cursor = make_time(2006, 4, 5, 6, 30) + 17;  // seconds survive
    a.window_begin = make_time(2006, 4, 5);
    a.cumulative = false;
    a.highlighted_event_ids = {"ev-shanyrak-clash", "ev-other"};
    a.visible_layers = {"roads", "districts"};
    a.visible_categories = {"eviction", "protest"};
    a.excerpt_id = "x1";
    Slide b;
    b.title = "Zhetysu House";
    b.caption = "February 2026";
    b.camera = {43.2626, 76.956, 17.0};
    b.time_cursor = make_time(2026, 2, 28, 23, 59);
    b.window_begin = make_time(1908);
    b.cumulative = true;
    b.highlighted_event_ids = {"ev-zhetysu"};
    Slide c;  // defaults and empties
    c.title = "Quiet slide";
    c.camera = {43.0, 77.0, 12.0};
    c.time_cursor = make_time(1908, 12, 31, 23, 59);
    c.window_begin = make_time(1908);
    st.slides = {a, b, c};
    return st;
}

void expect_same_slides(const Story& got, const Story& want) {
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.title, want.title);
    ASSERT_EQ(got.slides.size(), want.slides.size());
    for (size_t i = 0; i < got.slides.size(); ++i) {
        SCOPED_TRACE("slide " + std::to_string(i));
        const Slide& g = got.slides[i];
        const Slide& w = want.slides[i];
        EXPECT_EQ(g.title, w.title);
        EXPECT_EQ(g.caption, w.caption);
        EXPECT_EQ(g.notes, w.notes);
        EXPECT_EQ(g.camera, w.camera);
        EXPECT_EQ(g.time_cursor, w.time_cursor);
        EXPECT_EQ(g.window_begin, w.window_begin);
        EXPECT_EQ(g.cumulative, w.cumulative);
        EXPECT_EQ(g.highlighted_event_ids, w.highlighted_event_ids);
        EXPECT_EQ(g.visible_layers, w.visible_layers);
        EXPECT_EQ(g.visible_categories, w.visible_categories);
        EXPECT_EQ(g.excerpt_id, w.excerpt_id);
        EXPECT_EQ(g, w);  // and nothing else differs
    }
}

const Story* find_story(const Dataset& d, const std::string& id) {
    for (const Story& s : d.stories)
        if (s.id == id) return &s;
    return nullptr;
}

TEST(StoryRoundTrip, ThroughTheProjectFile) {
    TempDir dir;
    const auto path = dir / "stories.atlas";
    const Story one = full_story("story-one");
    Story two = full_story("story-two");
    two.title = "Second";
    two.slides.pop_back();
    {
        Project p = Project::open(path, OpenMode::CreateIfMissing);
        p.merge(test::sample_dataset());
        p.put_story(one);
        p.put_story(two);
    }
    const Dataset d = Project::open(path, OpenMode::ReadOnly).load();
    ASSERT_NE(find_story(d, "story-one"), nullptr);
    ASSERT_NE(find_story(d, "story-two"), nullptr);
    expect_same_slides(*find_story(d, "story-one"), one);
    expect_same_slides(*find_story(d, "story-two"), two);
}

TEST(StoryRoundTrip, EditsReplaceTheStoredStory) {
    TempDir dir;
    const auto path = dir / "edit.atlas";
    Project p = Project::open(path, OpenMode::CreateIfMissing);
    Story st = full_story("s");
    p.put_story(st);
    // What the editor does: reorder, duplicate, delete, rename, each saved at once.
    std::swap(st.slides[0], st.slides[2]);
    p.put_story(st);
    expect_same_slides(*find_story(p.load(), "s"), st);
    st.slides.push_back(st.slides[1]);
    st.slides.back().title += " (copy)";
    p.put_story(st);
    expect_same_slides(*find_story(p.load(), "s"), st);
    st.slides.erase(st.slides.begin());
    st.title = "Renamed";
    p.put_story(st);
    const Dataset d = p.load();
    ASSERT_EQ(d.stories.size(), 1u);
    expect_same_slides(d.stories[0], st);
    p.delete_story("s");
    EXPECT_TRUE(p.load().stories.empty());
}

TEST(StoryRoundTrip, ThroughJson) {
    const Story st = full_story("json-story");
    nlohmann::json j;
    to_json(j, st);
    Story back;
    from_json(j, back);
    expect_same_slides(back, st);
    // And through the text of a story file with several stories.
    const std::vector<Story> both = {st, full_story("other")};
    const std::vector<Story> again = stories_from_json_text(stories_to_json_text(both), "two.json");
    ASSERT_EQ(again.size(), 2u);
    expect_same_slides(again[0], both[0]);
    expect_same_slides(again[1], both[1]);
}

TEST(StoryRoundTrip, ProjectThenJsonThenProject) {
    TempDir dir;
    const Story st = full_story("chain");
    Project p = Project::open(dir / "a.atlas", OpenMode::CreateIfMissing);
    p.put_story(st);
    const std::string text = stories_to_json_text(p.load().stories);
    Project q = Project::open(dir / "b.atlas", OpenMode::CreateIfMissing);
    for (const Story& s : stories_from_json_text(text, "export.json")) q.put_story(s);
    expect_same_slides(*find_story(q.load(), "chain"), st);
}

TEST(StoryRoundTrip, BrokenStoryJsonIsAnErrorNamingTheField) {
    nlohmann::json j;
    to_json(j, full_story("bad"));
    j["slides"][1]["camera"]["zoom"] = "close";
    Story out;
    try {
        from_json(j, out);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("zoom"), std::string::npos) << e.what();
    }
    EXPECT_THROW(stories_from_json_text("{\"stories\": [", "cut.json"), Error);
}

}  // namespace
}  // namespace atlas
