// Presenting a story, driven in-process with synthetic key presses (a hidden
// window under Xvfb): the clicker keys move through the slides as specified, a
// second "next" during a transition lands it and a third moves on, a finished
// transition leaves the explorer's camera and time exactly on the slide, and
// three slides of the shipped story rendered at 1920x1080 read as an audience
// needs them to. Set ATLAS_TEST_PNG_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "render/fonts.hpp"
#include "core/error.hpp"
#include "core/paths.hpp"
#include "core/time.hpp"
#include "geo/shapefile.hpp"
#include "model/app_model.hpp"
#include "platform/window.hpp"
#include "render/labels.hpp"
#include "render/map_renderer.hpp"
#include "render/snapshot.hpp"
#include "store/dataset_json.hpp"
#include "ui/presentation.hpp"
#include "ui/theme.hpp"

namespace atlas {
namespace {

namespace fs = std::filesystem;

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

Slide slide(const char* title, double lat, double lon, double zoom, TimePoint cursor, TimePoint begin,
            const char* highlight) {
    Slide s;
    s.title = title;
    s.caption = std::string("Caption of ") + title;
    s.notes = std::string("Notes for ") + title;
    s.camera = {lat, lon, zoom};
    s.time_cursor = cursor;
    s.window_begin = begin;
    s.highlighted_event_ids = {highlight};
    return s;
}

Story sample_story() {
    Story st;
    st.id = "t";
    st.title = "Test";
    st.slides = {slide("1908", 43.2626, 76.956, 16, make_time(1909) - 60, make_time(1908), "built"),
                 slide("1928", 43.259, 76.95, 15, make_time(1928, 3) - 60, make_time(1928, 1), "exile"),
                 slide("2006", 43.3329, 76.8605, 14, make_time(2006, 4, 5, 10, 30), make_time(2006, 4, 5), "clash"),
                 slide("2026", 43.2626, 76.956, 17, make_time(2026, 2, 28), make_time(2026, 2), "razed")};
    return st;
}

class Presenting : public ::testing::Test {
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
        host.set_fullscreen = [this](bool on, int monitor) {
            fullscreen_calls_.push_back(on);
            last_monitor_ = monitor;
        };
        host.set_cursor_hidden = [this](bool hidden) { cursor_hidden_ = hidden; };
        host.monitor_count = [] { return 1; };
        host.keep_shown_frame = [this] { ++keep_calls_; };
        presentation_->set_host(host);
        window_->set_input_hook([this] {
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = mouse_;
            for (unsigned c : chars_) io.AddInputCharacter(c);
            chars_.clear();
        });
    }
    void TearDown() override {
        presentation_.reset();
        window_.reset();
    }

    // One frame of presenting that advances the story's clock by dt seconds.
    void frames(int n, double dt = 0.0) {
        for (int i = 0; i < n; ++i)
            window_->step([&] {
                if (!presentation_->active()) return true;
                if (!presentation_->frame(model_, dt, window_->key_presses())) {
                    left_ = true;
                    presentation_->stop(model_);
                }
                return true;
            });
    }
    // A key press and release, with no time passing (a transition stays where it is).
    void key(ImGuiKey k) {
        // Through the window's key callback, as GLFW delivers it.
        const int idx = ImGui::GetIO().KeyMap[k];
        window_->key_event(idx, 0, GLFW_PRESS, 0);
        frames(1);
        window_->key_event(idx, 0, GLFW_RELEASE, 0);
        frames(1);
    }
    void type(char c) {
        chars_.push_back(static_cast<unsigned char>(c));
        frames(1);
    }
    void finish_transition() {
        for (int i = 0; i < 40 && presentation_->player().transitioning(); ++i) frames(1, 0.1);
        frames(1);
    }
    size_t slide() const { return presentation_->player().slide_index(); }
    void expect_model_on_slide(size_t i) {
        const Slide& s = presentation_->player().story().slides[i];
        const MercatorXY c = WebMercator::forward({s.camera.center_lat, s.camera.center_lon});
        // Exactly: the end of a transition is snapped, and the model takes it unchanged.
        EXPECT_EQ(model_.map_view.center.x, c.x);
        EXPECT_EQ(model_.map_view.center.y, c.y);
        EXPECT_EQ(model_.map_view.zoom, s.camera.zoom);
        EXPECT_EQ(model_.window().cursor, s.time_cursor);
        ASSERT_EQ(model_.selection().size(), 1u);
        EXPECT_EQ(model_.event(model_.selection()[0]).id, s.highlighted_event_ids[0]);
    }

    std::unique_ptr<platform::Window> window_;
    std::unique_ptr<ui::Presentation> presentation_;
    AppModel model_;
    ImVec2 mouse_{100, 100};
    std::vector<unsigned> chars_;
    std::vector<bool> fullscreen_calls_;
    int last_monitor_ = -9;
    bool cursor_hidden_ = false;
    bool left_ = false;
    int keep_calls_ = 0;
};

TEST_F(Presenting, StartGoesFullScreenOnTheChosenMonitor) {
    const MapView before = model_.map_view;
    presentation_->monitor = 1;
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(2);
    EXPECT_TRUE(presentation_->active());
    ASSERT_EQ(fullscreen_calls_.size(), 1u);
    EXPECT_TRUE(fullscreen_calls_[0]);
    EXPECT_EQ(last_monitor_, 1);
    EXPECT_EQ(slide(), 0u);
    expect_model_on_slide(0);
    EXPECT_NE(model_.map_view.zoom, before.zoom);
    // An empty story does not start.
    ui::Presentation& p = *presentation_;
    Story empty;
    p.stop(model_);
    EXPECT_FALSE(p.start(model_, empty));
    EXPECT_FALSE(p.active());
}

TEST_F(Presenting, EveryClickerKeyMovesAsSpecified) {
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(1);
    for (ImGuiKey k : {ImGuiKey_RightArrow, ImGuiKey_PageDown, ImGuiKey_Space}) {
        const size_t before = slide();
        key(k);
        EXPECT_EQ(slide(), before + 1) << "next key " << k;
        finish_transition();
    }
    EXPECT_EQ(slide(), 3u);
    key(ImGuiKey_DownArrow);  // at the end: stays
    EXPECT_EQ(slide(), 3u);
    for (ImGuiKey k : {ImGuiKey_LeftArrow, ImGuiKey_PageUp, ImGuiKey_Backspace}) {
        const size_t before = slide();
        key(k);
        EXPECT_EQ(slide(), before - 1) << "previous key " << k;
        finish_transition();
    }
    EXPECT_EQ(slide(), 0u);
    key(ImGuiKey_DownArrow);
    finish_transition();
    EXPECT_EQ(slide(), 1u);
    key(ImGuiKey_UpArrow);
    finish_transition();
    EXPECT_EQ(slide(), 0u);
    key(ImGuiKey_End);
    finish_transition();
    EXPECT_EQ(slide(), 3u);
    expect_model_on_slide(3);
    key(ImGuiKey_Home);
    finish_transition();
    EXPECT_EQ(slide(), 0u);
    expect_model_on_slide(0);
}

TEST_F(Presenting, TapsDuringASlowFrameAreAllTaken) {
    // A clicker's three PageDown taps arrive before the next frame: the first
    // starts the move to slide 2, the second lands it, the third moves on.
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(1);
    const int page_down = ImGui::GetIO().KeyMap[ImGuiKey_PageDown];
    for (int i = 0; i < 3; ++i) {
        window_->key_event(page_down, 0, GLFW_PRESS, 0);
        window_->key_event(page_down, 0, GLFW_RELEASE, 0);
    }
    frames(1);
    EXPECT_EQ(slide(), 2u);
    EXPECT_TRUE(presentation_->player().transitioning());
    // Repeats of a held key step too; a Ctrl chord does not.
    finish_transition();
    window_->key_event(page_down, 0, GLFW_REPEAT, 0);
    window_->key_event(page_down, 0, GLFW_PRESS, GLFW_MOD_CONTROL);
    frames(1);
    EXPECT_EQ(slide(), 3u);
}

TEST_F(Presenting, BlackScreenAndBack) {
    ASSERT_TRUE(presentation_->start(model_, sample_story(), 1));
    frames(1);
    type('b');
    EXPECT_TRUE(presentation_->player().black());
    EXPECT_TRUE(presentation_->layout().black);
    type('B');
    EXPECT_FALSE(presentation_->player().black());
    type('.');
    EXPECT_TRUE(presentation_->player().black());
    // Read back the picture: all black.
    const gl::RenderTarget& t = presentation_->target();
    std::vector<unsigned char> px(static_cast<size_t>(t.width()) * static_cast<size_t>(t.height()) * 4);
    t.read_pixels(px.data());
    size_t lit = 0;
    for (size_t i = 0; i < px.size(); i += 4) lit += (px[i] | px[i + 1] | px[i + 2]) != 0;
    EXPECT_EQ(lit, 0u);
    type('.');
    EXPECT_FALSE(presentation_->player().black());
    EXPECT_EQ(slide(), 1u);  // blacking never moves
}

TEST_F(Presenting, NextDuringATransitionLandsThenMovesOn) {
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(1);
    key(ImGuiKey_RightArrow);
    frames(2, 0.05);
    ASSERT_TRUE(presentation_->player().transitioning());
    EXPECT_EQ(slide(), 1u);
    // Mid-transition the camera is between the two slides.
    EXPECT_NE(model_.window().cursor, presentation_->player().story().slides[1].time_cursor);
    key(ImGuiKey_RightArrow);  // skip: land on slide 1 at once
    EXPECT_FALSE(presentation_->player().transitioning());
    EXPECT_EQ(slide(), 1u);
    expect_model_on_slide(1);
    key(ImGuiKey_RightArrow);  // and on to slide 2
    EXPECT_EQ(slide(), 2u);
    EXPECT_TRUE(presentation_->player().transitioning());
}

TEST_F(Presenting, TransitionEndsExactlyOnTheSlide) {
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(1);
    key(ImGuiKey_End);  // the longest move: 1908 to 2026, Gogol Street to itself zoomed in
    frames(3, 0.1);
    EXPECT_TRUE(presentation_->player().transitioning());
    int n = 0;
    while (presentation_->player().transitioning() && n < 100) {
        frames(1, 1.0 / 60);
        ++n;
    }
    EXPECT_LE(n, 100);
    frames(1);
    expect_model_on_slide(3);
}

TEST_F(Presenting, EscapeLeavesAndRestoresTheExplorer) {
    model_.map_view.set_camera({43.2, 76.9, 11.0});
    model_.set_cursor(make_time(1990));
    model_.select(*model_.row_of("clash"));
    ASSERT_TRUE(presentation_->start(model_, sample_story(), 2));
    frames(2);
    key(ImGuiKey_Escape);
    EXPECT_TRUE(left_);
    EXPECT_FALSE(presentation_->active());
    ASSERT_EQ(fullscreen_calls_.size(), 2u);
    EXPECT_FALSE(fullscreen_calls_[1]);
    EXPECT_EQ(model_.map_view.zoom, 11.0);
    EXPECT_EQ(model_.window().cursor, make_time(1990));
    ASSERT_EQ(model_.selection().size(), 1u);
    EXPECT_EQ(model_.event(model_.selection()[0]).id, "clash");
}

TEST_F(Presenting, CursorHidesWhenStillAndPresenterOverlayToggles) {
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    frames(2, 0.5);
    EXPECT_FALSE(cursor_hidden_);
    frames(4, 0.5);
    EXPECT_TRUE(cursor_hidden_);
    EXPECT_TRUE(presentation_->cursor_hidden());
    mouse_ = ImVec2(300, 300);
    frames(1, 0.5);
    EXPECT_FALSE(cursor_hidden_);
    EXPECT_FALSE(presentation_->presenter_overlay);
    type('p');
    EXPECT_TRUE(presentation_->presenter_overlay);
    frames(1);
    type('P');
    EXPECT_FALSE(presentation_->presenter_overlay);
}

TEST_F(Presenting, AFrameThatRepeatsTheScreenLetsTheWindowKeepItsPicture) {
    // The window may keep what it shows (Window::keep_shown_frame) when the
    // slide is held still and nothing is drawn over it; never while the
    // picture changes: a new slide, a transition, the presenter's overlay.
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    auto kept = [&](int n, double dt = 0.0) {
        const int before = keep_calls_;
        frames(n, dt);
        return keep_calls_ - before;
    };
    EXPECT_EQ(kept(1), 0);  // the first frame of the slide is drawn
    EXPECT_EQ(kept(3), 3);  // then held still
    window_->key_event(ImGui::GetIO().KeyMap[ImGuiKey_RightArrow], 0, GLFW_PRESS, 0);
    EXPECT_EQ(kept(1), 0);  // the key starts the transition
    ASSERT_TRUE(presentation_->player().transitioning());
    window_->key_event(ImGui::GetIO().KeyMap[ImGuiKey_RightArrow], 0, GLFW_RELEASE, 0);
    int during = 0, frames_in_transition = 0;
    while (presentation_->player().transitioning() && frames_in_transition < 40) {
        during += kept(1, 0.1);
        ++frames_in_transition;
    }
    EXPECT_GT(frames_in_transition, 1);
    EXPECT_EQ(during, 0);
    EXPECT_EQ(slide(), 1u);
    EXPECT_EQ(kept(2), 2);  // landed: the last transition frame drew it, then held still
    type('p');              // the overlay over the slide (its clock runs): never kept
    ASSERT_TRUE(presentation_->presenter_overlay);
    EXPECT_EQ(kept(3), 0);
    const int before_off = keep_calls_;
    type('p');
    EXPECT_EQ(keep_calls_ - before_off, 0);  // the overlay leaves the screen: drawn
    EXPECT_EQ(kept(2), 2);                   // the slide alone again
}

TEST_F(Presenting, TypeScalesWithTheScreenHeight) {
    ASSERT_TRUE(presentation_->start(model_, sample_story()));
    gl::RenderTarget small, big;
    presentation_->render(model_, small, 1280, 720);
    const float title_720 = presentation_->layout().title_px;
    presentation_->render(model_, big, 3840, 2160);
    const float title_2160 = presentation_->layout().title_px;
    EXPECT_NEAR(title_720, 720 * kSlideTitleHeight, 0.01);
    EXPECT_NEAR(title_2160 / title_720, 3.0, 1e-3);
    // The progress mark: slide 1 of 4 fills a quarter of the bottom edge.
    const auto& fill = presentation_->layout().progress_fill;
    EXPECT_NEAR(fill[2], 3840 / 4.0, 0.5);
    EXPECT_EQ(fill[3], 2160.0f);
}

// [SECTION] Three slides of the shipped story at 1920x1080, looked at.

class PresentingShippedStory : public Presenting {
protected:
    void SetUp() override {
        Presenting::SetUp();
        if (IsSkipped()) return;
        const fs::path data = atlas::paths::source_dir() / "assets" / "data";
        if (!fs::exists(data / "stories.json")) GTEST_SKIP() << "no shipped dataset";
        Dataset d = load_dataset(data);
        ASSERT_FALSE(d.stories.empty());
        story_ = d.stories.front();
        model_.set_dataset(std::move(d));
        MapRendererOptions mo;
        mo.font_regular = find_ui_font(false);
        mo.font_bold = find_ui_font(true);
        map_ = std::make_unique<MapRenderer>(mo);
        const fs::path geodata = atlas::paths::source_dir() / "geodata";
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(geodata, ec))
            if (entry.path().extension() == ".shp") map_->add_layer(load_shapefile(entry.path()));
        presentation_->set_basemap([this](const MapView& v, const std::vector<std::string>& layers,
                                          const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy) {
            draw_slide_basemap(*map_, v, Theme::Projector, layers, keep_clear, &copy);
        });
    }
    void TearDown() override {
        map_.reset();
        Presenting::TearDown();
    }
    Image shot(size_t index) {
        presentation_->start(model_, story_, index);
        gl::RenderTarget t;
        presentation_->render(model_, t, 1920, 1080);
        Image img;
        img.width = t.width();
        img.height = t.height();
        img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
        t.read_pixels(img.rgba.data());
        if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR"))
            write_png(img, fs::path(dir) / ("presentation-slide-" + std::to_string(index + 1) + ".png"));
        return img;
    }
    Story story_;
    std::unique_ptr<MapRenderer> map_;
};

bool dark(const uint8_t* p) { return p[0] < 90 && p[1] < 90 && p[2] < 90; }
bool near_white(const uint8_t* p) { return p[0] > 225 && p[1] > 225 && p[2] > 225; }

TEST_F(PresentingShippedStory, ThreeSlidesAt1920x1080) {
    // The 1908 hotel, the 5 April 2006 hour-by-hour slide, and the 2026 demolition.
    std::vector<size_t> picks = {0, story_.slides.size() - 1};
    for (size_t i = 0; i < story_.slides.size(); ++i)
        if (story_.slides[i].time_cursor >= make_time(2006, 4, 5) && story_.slides[i].time_cursor < make_time(2006, 4, 6)) {
            picks.insert(picks.begin() + 1, i);
            break;
        }
    ASSERT_EQ(picks.size(), 3u) << "the shipped story has a slide on 5 April 2006";
    for (size_t index : picks) {
        SCOPED_TRACE("slide " + std::to_string(index + 1) + ": " + story_.slides[index].title);
        const Image img = shot(index);
        ASSERT_EQ(img.width, 1920);
        ASSERT_EQ(img.height, 1080);
        const SlideOverlayLayout& L = presentation_->layout();
        // Title type about 5% of the height: 58 px on 1080 lines, readable from the back.
        EXPECT_GE(L.title_px, 50.0f);
        EXPECT_GE(L.title_lines, 1);
        // The title panel is white paper with black type on it.
        const auto& tp = L.title_panel;
        size_t ink = 0, paper = 0;
        for (int y = static_cast<int>(tp[1]) + 4; y < static_cast<int>(tp[3]) - 4; y += 2)
            for (int x = static_cast<int>(tp[0]) + 12; x < static_cast<int>(tp[2]) - 4; x += 2) {
                ink += dark(img.pixel(x, y));
                paper += near_white(img.pixel(x, y));
            }
        EXPECT_GT(ink, 200u);
        EXPECT_GT(paper, ink);
        // The progress bar along the bottom: red up to slide n of m, grey after.
        const float frac = static_cast<float>(index + 1) / static_cast<float>(story_.slides.size());
        const uint8_t* filled = img.pixel(static_cast<int>(1920 * frac) - 4, 1078);
        EXPECT_GT(filled[0], 150);
        EXPECT_LT(filled[1], 60);
        if (index + 1 < story_.slides.size()) {
            // After it, a thin grey veil over the map (whatever OSM draws there): not the red fill.
            const uint8_t* rest = img.pixel(1915, 1078);
            EXPECT_FALSE(rest[0] > 150 && rest[1] < 60) << int(rest[0]) << "," << int(rest[1]) << "," << int(rest[2]);
        }
        // The quotation card when the slide quotes an excerpt.
        if (!story_.slides[index].excerpt_id.empty()) {
            EXPECT_GT(L.quote_lines, 0);
            EXPECT_GT(L.quote_card[2] - L.quote_card[0], 500.0f);
        }
        // No street or place name runs under the cards: they keep clear of them.
        EXPECT_GT(map_->labels_drawn().placed, 0u);
        for (const auto& b : map_->labels_drawn().boxes)
            for (const auto& card : {L.title_panel, L.quote_card})
                EXPECT_FALSE(card[2] > card[0] && b[0] < card[2] && b[2] > card[0] && b[1] < card[3] && b[3] > card[1])
                    << "a label at " << b[0] << "," << b[1] << " under a card";
        // The first highlighted event sits on the map, drawn (not background) at its position.
        const Event* e = model_.dataset().find_event(story_.slides[index].highlighted_event_ids.front());
        ASSERT_NE(e, nullptr);
        // Where the marker is drawn: events at one address fan out around it.
        const MapView::Screen s = model_.marker_screen_position(*model_.row_of(e->id));
        if (s.x > 0 && s.x < 1920 && s.y > 0 && s.y < 1080 &&
            !(s.x >= tp[0] && s.x <= tp[2] && s.y >= tp[1] && s.y <= tp[3])) {
            const uint8_t* m = img.pixel(static_cast<int>(s.x), static_cast<int>(s.y));
            const auto bg = slide_background(Theme::Projector);
            const int dr = std::abs(int(m[0]) - int(bg[0] * 255)), dg = std::abs(int(m[1]) - int(bg[1] * 255));
            EXPECT_GT(dr + dg, 30) << "no marker at the highlighted event";
        }
    }
}

}  // namespace
}  // namespace atlas

namespace atlas {
namespace {

TEST_F(PresentingShippedStory, MidTransitionShowsTheMoveWithoutTheNextWords) {
    // From the 1908 hotel to the 1928 exile: partway, the camera and the cursor
    // are between the slides, the old words are gone and the new ones not yet shown.
    presentation_->start(model_, story_, 0);
    ASSERT_TRUE(presentation_->player().next());
    presentation_->player().update(presentation_->player().transition_duration() * 0.4);
    gl::RenderTarget t;
    presentation_->render(model_, t, 1920, 1080);
    const Slide& a = story_.slides[0];
    const Slide& b = story_.slides[1];
    EXPECT_GT(model_.window().cursor, a.time_cursor);
    EXPECT_LT(model_.window().cursor, b.time_cursor);
    EXPECT_EQ(presentation_->layout().title_panel[2], 0.0f);
    EXPECT_GT(presentation_->layout().progress_fill[2], 0.0f);
    // The hotel built in 1908 stays on the map while the camera moves (drawn, alone or in a badge).
    EXPECT_GT(model_.visible_count(), 0u);
    if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR")) {
        Image img;
        img.width = t.width();
        img.height = t.height();
        img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
        t.read_pixels(img.rgba.data());
        write_png(img, fs::path(dir) / "presentation-transition.png");
    }
}

// Pixels (RGBA) that differ between two frames of one size.
size_t differing(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    if (a.size() != b.size()) return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.size(); i += 4)
        n += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] || a[i + 3] != b[i + 3];
    return n;
}

TEST_F(PresentingShippedStory, AStillSlideAndATimeOnlyTransitionReuseWhatTheyDrewAndShowWhatAFreshFrameShows) {
    // Slides 8 and 9 (5 April 2006, hour by hour) share a camera: the move
    // between them only runs the time on, over the same map.
    size_t first = SIZE_MAX;
    for (size_t i = 0; i + 1 < story_.slides.size(); ++i)
        if (story_.slides[i].camera == story_.slides[i + 1].camera &&
            story_.slides[i].time_cursor != story_.slides[i + 1].time_cursor) {
            first = i;
            break;
        }
    ASSERT_NE(first, SIZE_MAX) << "the shipped story has two slides with one camera";
    // The explorer's map drew the presentation's basemap: the probe that lets
    // a frame held still be skipped, as the application sets it.
    presentation_->set_basemap(
        [this](const MapView& v, const std::vector<std::string>& layers,
               const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy) {
            draw_slide_basemap(*map_, v, Theme::Projector, layers, keep_clear, &copy);
        },
        [this](const MapView& v, const std::vector<std::string>& layers,
               const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy) {
            return slide_basemap_would_put_back(*map_, v, Theme::Projector, layers, keep_clear, copy);
        });
    const int w = 960, h = 540;
    presentation_->start(model_, story_, first);
    const BasemapCopy& copy = presentation_->basemap_copy();
    const SlideFrameRenderer& frames = presentation_->frame_renderer();
    gl::RenderTarget t;
    auto pixels = [](const gl::RenderTarget& target) {
        std::vector<unsigned char> px(static_cast<size_t>(target.width()) * static_cast<size_t>(target.height()) * 4);
        target.read_pixels(px.data());
        return px;
    };
    // An audience frame, and what it did: drew the basemap, put it back, drew
    // no map (a black screen), or was not drawn at all (the target holds it already).
    enum Did { Drew, PutBack, NoMap, Skipped };
    auto frame = [&](Did expected, const std::string& what) {
        const uint64_t reused = copy.reused, drawn = copy.drawn, skipped = frames.frames_repeated();
        presentation_->render(model_, t, w, h);
        const Did did = frames.frames_repeated() == skipped + 1 ? Skipped
                        : copy.reused == reused + 1            ? PutBack
                        : copy.drawn == drawn + 1              ? Drew
                                                                : NoMap;
        EXPECT_EQ(did, expected) << what;
        return pixels(t);
    };
    // The same moment drawn from nothing by another presentation, with no copy,
    // on `map` (which leaves the model as it found it).
    auto fresh = [&](MapRenderer& map, double elapsed) {
        ui::Presentation other(find_ui_font(false), find_ui_font(true));
        other.set_basemap([&map](const MapView& v, const std::vector<std::string>& layers,
                                 const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy&) {
            draw_slide_basemap(map, v, Theme::Projector, layers, keep_clear);
        });
        other.start(model_, story_, first);
        if (elapsed > 0) {
            other.player().next();
            other.player().update(elapsed);
        }
        gl::RenderTarget o;
        other.render(model_, o, w, h);
        other.stop(model_);
        return pixels(o);
    };
    // A second basemap, so that the frames drawn from nothing leave the first alone.
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    MapRenderer other_map(mo);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(atlas::paths::source_dir() / "geodata", ec))
        if (entry.path().extension() == ".shp") other_map.add_layer(load_shapefile(entry.path()));

    (void)frame(Drew, "the first frame");
    const auto still = frame(Drew, "the second, which takes the copy");
    EXPECT_EQ(differing(frame(Skipped, "held still"), still), 0u);
    EXPECT_EQ(differing(frame(Skipped, "held still, again"), still), 0u);
    EXPECT_EQ(differing(still, fresh(other_map, 0)), 0u);
    // Another draw with the same map came between (the same picture): drawn
    // again, which takes the copy anew, then skipped.
    EXPECT_EQ(differing(still, fresh(*map_, 0)), 0u);
    EXPECT_EQ(differing(frame(Drew, "after another draw"), still), 0u);
    EXPECT_EQ(differing(frame(Skipped, "held still"), still), 0u);
    // Another target of the same size holds nothing yet: drawn, the basemap put back.
    {
        gl::RenderTarget other_target;
        other_target.resize(w, h, 4);
        EXPECT_NE(other_target.serial(), t.serial());
        presentation_->render(model_, other_target, w, h);
        EXPECT_EQ(differing(pixels(other_target), still), 0u);
    }
    EXPECT_EQ(differing(frame(PutBack, "back on the first target"), still), 0u);
    EXPECT_EQ(differing(frame(Skipped, "held still"), still), 0u);

    // Black, and back: nothing was drawn with the map meanwhile, so the copy stands.
    presentation_->player().toggle_black();
    const auto black = frame(NoMap, "black");
    EXPECT_GT(differing(black, still), 0u);
    EXPECT_EQ(differing(frame(Skipped, "still black"), black), 0u);
    presentation_->player().toggle_black();
    EXPECT_EQ(differing(frame(PutBack, "back from black"), still), 0u);
    EXPECT_EQ(differing(frame(Skipped, "held still"), still), 0u);

    // The time-only move: the camera stays while the cards go and come and the
    // events change. Each frame shows what one drawn from nothing shows; the
    // basemap is drawn only where the cards it keeps its labels clear of change
    // (and on the frame after, which takes the copy), and no frame is skipped.
    const MapView view = model_.map_view;
    ASSERT_TRUE(presentation_->player().next());
    const int steps = 8;
    const double step = presentation_->player().transition_duration() / steps;
    const uint64_t drawn_before = copy.drawn, reused_before = copy.reused, skipped_before = frames.frames_repeated();
    std::vector<unsigned char> px;
    for (int i = 1; i < steps; ++i) {
        presentation_->player().update(step);
        ASSERT_TRUE(presentation_->player().transitioning());
        presentation_->render(model_, t, w, h);
        px = pixels(t);
        EXPECT_EQ(model_.map_view.center.x, view.center.x);
        EXPECT_EQ(model_.map_view.center.y, view.center.y);
        EXPECT_EQ(model_.map_view.zoom, view.zoom);
        EXPECT_EQ(differing(px, fresh(other_map, i * step)), 0u) << "transition frame " << i;
    }
    EXPECT_GT(differing(px, still), 0u) << "the transition did not move on";
    EXPECT_LE(copy.drawn - drawn_before, 4u);
    EXPECT_GE(copy.reused - reused_before, 3u);
    EXPECT_EQ(frames.frames_repeated(), skipped_before);
    presentation_->player().update(1.0);
    ASSERT_FALSE(presentation_->player().transitioning());
    presentation_->render(model_, t, w, h);
    presentation_->render(model_, t, w, h);
    const auto landed = frame(Skipped, "landed, held still");
    EXPECT_GT(differing(landed, still), 0u);
    EXPECT_EQ(differing(landed, fresh(other_map, 10.0)), 0u);

    // What else changes a frame held still: the events, a layer, the size.
    Dataset d = model_.dataset();
    ASSERT_FALSE(d.events.empty());
    const std::string moved_id = story_.slides[first + 1].highlighted_event_ids.front();
    for (Event& e : d.events)
        if (e.id == moved_id) e.title += " (edited)";
    model_.set_dataset(std::move(d));
    (void)frame(PutBack, "the events changed");
    (void)frame(Skipped, "held still");
    map_->options(0).visible = !map_->options(0).visible;
    (void)frame(Drew, "a layer shown or hidden");
    map_->options(0).visible = !map_->options(0).visible;
    (void)frame(Drew, "and back");
    (void)frame(Drew, "held still, taking the copy");
    (void)frame(Skipped, "held still");
    presentation_->render(model_, t, w + 2, h);
    EXPECT_EQ(t.width(), w + 2);
}

}  // namespace
}  // namespace atlas
