// Drives the explorer in-process with synthetic ImGui input over a few frames
// (hidden window under Xvfb) and checks the model's state.
#include <gtest/gtest.h>

#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "model/app_model.hpp"
#include "platform/window.hpp"
#include "render/snapshot.hpp"
#include "ui/explorer.hpp"

namespace atlas {
namespace {

TimePoint at(int y, unsigned m, unsigned d, int hour = 0) {
    using namespace std::chrono;
    return static_cast<TimePoint>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count()) * 86400 +
           hour * 3600;
}

Event ev(std::string id, std::string title, std::string_view cat, TimePoint b, TimePoint e, double lat, double lon) {
    Event x;
    x.id = std::move(id);
    x.title = std::move(title);
    x.category = std::string(cat);
    x.time.begin = b;
    x.time.end = e;
    x.time.precision = e - b <= 86400 ? TimePrecision::Day : TimePrecision::Year;
    x.location.lat = lat;
    x.location.lon = lon;
    x.location.uncertainty_m = 20;
    x.location.precision = LocationPrecision::Building;
    x.time_text = "as written " + x.id;
    return x;
}

Dataset sample() {
    Dataset d;
    d.events.push_back(ev("a", "Building completed", category::construction, at(1908, 1, 1), at(1909, 1, 1), 43.260, 76.950));
    d.events.push_back(ev("b", "Exile arrives", category::arrest, at(1928, 1, 25), at(1928, 1, 26), 43.240, 76.920));
    d.events.push_back(ev("c", "Cinema demolished", category::demolition, at(2003, 5, 1), at(2003, 5, 2), 43.235, 76.940));
    d.events.push_back(ev("d", "Eviction notices", category::eviction, at(2006, 3, 14), at(2006, 3, 15), 43.310, 76.860));
    d.events.push_back(ev("e", "Clashes at Shanyrak", category::protest, at(2006, 4, 5, 10), at(2006, 4, 5, 11), 43.315, 76.850));
    d.events.push_back(ev("f", "Zhetysu House demolished", category::demolition, at(2026, 2, 3), at(2026, 2, 4), 43.262, 76.955));
    return d;
}

class Explorer : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 1600;
        wo.height = 960;
        try {
            window_ = std::make_unique<platform::Window>(wo);
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        ui::apply_theme(Theme::Light, 1.0f);
        model_.set_dataset(sample());
        explorer_ = std::make_unique<ui::Explorer>(model_);
        explorer_->filters().set_search([this](std::string_view q) {
            std::vector<std::string> ids;
            for (const auto& e : model_.dataset().events)
                if (e.title.find(q) != std::string::npos) ids.push_back(e.id);
            return ids;
        });
        window_->set_input_hook([this] {
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = mouse_;
            io.MouseDown[0] = down_;
            io.MouseWheel = wheel_;
            wheel_ = 0;
            for (unsigned c : chars_) io.AddInputCharacter(c);
            chars_.clear();
        });
        frames(3);
    }
    void TearDown() override {
        explorer_.reset();
        window_.reset();
    }

    void frames(int n) {
        for (int i = 0; i < n; ++i)
            window_->step([this] {
                explorer_->draw(ImVec2(0, 0), ImGui::GetIO().DisplaySize, window_->key_presses());
                return true;
            });
    }
    void move(ImVec2 p) {
        mouse_ = p;
        frames(1);
    }
    void click(ImVec2 p) {
        move(p);
        down_ = true;
        frames(1);
        down_ = false;
        frames(2);
    }
    void drag(ImVec2 from, ImVec2 to) {
        move(from);
        down_ = true;
        frames(1);
        for (int i = 1; i <= 5; ++i) {
            mouse_ = ImVec2(from.x + (to.x - from.x) * static_cast<float>(i) / 5, from.y + (to.y - from.y) * static_cast<float>(i) / 5);
            frames(1);
        }
        down_ = false;
        frames(2);
    }
    void key(ImGuiKey k) {
        // Through the window's key callback, as GLFW delivers it.
        const int idx = ImGui::GetIO().KeyMap[k];
        window_->key_event(idx, 0, GLFW_PRESS, 0);
        frames(1);
        window_->key_event(idx, 0, GLFW_RELEASE, 0);
        frames(1);
    }
    void type(std::string_view s) {
        for (char c : s) {
            chars_.push_back(static_cast<unsigned char>(c));
            frames(1);
        }
        frames(1);
    }
    // With ATLAS_TEST_PNG_DIR set: the window as drawn, to look at.
    void screenshot(const std::string& name) {
        const char* dir = std::getenv("ATLAS_TEST_PNG_DIR");
        if (!dir) return;
        window_->capture_next_frame();
        frames(1);
        Image img;
        img.rgba = window_->take_capture(img.width, img.height);
        if (!img.rgba.empty()) write_png(img, std::string(dir) + "/" + name);
    }
    // Screen position (logical pixels) of an event's marker on the map.
    ImVec2 marker_on_screen(uint32_t row) {
        const auto s = model_.marker_screen_position(row);
        const float ratio = static_cast<float>(model_.map_view.pixel_ratio);
        const ImVec2 o = explorer_->map().screen_origin();
        return ImVec2(o.x + static_cast<float>(s.x) / ratio, o.y + static_cast<float>(s.y) / ratio);
    }

    std::unique_ptr<platform::Window> window_;
    AppModel model_;
    std::unique_ptr<ui::Explorer> explorer_;
    ImVec2 mouse_{-1, -1};
    bool down_ = false;
    float wheel_ = 0;
    std::vector<unsigned> chars_;
};

TEST_F(Explorer, ClickingAMarkerSelectsItEverywhere) {
    const uint32_t row = *model_.row_of("c");
    // Street level around the cinema: no clusters, every marker on its own.
    model_.map_view.zoom = 16;
    model_.map_view.center = {model_.events().x[row], model_.events().y[row]};
    frames(2);
    ASSERT_TRUE(model_.selection().empty());
    const ImVec2 p = marker_on_screen(row);
    move(p);
    EXPECT_EQ(model_.hover(), row);  // the tooltip's event
    click(p);
    ASSERT_EQ(model_.selection().size(), 1u);
    EXPECT_EQ(model_.selection().front(), row);
    // The timeline draws it selected, and the list holds it.
    const auto& on_timeline = explorer_->timeline().drawn_selected();
    EXPECT_NE(std::find(on_timeline.begin(), on_timeline.end(), row), on_timeline.end());
    const auto& rows = model_.visible_rows();
    EXPECT_NE(std::find(rows.begin(), rows.end(), row), rows.end());
    // Clicking empty map clears it.
    click(ImVec2(p.x + 60, p.y + 45));
    EXPECT_TRUE(model_.selection().empty());
}

TEST_F(Explorer, DraggingTheScrubCursorChangesTheVisibleSet) {
    ASSERT_EQ(model_.visible_count(), 6u);  // the cursor starts at the end
    auto& tl = explorer_->timeline();
    const float from_x = tl.x_of(model_, model_.window().cursor);
    const float to_x = tl.x_of(model_, at(2005, 1, 1));
    const float y = tl.canvas_min().y + 8;  // the histogram band above the lanes
    drag(ImVec2(from_x, y), ImVec2(to_x, y));
    const double seconds_per_px =
        static_cast<double>(model_.timeline_end - model_.timeline_begin) / (tl.canvas_max().x - tl.canvas_min().x);
    EXPECT_NEAR(static_cast<double>(model_.window().cursor), static_cast<double>(at(2005, 1, 1)), 2 * seconds_per_px);
    EXPECT_EQ(model_.visible_count(), 3u);  // 1908, 1928, 2003
    EXPECT_FALSE(model_.is_visible(*model_.row_of("d")));
}

TEST_F(Explorer, ClickOnTheTimelineJumpsAndArrowsStep) {
    auto& tl = explorer_->timeline();
    const float x = tl.x_of(model_, at(1950, 1, 1));
    // An empty spot in the construction lane (no event there in 1950).
    const int lane = tl.lane_of(static_cast<size_t>(model_.category_index(category::construction)));
    ASSERT_GE(lane, 0);
    click(ImVec2(x, tl.lane_y(static_cast<size_t>(lane))));
    EXPECT_LT(model_.window().cursor, at(1960, 1, 1));
    EXPECT_GT(model_.window().cursor, at(1940, 1, 1));
    EXPECT_EQ(model_.visible_count(), 2u);
    key(ImGuiKey_RightArrow);  // the timeline has focus: step to the next event
    EXPECT_EQ(model_.window().cursor, at(2003, 5, 1));
    EXPECT_EQ(model_.visible_count(), 3u);
    key(ImGuiKey_RightArrow);
    EXPECT_EQ(model_.window().cursor, at(2006, 3, 14));
    key(ImGuiKey_LeftArrow);
    EXPECT_EQ(model_.window().cursor, at(2003, 5, 1));
}

TEST_F(Explorer, ClickingAnEventOnTheTimelineSelectsIt) {
    const uint32_t row = *model_.row_of("b");
    model_.fit_timeline_all();
    frames(1);
    auto& tl = explorer_->timeline();
    const int lane = tl.lane_of(model_.events().category[row]);
    ASSERT_GE(lane, 0);
    const float x = tl.x_of(model_, model_.events().begin[row]);
    click(ImVec2(x + 1, tl.lane_y(static_cast<size_t>(lane))));
    ASSERT_EQ(model_.selection().size(), 1u);
    EXPECT_EQ(model_.selection().front(), row);
}

TEST_F(Explorer, SearchingChangesTheCount) {
    click(explorer_->filters().search_box_centre());
    type("demolished");
    EXPECT_TRUE(model_.filter().search_active);
    EXPECT_EQ(model_.filter().search_text, "demolished");
    EXPECT_EQ(model_.visible_count(), 2u);
    EXPECT_EQ(ui::count_label(model_), "2 of 6 events");
}

TEST_F(Explorer, SearchResultsHiddenByTheTimeAreSaidWithAWayToShowThemAll) {
    click(explorer_->filters().search_box_centre());
    type("demolished");
    model_.set_cursor(at(2010, 1, 1));  // the 2026 demolition is after the cursor
    frames(2);
    EXPECT_EQ(model_.visible_count(), 1u);
    EXPECT_EQ(model_.hidden_by_time_note(), "2 match, 1 in the time window");
    screenshot("explorer_search_hidden_by_time.png");
    const ImVec2 show_all = explorer_->filters().show_all_centre();
    ASSERT_GE(show_all.x, 0);
    click(show_all);
    EXPECT_EQ(model_.visible_count(), 2u);
    EXPECT_TRUE(model_.filter().search_active);
    EXPECT_LT(explorer_->filters().show_all_centre().x, 0);  // nothing hidden: no button
}

TEST_F(Explorer, TogglingACategoryChangesTheCount) {
    const auto c = static_cast<size_t>(model_.category_index(category::demolition));
    const ImVec2 box = explorer_->filters().category_checkbox_centre(c);
    ASSERT_GE(box.x, 0);
    click(box);
    EXPECT_FALSE(model_.filter().category_enabled[c]);
    EXPECT_EQ(model_.visible_count(), 4u);
    click(box);
    EXPECT_EQ(model_.visible_count(), 6u);
}

TEST_F(Explorer, WheelZoomsTheMapAboutThePointer) {
    const double z0 = model_.map_view.zoom;
    const ImVec2 o = explorer_->map().screen_origin();
    const ImVec2 s = explorer_->map().size();
    const ImVec2 p(o.x + s.x * 0.25f, o.y + s.y * 0.25f);
    const float ratio = static_cast<float>(model_.map_view.pixel_ratio);
    const MercatorXY under = model_.map_view.to_mercator((p.x - o.x) * ratio, (p.y - o.y) * ratio);
    move(p);
    wheel_ = 2;
    frames(1);
    EXPECT_NEAR(model_.map_view.zoom, z0 + 1.0, 1e-9);
    const MercatorXY after = model_.map_view.to_mercator((p.x - o.x) * ratio, (p.y - o.y) * ratio);
    EXPECT_NEAR(after.x, under.x, 1e-3);
    EXPECT_NEAR(after.y, under.y, 1e-3);
    // Dragging pans.
    const MercatorXY c0 = model_.map_view.center;
    drag(p, ImVec2(p.x + 100, p.y));
    EXPECT_LT(model_.map_view.center.x, c0.x);
}

TEST_F(Explorer, LettingGoOfADragLetsTheMapGlideThenStop) {
    const ImVec2 o = explorer_->map().screen_origin();
    const ImVec2 s = explorer_->map().size();
    const ImVec2 p(o.x + s.x * 0.5f, o.y + s.y * 0.5f);
    drag(p, ImVec2(p.x + 150, p.y));
    ASSERT_TRUE(explorer_->map().gliding()) << "released while moving";
    const double x_released = model_.map_view.center.x;
    frames(2);
    EXPECT_LT(model_.map_view.center.x, x_released) << "keeps moving the way it was dragged";
    int n = 0;
    while (explorer_->map().gliding() && n < 2000) {
        frames(1);
        ++n;
    }
    EXPECT_FALSE(explorer_->map().gliding()) << "the glide dies out";
    const double x_rest = model_.map_view.center.x;
    frames(3);
    EXPECT_EQ(model_.map_view.center.x, x_rest);
    // A press stops a glide at once.
    drag(p, ImVec2(p.x + 150, p.y));
    ASSERT_TRUE(explorer_->map().gliding());
    move(p);
    down_ = true;
    frames(1);
    EXPECT_FALSE(explorer_->map().gliding());
    down_ = false;
    frames(1);
}

TEST_F(Explorer, PlaybackAdvancesTheCursor) {
    model_.set_cursor(at(1900, 1, 1));
    model_.set_speed(10 * 365.2425 * 86400);
    model_.play();
    explorer_->update(1.0);
    EXPECT_GT(model_.window().cursor, at(1909, 1, 1));
    key(ImGuiKey_Space);  // pauses
    EXPECT_FALSE(model_.playback().playing);
}

TEST_F(Explorer, TwoSpaceTapsInOneFramePlayAndPauseAgain) {
    ASSERT_FALSE(model_.playback().playing);
    const int space = ImGui::GetIO().KeyMap[ImGuiKey_Space];
    window_->key_event(space, 0, GLFW_PRESS, 0);
    window_->key_event(space, 0, GLFW_RELEASE, 0);
    frames(1);
    EXPECT_TRUE(model_.playback().playing);
    model_.pause();
    window_->key_event(space, 0, GLFW_PRESS, 0);
    window_->key_event(space, 0, GLFW_RELEASE, 0);
    window_->key_event(space, 0, GLFW_PRESS, 0);
    window_->key_event(space, 0, GLFW_RELEASE, 0);
    frames(1);
    EXPECT_FALSE(model_.playback().playing);  // played, then paused: both taps counted
}

TEST_F(Explorer, ATapBetweenTwoFramesIsDownForOneFrameInImGui) {
    // ImGui 1.86 keeps only the keys' state: the window holds a release back
    // for a frame so that ImGui::IsKeyPressed sees a tap shorter than a frame.
    const int f = ImGui::GetIO().KeyMap[ImGuiKey_Home];
    window_->key_event(f, 0, GLFW_PRESS, 0);
    window_->key_event(f, 0, GLFW_RELEASE, 0);
    bool pressed = false, down_after = true;
    window_->step([&] {
        pressed = ImGui::IsKeyPressed(f, false);
        return true;
    });
    window_->step([&] {
        down_after = ImGui::IsKeyDown(f);
        return true;
    });
    EXPECT_TRUE(pressed);
    EXPECT_FALSE(down_after);
    ASSERT_EQ(window_->key_presses().size(), 0u);  // the queue holds only the last frame's presses
}

TEST_F(Explorer, TheLoopSleepsUntilItsTimerWhenNothingHappens) {
    // After the frames input asks for, run() draws nothing until the timer.
    int drawn = 0;
    double last_frame_at = 0;
    const double t0 = glfwGetTime();
    window_->wake();
    window_->wake_after(0.3);
    window_->run([&] {
        ++drawn;
        last_frame_at = glfwGetTime();
        return drawn < platform::Window::kSettleFrames + 1;
    });
    EXPECT_EQ(drawn, platform::Window::kSettleFrames + 1);
    EXPECT_GE(last_frame_at - t0, 0.29);
    EXPECT_EQ(window_->frames_to_draw(), 0);
}

TEST_F(Explorer, ATimerFrameThatShowsWhatIsShownKeepsThePicture) {
    // A frame that only a timer asked for, and that says it shows what the
    // screen shows already, is neither drawn nor swapped. One that does not
    // say so is drawn; so are the frames input asks for (every input callback
    // wakes the loop: wake() stands in for it), whatever they say.
    const uint64_t shown0 = window_->frames_shown();
    std::vector<uint64_t> kept_before;  // frames_kept() as each frame begins
    int n = 0;
    window_->wake();  // frames 1-3: input's
    window_->wake_after(0.01);
    window_->run([&] {
        ++n;
        kept_before.push_back(window_->frames_kept());
        if (n != 6) window_->keep_shown_frame();  // frame 6 changes the picture
        if (n == 8) window_->wake();               // input during frame 8: it and 9-11 are drawn
        if (n < 12) window_->wake_after(0.01);
        return n < 12;
    });
    ASSERT_EQ(n, 12);
    kept_before.push_back(window_->frames_kept());
    std::vector<int> kept;
    for (int i = 1; i <= n; ++i)
        if (kept_before[static_cast<size_t>(i)] != kept_before[static_cast<size_t>(i - 1)]) kept.push_back(i);
    EXPECT_EQ(kept, (std::vector<int>{4, 5, 7, 12}));
    EXPECT_EQ(window_->frames_shown() - shown0, 8u);  // 1-3, 6, 8-11
    // A capture asks for the frame to be drawn however it came.
    window_->capture_next_frame();
    window_->wake_after(0.0);
    int m = 0;
    window_->run([&] {
        window_->keep_shown_frame();
        return ++m < 1;
    });
    EXPECT_EQ(window_->frames_shown() - shown0, 9u);
    int w = 0, h = 0;
    EXPECT_FALSE(window_->take_capture(w, h).empty());
}

}  // namespace
}  // namespace atlas
