// The presenter's console, in-process under Xvfb: the presenting keys work
// when they come from the console's window, P draws nothing over the
// audience's slide while a console is open, S swaps the windows, the next
// slide's preview is that slide as presented and leaves the explorer's state
// alone, leaving restores the explorer exactly, and the console's own window
// shows the notes it is given (its pixels differ where the notes are).
#include <gtest/gtest.h>

#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/presenter_clock.hpp"
#include "platform/console_window.hpp"
#include "platform/window.hpp"
#include "render/fonts.hpp"
#include "render/gl.hpp"
#include "ui/presentation.hpp"
#include "ui/presenter_console.hpp"
#include "ui/theme.hpp"

namespace atlas {
namespace {

Event ev(const char* id, std::string_view cat, TimePoint b, double lat, double lon) {
    Event x;
    x.id = id;
    x.title = id;
    x.category = std::string(cat);
    x.time.begin = b;
    x.time.end = b + 86400;
    x.location.lat = lat;
    x.location.lon = lon;
    x.location.precision = LocationPrecision::Building;
    return x;
}

Dataset sample() {
    Dataset d;
    d.events.push_back(ev("built", category::construction, make_time(1908, 6), 43.2626, 76.956));
    d.events.push_back(ev("exile", category::arrest, make_time(1928, 1, 25), 43.259, 76.95));
    d.events.push_back(ev("clash", category::protest, make_time(2006, 4, 5, 10), 43.3329, 76.8605));
    d.events.push_back(ev("razed", category::demolition, make_time(2026, 2, 3), 43.2626, 76.956));
    return d;
}

Story story() {
    Story st;
    st.id = "t";
    st.title = "Test";
    const struct {
        const char* title;
        double lat, lon, zoom;
        TimePoint cursor, begin;
        const char* highlight;
    } rows[] = {{"1908", 43.2626, 76.956, 16, make_time(1909) - 60, make_time(1908), "built"},
                {"1928", 43.259, 76.95, 15, make_time(1928, 3) - 60, make_time(1928, 1), "exile"},
                {"2006", 43.3329, 76.8605, 14, make_time(2006, 4, 5, 10, 30), make_time(2006, 4, 5), "clash"}};
    for (const auto& r : rows) {
        Slide s;
        s.title = r.title;
        s.notes = std::string("Notes for ") + r.title;
        s.camera = {r.lat, r.lon, r.zoom};
        s.time_cursor = r.cursor;
        s.window_begin = r.begin;
        s.highlighted_event_ids = {r.highlight};
        s.visible_categories = {std::string(category::protest), std::string(category::arrest)};
        st.slides.push_back(s);
    }
    return st;
}

std::vector<unsigned char> pixels(const gl::RenderTarget& t) {
    std::vector<unsigned char> px(static_cast<size_t>(t.width()) * static_cast<size_t>(t.height()) * 4);
    t.read_pixels(px.data());
    return px;
}

class Console : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 1280;
        wo.height = 720;
        try {
            window_ = std::make_unique<platform::Window>(wo);
            presentation_ = std::make_unique<ui::Presentation>(find_ui_font(false), find_ui_font(true));
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        ui::apply_theme(Theme::Projector, 1.0f);
        model_.set_dataset(sample());
        ui::PresentationHost host;
        host.console_open = [this] { return console_open_; };
        host.swap_windows = [this] { ++swaps_; };
        presentation_->set_host(host);
    }
    void TearDown() override {
        presentation_.reset();
        window_.reset();
    }
    // One frame with these keys and characters from the console's window.
    bool frame(const ui::KeyPresses& console_keys = {}, const std::vector<unsigned>& console_typed = {},
               double dt = 0.0) {
        bool keep = true;
        window_->step([&] {
            if (!presentation_->active()) return true;
            ui::KeyPresses keys = window_->key_presses();
            keys.insert(keys.end(), console_keys.begin(), console_keys.end());
            keep = presentation_->frame(model_, dt, keys, console_typed);
            if (!keep) presentation_->stop(model_);
            return true;
        });
        return keep;
    }
    static ui::KeyPresses press(ImGuiKey k) {
        ui::KeyPress p;
        p.key = ImGui::GetIO().KeyMap[k];
        return {p};
    }
    void settle() {
        for (int i = 0; i < 40 && presentation_->player().transitioning(); ++i) frame({}, {}, 0.1);
        frame();
    }

    std::unique_ptr<platform::Window> window_;
    std::unique_ptr<ui::Presentation> presentation_;
    AppModel model_;
    bool console_open_ = true;
    int swaps_ = 0;
};

TEST_F(Console, PresentingKeysWorkFromTheConsolesWindow) {
    ASSERT_TRUE(presentation_->start(model_, story()));
    frame();
    frame(press(ImGuiKey_PageDown));
    settle();
    EXPECT_EQ(presentation_->player().slide_index(), 1u);
    frame(press(ImGuiKey_End));
    settle();
    EXPECT_EQ(presentation_->player().slide_index(), 2u);
    frame(press(ImGuiKey_Backspace));
    settle();
    EXPECT_EQ(presentation_->player().slide_index(), 1u);
    frame({}, {'b'});
    EXPECT_TRUE(presentation_->player().black());
    frame({}, {'.'});
    EXPECT_FALSE(presentation_->player().black());
    EXPECT_TRUE(frame());
    EXPECT_FALSE(frame(press(ImGuiKey_Escape)));
    EXPECT_FALSE(presentation_->active());
}

TEST_F(Console, WithAConsolePDrawsNothingOverTheSlideAndSSwaps) {
    ASSERT_TRUE(presentation_->start(model_, story()));
    frame();
    frame({}, {'p'});
    EXPECT_FALSE(presentation_->presenter_overlay);
    frame({}, {'s'});
    EXPECT_EQ(swaps_, 1);
    // Without a console P still shows the overlay (and S has nothing to swap).
    console_open_ = false;
    frame({}, {'P'});
    EXPECT_TRUE(presentation_->presenter_overlay);
    frame({}, {'S'});
    EXPECT_EQ(swaps_, 1);
}

TEST_F(Console, NextPreviewIsTheNextSlideAsPresentedAndLeavesTheModel) {
    ASSERT_TRUE(presentation_->start(model_, story(), 0));
    frame();
    const MapView view = model_.map_view;
    const TimeWindow window = model_.window();
    const std::vector<uint32_t> selection = model_.selection();
    const std::vector<uint8_t> categories = model_.filter().category_enabled;
    const unsigned tex = presentation_->render_next_preview(model_, 640, 360);
    ASSERT_NE(tex, 0u);
    EXPECT_EQ(model_.map_view.center.x, view.center.x);
    EXPECT_EQ(model_.map_view.center.y, view.center.y);
    EXPECT_EQ(model_.map_view.zoom, view.zoom);
    EXPECT_EQ(model_.map_view.width_px, view.width_px);
    EXPECT_EQ(model_.window().cursor, window.cursor);
    EXPECT_EQ(model_.selection(), selection);
    EXPECT_EQ(model_.filter().category_enabled, categories);
    const std::vector<unsigned char> preview = pixels(presentation_->next_target());

    // The same slide presented on a screen of that size, by a presentation of its own.
    AppModel other;
    other.set_dataset(sample());
    ui::Presentation second(find_ui_font(false), find_ui_font(true));
    ASSERT_TRUE(second.start(other, story(), 1));
    gl::RenderTarget shown;
    second.render(other, shown, 640, 360);
    const std::vector<unsigned char> expected = pixels(shown);
    ASSERT_EQ(preview.size(), expected.size());
    size_t differ = 0;
    for (size_t i = 0; i < preview.size(); ++i) differ += preview[i] != expected[i];
    EXPECT_EQ(differ, 0u);

    // The events loaded again (the project changed on disk mid-talk), the
    // next slide's event moved: the preview shows where it is now.
    Dataset moved = sample();
    for (Event& e : moved.events)
        if (e.id == "exile") e.location.lon += 0.002;  // about 160 m east: 80 px at zoom 15
    model_.set_dataset(std::move(moved));
    frame();
    ASSERT_NE(presentation_->render_next_preview(model_, 640, 360), 0u);
    const std::vector<unsigned char> after = pixels(presentation_->next_target());
    ASSERT_EQ(after.size(), preview.size());
    differ = 0;
    for (size_t i = 0; i < after.size(); ++i) differ += after[i] != preview[i];
    EXPECT_GT(differ, 100u);

    // The last slide has no next: "end of story".
    frame(press(ImGuiKey_End));
    settle();
    EXPECT_EQ(presentation_->render_next_preview(model_, 640, 360), 0u);
    EXPECT_TRUE(presentation_->console_state().end_of_story);
}

TEST_F(Console, LeavingRestoresTheExplorerExactly) {
    model_.map_view.set_camera({43.21, 76.88, 11.5});
    TimeWindow w;
    w.cursor = make_time(1990, 3, 2);
    w.mode = WindowMode::Sliding;
    w.width = 40 * 86400;
    model_.set_window(w);
    ViewFilter f = model_.filter();
    f.category_enabled.assign(model_.categories().size(), 1);
    f.category_enabled[0] = 0;
    f.tags = {"a-tag"};
    model_.set_filter(f);
    const std::vector<uint32_t> picked{*model_.row_of("built"), *model_.row_of("razed")};
    model_.select_rows(picked);
    model_.timeline_begin = make_time(1950);
    model_.timeline_end = make_time(2000);
    const MapView before = model_.map_view;
    const std::vector<uint32_t> selection = model_.selection();

    ASSERT_TRUE(presentation_->start(model_, story(), 0));
    frame();
    frame(press(ImGuiKey_RightArrow));
    settle();
    (void)presentation_->render_next_preview(model_, 320, 180);
    EXPECT_FALSE(frame(press(ImGuiKey_Escape)));

    EXPECT_EQ(model_.map_view.center.x, before.center.x);
    EXPECT_EQ(model_.map_view.center.y, before.center.y);
    EXPECT_EQ(model_.map_view.zoom, before.zoom);
    EXPECT_EQ(model_.window().cursor, w.cursor);
    EXPECT_EQ(model_.window().mode, w.mode);
    EXPECT_EQ(model_.window().width, w.width);
    EXPECT_EQ(model_.filter().category_enabled, f.category_enabled);
    EXPECT_EQ(model_.filter().tags, f.tags);
    EXPECT_EQ(model_.selection(), selection);
    EXPECT_EQ(model_.timeline_begin, make_time(1950));
    EXPECT_EQ(model_.timeline_end, make_time(2000));
}

TEST_F(Console, ClockActionsAndJumpsFromTheStrip) {
    ASSERT_TRUE(presentation_->start(model_, story()));
    frame({}, {}, 2.0);
    frame({}, {}, 3.0);
    EXPECT_DOUBLE_EQ(presentation_->clock().elapsed_seconds(), 5.0);
    ui::PresenterConsoleActions a;
    a.toggle_pause = true;
    presentation_->apply(a);
    frame({}, {}, 4.0);
    EXPECT_DOUBLE_EQ(presentation_->clock().elapsed_seconds(), 5.0);
    EXPECT_TRUE(presentation_->console_state().paused);
    a = {};
    a.reset = true;
    presentation_->apply(a);
    EXPECT_DOUBLE_EQ(presentation_->clock().elapsed_seconds(), 0.0);
    a = {};
    a.jump_to = 2;
    presentation_->apply(a);
    settle();
    EXPECT_EQ(presentation_->player().slide_index(), 2u);
    // The run so far is the story's rehearsal: 9 s on the first slide.
    const Story rehearsed = presentation_->rehearsed_story();
    EXPECT_EQ(rehearsed.slides[0].rehearsed_ms, 9'000);
    EXPECT_EQ(rehearsed.slides[1].rehearsed_ms, 0);
}

// The console's window itself: the notes it is given are on its pixels.
TEST_F(Console, TheConsolesWindowShowsTheNotes) {
    std::unique_ptr<platform::ConsoleWindow> console;
    try {
        console = std::make_unique<platform::ConsoleWindow>(window_->handle(), "console", [] {});
    } catch (const Error& e) {
        GTEST_SKIP() << e.what();
    }
    ASSERT_TRUE(presentation_->start(model_, story()));
    frame();
    PresenterConsoleState state = presentation_->console_state();
    ASSERT_EQ(state.notes, "Notes for 1908");
    state.notes = "Point at the mosque first, then the roofs where the residents stood. "
                  "Then the police line, and the bulldozers behind it.";
    state.elapsed = "00:00";
    auto shot = [&](const PresenterConsoleState& st, int& w, int& h) {
        std::vector<unsigned char> px;
        for (int i = 0; i < 3; ++i) {  // ImGui settles its layout over the first frames
            if (i == 2) console->capture_next_frame();
            console->frame([&] {
                ui::PresenterConsoleView v;
                v.current = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(presentation_->target().texture()));
                v.bold = console->fonts().bold;
                v.notes = console->fonts().notes;
                v.big = console->fonts().big;
                v.clock = "12:00";
                (void)ui::draw_presenter_console(st, v);
            });
        }
        return console->take_capture(w, h);
    };
    int w1 = 0, h1 = 0, w2 = 0, h2 = 0;
    const std::vector<unsigned char> with = shot(state, w1, h1);
    PresenterConsoleState without = state;
    without.notes.clear();
    const std::vector<unsigned char> bare = shot(without, w2, h2);
    ASSERT_GT(w1, 100);
    ASSERT_EQ(w1, w2);
    ASSERT_EQ(h1, h2);
    // The notes box is below the pictures (the lower part, above the strip):
    // there, the pixels differ; above it, the two frames are the same.
    size_t differ_low = 0, differ_high = 0;
    for (int y = 0; y < h1; ++y)
        for (int x = 0; x < w1; ++x) {
            const size_t i = (static_cast<size_t>(y) * static_cast<size_t>(w1) + static_cast<size_t>(x)) * 4;
            const bool d = with[i] != bare[i] || with[i + 1] != bare[i + 1] || with[i + 2] != bare[i + 2];
            (y * 5 > h1 * 2 ? differ_low : differ_high) += d;
        }
    EXPECT_GT(differ_low, 2000u);  // many glyphs of large type
    EXPECT_EQ(differ_high, 0u);
}

}  // namespace
}  // namespace atlas
