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

TEST(MapPanelPixels, ThePanelShowsWhatAnExportOfItsViewHolds) {
    ATLAS_GL_CONTEXT_OR_SKIP(context);
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    MapRenderer map(mo);
    for (const fs::path& f : shapefiles_in(paths::source_dir() / "geodata")) map.add_layer(load_shapefile(f));
    if (map.layer_count() == 0) GTEST_SKIP() << "no basemap shapefiles";

    // Four events a street apart (a "4" cluster at city zoom) and one alone with a wide disc.
    Dataset d;
    d.events.push_back(ev("a", category::demolition, make_time(2006, 4, 1), 43.3329, 76.8605, 10));
    d.events.push_back(ev("b", category::eviction, make_time(2006, 4, 2), 43.3331, 76.8609, 10));
    d.events.push_back(ev("c", category::protest, make_time(2006, 4, 3), 43.3326, 76.8601, 10));
    d.events.push_back(ev("e", category::protest, make_time(2006, 4, 4), 43.3334, 76.8612, 10));
    d.events.push_back(ev("f", category::eviction, make_time(2005, 1, 1), 43.2500, 76.9300, 900));
    AppModel model;
    model.set_dataset(std::move(d));
    map.set_label_obstacles(model.marker_positions());

    auto scene = std::make_shared<SceneRenderer>(&map, std::make_shared<EventLayer>());
    ui::MapPanel panel;
    panel.set_scene(scene);
    model.map_view.width_px = 640;
    model.map_view.height_px = 400;
    model.map_view.pixel_ratio = 1;
    for (double zoom : {12.0, 16.5}) {
        SCOPED_TRACE("zoom " + std::to_string(zoom));
        model.map_view.set_camera({43.30, 76.89, zoom});
        if (zoom > 13) model.map_view.set_camera({43.3330, 76.8606, zoom});
        for (Theme theme : {Theme::Light, Theme::Dark}) {
            gl::RenderTarget target;
            target.resize(640, 400, 4);
            panel.render_scene(model, theme, target);
            std::vector<unsigned char> screen(640 * 400 * 4);
            target.read_pixels(screen.data());

            SnapshotOptions so;
            const Image exported = scene->render(model, theme, SceneOverlays{}, so);
            ASSERT_EQ(exported.width, 640);
            ASSERT_EQ(exported.height, 400);
            EXPECT_EQ(differing_pixels(screen, exported), 0u) << theme_name(theme);
        }
    }
    // At city zoom the four make one cluster; close in, they are markers of their own.
    model.map_view.set_camera({43.30, 76.89, 12.0});
    EXPECT_EQ(model.clusters().clusters.size(), 1u);
    model.map_view.set_camera({43.3330, 76.8606, 16.5});
    EXPECT_EQ(model.clusters().clusters.size(), 0u);
}

}  // namespace
}  // namespace atlas
