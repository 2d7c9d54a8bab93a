// What you see is what you export: the map panel's picture and the export's
// (SceneRenderer::render, which `snapshot` and the export window call) are the
// same pixels at the same size, view and theme: basemap, labels kept clear of
// the markers, a cluster badge, uncertainty discs.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "render/fonts.hpp"
#include "core/categories.hpp"
#include "core/error.hpp"
#include "core/paths.hpp"
#include "core/time.hpp"
#include "geo/shapefile.hpp"
#include "model/app_model.hpp"
#include "render/gl_fixture.hpp"
#include "platform/window.hpp"
#include "render/event_layer.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"
#include "ui/map_panel.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

Event ev(std::string id, std::string_view cat, TimePoint begin, double lat, double lon, double uncertainty_m) {
    Event e;
    e.id = std::move(id);
    e.title = "Event " + e.id;
    e.category = std::string(cat);
    e.time.begin = begin;
    e.time.end = begin + 86400;
    e.location.lat = lat;
    e.location.lon = lon;
    e.location.precision = LocationPrecision::Building;
    e.location.uncertainty_m = uncertainty_m;
    return e;
}

// Pixels that differ, leaving out the bottom-right corner of the OpenStreetMap
// credit: an export draws it into the image, the window draws the same words
// over the panel with ImGui.
size_t differing_pixels(const std::vector<unsigned char>& screen, const Image& exported) {
    constexpr int kCreditW = 240, kCreditH = 24;
    size_t n = 0;
    for (int y = 0; y < exported.height; ++y)
        for (int x = 0; x < exported.width; ++x) {
            if (x >= exported.width - kCreditW && y >= exported.height - kCreditH) continue;
            const size_t i = (static_cast<size_t>(y) * exported.width + x) * 4;
            n += screen[i] != exported.rgba[i] || screen[i + 1] != exported.rgba[i + 1] ||
                 screen[i + 2] != exported.rgba[i + 2];
        }
    return n;
}

// The embedded basemap with its labels, under four events a street apart (a
// "4" cluster at city zoom) and one alone with a wide disc, in a 640x400 map
// panel; the tests skip when geodata/ has no shapefiles.
class MapPanelPixels : public test::GlSuite {
protected:
    void SetUp() override {
        GlSuite::SetUp();
        if (IsSkipped()) return;
        map_ = test::labelled_map_renderer();
        for (const fs::path& f : shapefiles_in(paths::source_dir() / "geodata")) map_->add_layer(load_shapefile(f));
        if (map_->layer_count() == 0) GTEST_SKIP() << "no basemap shapefiles";
        Dataset d;
        d.events.push_back(ev("a", category::demolition, make_time(2006, 4, 1), 43.3329, 76.8605, 10));
        d.events.push_back(ev("b", category::eviction, make_time(2006, 4, 2), 43.3331, 76.8609, 10));
        d.events.push_back(ev("c", category::protest, make_time(2006, 4, 3), 43.3326, 76.8601, 10));
        d.events.push_back(ev("e", category::protest, make_time(2006, 4, 4), 43.3334, 76.8612, 10));
        d.events.push_back(ev("f", category::eviction, make_time(2005, 1, 1), 43.2500, 76.9300, 900));
        model_.set_dataset(std::move(d));
        map_->set_label_obstacles(model_.marker_positions());
        scene_ = std::make_shared<SceneRenderer>(map_.get(), std::make_shared<EventLayer>());
        panel_ = std::make_unique<ui::MapPanel>();
        panel_->set_scene(scene_);
        model_.map_view.width_px = 640;
        model_.map_view.height_px = 400;
        model_.map_view.pixel_ratio = 1;
    }
    void TearDown() override {
        panel_.reset();
        scene_.reset();
        map_.reset();
    }
    std::unique_ptr<MapRenderer> map_;
    AppModel model_;
    std::shared_ptr<SceneRenderer> scene_;
    std::unique_ptr<ui::MapPanel> panel_;
};

TEST_F(MapPanelPixels, ThePanelShowsWhatAnExportOfItsViewHolds) {
    for (double zoom : {12.0, 16.5}) {
        SCOPED_TRACE("zoom " + std::to_string(zoom));
        model_.map_view.set_camera({43.30, 76.89, zoom});
        if (zoom > 13) model_.map_view.set_camera({43.3330, 76.8606, zoom});
        for (Theme theme : {Theme::Light, Theme::Dark}) {
            gl::RenderTarget target;
            target.resize(640, 400, 4);
            panel_->render_scene(model_, theme, target);
            std::vector<unsigned char> screen(640 * 400 * 4);
            target.read_pixels(screen.data());

            SnapshotOptions so;
            const Image exported = scene_->render(model_, theme, SceneOverlays{}, so);
            ASSERT_EQ(exported.width, 640);
            ASSERT_EQ(exported.height, 400);
            EXPECT_EQ(differing_pixels(screen, exported), 0u) << theme_name(theme);
        }
    }
    // At city zoom the four make one cluster; close in, they are markers of their own.
    model_.map_view.set_camera({43.30, 76.89, 12.0});
    EXPECT_EQ(model_.clusters().clusters.size(), 1u);
    model_.map_view.set_camera({43.3330, 76.8606, 16.5});
    EXPECT_EQ(model_.clusters().clusters.size(), 0u);
}

// Scrubbing, hovering and selecting leave the view and the map as they were:
// the panel puts the basemap it drew back and draws only the events. Every
// such frame is still the picture an export of the view holds; a frame after
// anything that changes the basemap (a layer's opacity, a pan, the labels
// placed again once the view rests, the theme, the size) draws it anew.
TEST_F(MapPanelPixels, FramesOverAnUnchangedMapReuseTheBasemapAndShowWhatAnExportHolds) {
    model_.map_view.set_camera({43.3330, 76.8606, 16.5});
    gl::RenderTarget target;
    target.resize(640, 400, 4);

    Theme theme = Theme::Light;
    const BasemapCopy& copy = panel_->basemap_copy();
    // A frame, and whether it put the basemap back rather than drawing it.
    auto frame = [&](bool reused, const char* what) {
        target.resize(static_cast<int>(model_.map_view.width_px), static_cast<int>(model_.map_view.height_px), 4);
        const uint64_t before = copy.reused;
        panel_->render_scene(model_, theme, target);
        EXPECT_EQ(copy.reused == before + 1, reused) << what;
        std::vector<unsigned char> px(target.width() * target.height() * 4);
        target.read_pixels(px.data());
        return px;
    };
    // Compares a frame with an export of its view (which sets the labels'
    // obstacles to the same markers: the copy stands).
    auto as_exported = [&](const std::vector<unsigned char>& px, const char* what) {
        const Image exported = scene_->render(model_, theme, SceneOverlays{}, SnapshotOptions{});
        ASSERT_EQ(exported.width, target.width()) << what;
        EXPECT_EQ(differing_pixels(px, exported), 0u) << what;
    };

    model_.set_cursor(make_time(2007, 1, 1));
    (void)frame(false, "the first frame");
    const auto all = frame(false, "the second frame, which takes the copy");
    // Scrubbing back to before the last two events: the basemap is put back.
    model_.set_cursor(make_time(2006, 4, 2, 12));
    const auto scrubbed = frame(true, "scrubbed");
    EXPECT_NE(scrubbed, all) << "the events did not change";
    as_exported(scrubbed, "scrubbed");
    // Hovering, after the export's change and a still frame.
    (void)frame(true, "after an export");
    (void)frame(true, "still, after an export");
    model_.set_hover(0u);
    const auto hovered = frame(true, "hovered");
    as_exported(hovered, "hovered");

    // A layer made translucent in the layers panel (edited in place).
    (void)frame(true, "after an export");
    (void)frame(true, "still, after an export");
    (void)frame(true, "still");
    map_->options(0).opacity = 0.4f;
    const auto faded = frame(false, "a layer made translucent");
    as_exported(faded, "a translucent layer");

    // Panning: drawn anew each frame, the labels riding along; once the view
    // rests they are placed again, so that frame too draws the basemap, and
    // so does the next (taking the copy).
    (void)frame(false, "translucent, still: taking the copy");
    model_.map_view.pan_pixels(37, -21);
    (void)frame(false, "panned");
    const auto rested = frame(false, "resting: labels placed again");
    (void)frame(false, "still, taking the copy");
    const auto still = frame(true, "still");
    EXPECT_EQ(still, rested);
    as_exported(still, "panned, then resting");

    // Another theme, another size.
    (void)frame(true, "after an export");
    (void)frame(true, "still, after an export");
    theme = Theme::Dark;
    (void)frame(false, "dark");
    (void)frame(false, "dark, still");
    const auto dark = frame(true, "dark, still");
    as_exported(dark, "dark");
    model_.map_view.width_px = 500;
    (void)frame(false, "narrower");
    (void)frame(false, "narrower, still");
    model_.set_cursor(make_time(2007, 1, 1));
    const auto resized = frame(true, "narrower, scrubbed");
    as_exported(resized, "resized");
}

}  // namespace
}  // namespace atlas
