// A slide's planned and rehearsed times (the presenter's console shows
// "planned 1:30, last 1:42") survive the project file and the story JSON;
// unset times stay out of the JSON, and a negative one is a clear fault.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/dataset_json.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

namespace atlas {
namespace {

Story timed_story() {
    Story st;
    st.id = "timed";
    st.title = "Timed";
    for (int i = 0; i < 3; ++i) {
        Slide s;
        s.title = "Slide " + std::to_string(i + 1);
        s.camera = {43.25, 76.9, 13.0};
        s.time_cursor = make_time(2006, 4, 5);
        s.window_begin = make_time(2006);
        st.slides.push_back(s);
    }
    st.slides[0].planned_ms = 90'000;
    st.slides[0].rehearsed_ms = 102'000;
    st.slides[1].planned_ms = 45'000;  // planned, never rehearsed
    // slide 3: neither
    return st;
}

TEST(SlideTimes, ThroughTheProjectFile) {
    test::TempDir dir;
    const auto path = dir / "times.atlas";
    Story st = timed_story();
    {
        Project p = Project::open(path, OpenMode::CreateIfMissing);
        p.put_story(st);
    }
    Dataset d = Project::open(path, OpenMode::ReadOnly).load();
    ASSERT_EQ(d.stories.size(), 1u);
    ASSERT_EQ(d.stories[0].slides.size(), 3u);
    EXPECT_EQ(d.stories[0].slides[0].planned_ms, 90'000);
    EXPECT_EQ(d.stories[0].slides[0].rehearsed_ms, 102'000);
    EXPECT_EQ(d.stories[0].slides[1].planned_ms, 45'000);
    EXPECT_EQ(d.stories[0].slides[1].rehearsed_ms, 0);
    EXPECT_EQ(d.stories[0], st);
    // A later run through replaces the last time.
    st.slides[1].rehearsed_ms = 51'250;
    {
        Project p = Project::open(path, OpenMode::ReadWrite);
        p.put_story(st);
    }
    d = Project::open(path, OpenMode::ReadOnly).load();
    EXPECT_EQ(d.stories[0].slides[1].rehearsed_ms, 51'250);
}

TEST(SlideTimes, ThroughStoryJson) {
    const Story st = timed_story();
    const std::string text = stories_to_json_text({st});
    const std::vector<Story> back = stories_from_json_text(text, "timed.json");
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0], st);
    // Unset times are not written: a story without them reads as before.
    nlohmann::json j;
    to_json(j, st);
    EXPECT_EQ(j["slides"][0]["planned_ms"], 90'000);
    EXPECT_EQ(j["slides"][0]["rehearsed_ms"], 102'000);
    EXPECT_FALSE(j["slides"][2].contains("planned_ms"));
    EXPECT_FALSE(j["slides"][2].contains("rehearsed_ms"));
}

TEST(SlideTimes, NegativeOrFractionalTimesAreFaultsNamingTheField) {
    nlohmann::json j;
    to_json(j, timed_story());
    j["slides"][1]["rehearsed_ms"] = -5;
    try {
        (void)stories_from_json_text(j.dump(), "bad.json");
        FAIL() << "a negative time was accepted";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("bad.json"), std::string::npos) << what;
        EXPECT_NE(what.find("rehearsed_ms"), std::string::npos) << what;
    }
    j["slides"][1]["rehearsed_ms"] = 1.5;
    EXPECT_THROW((void)stories_from_json_text(j.dump(), "bad.json"), Error);
}

}  // namespace
}  // namespace atlas
