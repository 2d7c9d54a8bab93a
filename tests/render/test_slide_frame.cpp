// The words of a slide over the map (render/slide_overlay.hpp) and whole slide
// frames (render/slide_frame.hpp), offscreen: sizes follow the image height,
// long text is cut to a few lines and never leaves the image, the words of the
// next slide wait for the camera, a black frame is black, and an overlay drawn
// in tiles equals the one drawn whole (what tiled snapshot exports need).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "render/fonts.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/slide_view.hpp"
#include "render/gl_fixture.hpp"
#include "platform/window.hpp"
#include "render/gl.hpp"
#include "render/labels.hpp"
#include "render/map_renderer.hpp"
#include "render/slide_frame.hpp"
#include "render/slide_overlay.hpp"
#include "render/snapshot.hpp"
#include "render/synthetic_city.hpp"

namespace atlas {
namespace {

class SlideRender : public test::GlSuite {
protected:
    void SetUp() override {
        GlSuite::SetUp();
        if (IsSkipped()) return;
        if (find_ui_font(false).empty()) GTEST_SKIP() << "no TrueType font installed";
    }
    static Image read(const gl::RenderTarget& t) {
        Image img;
        img.width = t.width();
        img.height = t.height();
        img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
        t.read_pixels(img.rgba.data());
        return img;
    }
};

SlideCard long_card() {
    SlideCard c;
    c.title = "A title far too long for any slide, that goes on and on about the demolition of a building on Gogol "
              "Street and everything that happened around it in the years that followed";
    c.caption = std::string(600, 'x');  // one word longer than any line
    c.when = "5 April 2006, 10:30";
    c.quote.clear();
    for (int i = 0; i < 60; ++i) c.quote += "Жители Шанырака вышли на улицы. ";
    c.attribution = "Kazakhstan: \"Shanyrak in flames\", socialistworld.net, April 2006";
    c.slide = 3;
    c.slide_count = 12;
    return c;
}

bool inside(const SlideOverlayLayout::Box& b, double w, double h) {
    return b[0] >= 0 && b[1] >= 0 && b[2] <= w && b[3] <= h && b[0] <= b[2] && b[1] <= b[3];
}

TEST_F(SlideRender, LongTextIsCutAndStaysInsideAtEverySize) {
    SlideOverlay overlay(find_ui_font(false), find_ui_font(true));
    const SlideCard card = long_card();
    for (auto [w, h] : std::vector<std::pair<double, double>>{{640, 360}, {1920, 1080}, {3840, 2160}, {1080, 1920}}) {
        SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
        overlay.build(card, w, h, Theme::Projector);
        const SlideOverlayLayout& L = overlay.layout();
        EXPECT_FLOAT_EQ(L.title_px, static_cast<float>(h) * kSlideTitleHeight);
        EXPECT_FLOAT_EQ(L.caption_px, static_cast<float>(h) * kSlideCaptionHeight);
        EXPECT_EQ(L.title_lines, 2);
        EXPECT_LE(L.caption_lines, 3);
        EXPECT_GE(L.caption_lines, 1);
        EXPECT_EQ(L.quote_lines, 7);
        EXPECT_TRUE(inside(L.title_panel, w, h));
        EXPECT_TRUE(inside(L.quote_card, w, h));
        EXPECT_TRUE(inside(L.progress_bar, w, h));
        EXPECT_NEAR(L.progress_fill[2], w * 4 / 12, 0.01);
    }
}

TEST_F(SlideRender, WordsWaitForTheCameraButTheProgressMarkDoesNot) {
    SlideOverlay overlay(find_ui_font(false), find_ui_font(true));
    SlideCard c = long_card();
    c.transitioning = true;
    c.progress = 0.3;
    overlay.build(c, 1280, 720, Theme::Projector);
    EXPECT_EQ(overlay.layout().title_panel[2], 0.0f);
    EXPECT_EQ(overlay.layout().quote_card[2], 0.0f);
    EXPECT_GT(overlay.layout().progress_fill[2], 0.0f);
    c.progress = 0.9;
    overlay.build(c, 1280, 720, Theme::Projector);
    EXPECT_GT(overlay.layout().title_panel[2], 0.0f);
    c.transitioning = false;
    c.progress = 1.0;
    c.quote.clear();
    overlay.build(c, 1280, 720, Theme::Projector);
    EXPECT_GT(overlay.layout().title_panel[2], 0.0f);
    EXPECT_EQ(overlay.layout().quote_card[2], 0.0f);  // no excerpt, no card
}

TEST_F(SlideRender, OverlayInTilesEqualsOverlayWhole) {
    SlideOverlay overlay(find_ui_font(false), find_ui_font(true));
    const int W = 800, H = 450;
    overlay.build(long_card(), W, H, Theme::Projector);
    gl::RenderTarget whole;
    whole.resize(W, H, 1);
    whole.bind();
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    overlay.draw(W, H);
    whole.resolve();
    const Image a = read(whole);
    // Left and right halves, each drawn as its own tile of the same image.
    Image b = a;
    for (int half = 0; half < 2; ++half) {
        gl::RenderTarget tile;
        tile.resize(W / 2, H, 1);
        tile.bind();
        glClearColor(1, 1, 1, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        overlay.draw(W / 2, H, half * W / 2, 0);
        tile.resolve();
        const Image t = read(tile);
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W / 2; ++x)
                for (int k = 0; k < 4; ++k)
                    b.rgba[(static_cast<size_t>(y) * W + static_cast<size_t>(x + half * W / 2)) * 4 + static_cast<size_t>(k)] =
                        t.pixel(x, y)[k];
    }
    size_t differ = 0, ink = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4) {
        differ += std::abs(int(a.rgba[i]) - int(b.rgba[i])) > 8;
        ink += a.rgba[i] < 80;
    }
    EXPECT_GT(ink, 1000u);  // there is text to compare
    EXPECT_EQ(differ, 0u);
    if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR")) write_png(a, std::filesystem::path(dir) / "slide_overlay.png");
}

TEST_F(SlideRender, FrameOfAStoryAndItsBlackScreen) {
    Dataset d;
    Event e;
    e.id = "e";
    e.title = "Clash";
    e.category = std::string(category::protest);
    e.time.begin = make_time(2006, 4, 5, 10);
    e.time.end = e.time.begin + 3600;
    e.location.lat = 43.3329;
    e.location.lon = 76.8605;
    d.events.push_back(e);
    AppModel model;
    model.set_dataset(d);
    Story st;
    Slide s;
    s.title = "Shanyrak";
    s.camera = {43.3329, 76.8605, 15};
    s.time_cursor = make_time(2006, 4, 5, 12);
    s.window_begin = make_time(2006, 4, 5);
    s.highlighted_event_ids = {"e"};
    st.slides = {s};
    StoryPlayer player;
    player.start(st);
    StorySync sync;
    SlideFrameRenderer frames(find_ui_font(false), find_ui_font(true));
    int basemap_calls = 0;
    frames.set_basemap([&](const MapView& v, const std::vector<std::string>& layers,
                           const std::vector<std::array<float, 4>>&, BasemapCopy&) {
        ++basemap_calls;
        EXPECT_EQ(v.width_px, 960);
        EXPECT_TRUE(layers.empty());
    });
    gl::RenderTarget t;
    t.resize(960, 540, 4);
    t.bind();
    model.map_view = slide_frame_view(model.map_view, 960, 540);
    sync.apply(model, player);
    const AppModel& reader = model;
    frames.draw(reader, player, model.map_view);
    t.resolve();
    EXPECT_EQ(basemap_calls, 1);
    EXPECT_EQ(model.map_view.width_px, 960);
    EXPECT_EQ(model.window().cursor, s.time_cursor);
    const Image img = read(t);
    // The highlighted event's marker at the centre is drawn (not background).
    const MapView::Screen c = model.marker_screen_position(0);
    const uint8_t* p = img.pixel(static_cast<int>(c.x), static_cast<int>(c.y));
    const auto bg = slide_background(Theme::Projector);
    EXPECT_GT(std::abs(int(p[0]) - int(bg[0] * 255)) + std::abs(int(p[2]) - int(bg[2] * 255)), 30);

    player.toggle_black();
    t.bind();
    sync.apply(model, player);
    frames.draw(model, player, model.map_view);
    t.resolve();
    const Image black = read(t);
    size_t lit = 0;
    for (size_t i = 0; i < black.rgba.size(); i += 4) lit += (black.rgba[i] | black.rgba[i + 1] | black.rgba[i + 2]) != 0;
    EXPECT_EQ(lit, 0u);
    EXPECT_TRUE(frames.layout().black);
    EXPECT_EQ(basemap_calls, 1);  // nothing but black
}

Layer line_layer(const char* name) {
    testing::LayerBuilder b(name, GeometryKind::Line, {"fclass"});
    b.add({{{76.90, 43.23}, {76.91, 43.24}}}, {"primary"});
    return b.take();
}

TEST_F(SlideRender, ASlidesLayersLastOnlyWhileItsFrameIsDrawn) {
    MapRenderer map;
    map.add_layer(line_layer("roads"));
    LayerOptions titled;
    titled.title = "Rivers and canals";
    map.add_layer(line_layer("rivers"), titled);
    map.add_layer(line_layer("buildings"));
    map.options(0).visible = false;  // the user hid the roads
    {
        // Named by layer name (roads) and by title (the rivers): those show, the buildings do not.
        const ScopedSlideLayers slide(map, {"roads", "Rivers and canals"});
        EXPECT_TRUE(map.options(0).visible);
        EXPECT_TRUE(map.options(1).visible);
        EXPECT_FALSE(map.options(2).visible);
    }
    EXPECT_FALSE(map.options(0).visible);
    EXPECT_TRUE(map.options(1).visible);
    EXPECT_TRUE(map.options(2).visible);
    {
        // A slide that names no layer leaves the user's choice alone.
        const ScopedSlideLayers slide(map, {});
        EXPECT_FALSE(map.options(0).visible);
        EXPECT_TRUE(map.options(2).visible);
    }
    EXPECT_FALSE(map.options(0).visible);
}

}  // namespace
}  // namespace atlas
