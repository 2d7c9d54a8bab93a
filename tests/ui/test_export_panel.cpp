// The export window's actions: a PNG of the current view, the filtered events as data.
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "model/app_model.hpp"
#include "render/gl_fixture.hpp"
#include "platform/window.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"
#include "store/csv.hpp"
#include "store/geojson.hpp"
#include "ui/export_panel.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

Event ev(std::string id, std::string_view cat, TimePoint begin, double lat, double lon) {
    Event e;
    e.id = std::move(id);
    e.title = "Event " + e.id;
    e.category = std::string(cat);
    e.time.begin = begin;
    e.time.end = begin + 86400;
    e.location.lat = lat;
    e.location.lon = lon;
    e.location.precision = LocationPrecision::Building;
    e.location.uncertainty_m = 10;
    return e;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

class ExportActions : public ::testing::Test {
protected:
    void SetUp() override {
        Dataset d;
        d.events.push_back(ev("a", category::demolition, make_time(2003, 5, 1), 43.235, 76.940));
        d.events.push_back(ev("b", category::eviction, make_time(2006, 3, 14), 43.310, 76.860));
        d.events.push_back(ev("c", category::protest, make_time(2006, 4, 5), 43.315, 76.850));
        d.events.push_back(ev("d", category::demolition, make_time(2026, 2, 3), 43.262, 76.955));
        model_.set_dataset(std::move(d));
        dir_ = fs::temp_directory_path() / ("atlas_export_panel_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    AppModel model_;
    fs::path dir_;
};

TEST_F(ExportActions, FilteredEventsReimportAsCsvAndGeoJson) {
    model_.set_category_enabled(static_cast<size_t>(model_.category_index(category::demolition)), false);
    EXPECT_EQ(export_events(model_, DataFormat::Csv, dir_ / "e.csv", false), 2u);
    ImportResult csv = import_csv(slurp(dir_ / "e.csv"), "e.csv");
    ASSERT_TRUE(csv.problems.empty());
    ASSERT_EQ(csv.data.events.size(), 2u);
    EXPECT_EQ(csv.data.events[0], *model_.dataset().find_event("b"));
    EXPECT_EQ(csv.data.events[1], *model_.dataset().find_event("c"));

    // Only those visible at the cursor: the protest of 5 April is not yet shown on 1 April.
    model_.set_cursor(make_time(2006, 4, 1));
    EXPECT_EQ(export_events(model_, DataFormat::GeoJson, dir_ / "e.geojson", true), 1u);
    ImportResult geo = import_geojson(slurp(dir_ / "e.geojson"), "e.geojson");
    ASSERT_TRUE(geo.problems.empty());
    ASSERT_EQ(geo.data.events.size(), 1u);
    EXPECT_EQ(geo.data.events[0].id, "b");
}

TEST_F(ExportActions, KmlAndCitationSheetsAreWritten) {
    EXPECT_EQ(export_events(model_, DataFormat::Kml, dir_ / "e.kml", false), 4u);
    const std::string kml = slurp(dir_ / "e.kml");
    EXPECT_NE(kml.find("<kml"), std::string::npos);
    // Each event is one whole day: a time stamp of that date.
    for (const char* day : {"2003-05-01", "2006-03-14", "2006-04-05", "2026-02-03"})
        EXPECT_NE(kml.find(std::string("<TimeStamp><when>") + day + "</when></TimeStamp>"), std::string::npos) << day;
    EXPECT_EQ(kml.find("<TimeSpan>"), std::string::npos);
    EXPECT_EQ(export_events(model_, DataFormat::CitationsHtml, dir_ / "e.html", false), 4u);
    EXPECT_NE(slurp(dir_ / "e.html").find("Event c"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir_ / "e.html.part"));
    EXPECT_STREQ(data_format_extension(DataFormat::CitationsMarkdown), ".md");
}

TEST_F(ExportActions, UnwritablePathIsAnErrorNamingIt) {
    try {
        export_events(model_, DataFormat::Csv, dir_ / "no-such-folder" / "e.csv", false);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
    }
}

TEST_F(ExportActions, PngOfTheViewAtPrintDpiKeepsTheArea) {
    ATLAS_GL_CONTEXT_OR_SKIP(context);
    model_.map_view.width_px = 300;
    model_.map_view.height_px = 200;
    model_.map_view.zoom = 12;
    model_.map_view.center = WebMercator::forward({43.25, 76.92});
    const MapView before = model_.map_view;
    {
        SceneRenderer scene(nullptr);
        ui::ImageExport e;
        e.path = (dir_ / "view.png").string();
        e.width = 600;
        e.height = 400;
        e.dpi = 192;  // twice the pixels and twice the marker size: the same picture, finer
        e.overlays = {};
        ui::export_view_png(scene, model_, Theme{}, e);
        ASSERT_TRUE(fs::exists(e.path));

        // The model's view is as it was.
        EXPECT_EQ(model_.map_view.width_px, before.width_px);
        EXPECT_EQ(model_.map_view.zoom, before.zoom);
        EXPECT_EQ(model_.map_view.pixel_ratio, before.pixel_ratio);

        // The same area: the marker that sits at (x, y) on the 300x200 map sits at (2x, 2y) in the image.
        const MapView::Screen at = model_.marker_screen_position(*model_.row_of("a"));
        const std::string png = slurp(e.path);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                                  static_cast<int>(png.size()), &w, &h, &n, 4);
        ASSERT_NE(px, nullptr);
        EXPECT_EQ(w, 600);
        EXPECT_EQ(h, 400);
        ASSERT_TRUE(at.x >= 0 && at.y >= 0 && at.x < 300 && at.y < 200) << at.x << "," << at.y;
        const unsigned char* p = px + (static_cast<size_t>(2 * at.y) * 600 + static_cast<size_t>(2 * at.x)) * 4;
        const LegendEntry want = legend_entry_of(category::demolition);
        EXPECT_NEAR(p[0], want.r, 3);
        EXPECT_NEAR(p[1], want.g, 3);
        EXPECT_NEAR(p[2], want.b, 3);
        stbi_image_free(px);
    }
}

TEST_F(ExportActions, WindowDrawsAndKeepsTheModelAsItWas) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
    platform::WindowOptions wo;
    wo.visible = false;
    wo.persist_layout = false;
    wo.width = 900;
    wo.height = 700;
    std::unique_ptr<platform::Window> window;
    try {
        window = std::make_unique<platform::Window>(wo);
    } catch (const Error& e) {
        GTEST_SKIP() << e.what();
    }
    {
        SceneRenderer scene(nullptr);
        ui::ExportPanel panel;
        panel.open = true;
        const MapView before = model_.map_view;
        const uint64_t filter = model_.filter_version();
        for (int i = 0; i < 3; ++i) {
            if (i == 2) window->capture_next_frame();
            window->step([&] {
                panel.draw(scene, model_, Theme::Light);
                return true;
            });
        }
        int w = 0, h = 0;
        std::vector<unsigned char> shot = window->take_capture(w, h);
        ASSERT_EQ(shot.size(), static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
        // Set ATLAS_TEST_PNG_DIR to look at the window.
        if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR")) {
            Image img;
            img.width = w;
            img.height = h;
            img.rgba = std::move(shot);
            write_png(img, fs::path(dir) / "export_window.png");
        }
        EXPECT_TRUE(panel.open);
        EXPECT_FALSE(panel.animating());
        EXPECT_TRUE(panel.status().empty()) << panel.status();
        EXPECT_EQ(model_.map_view.zoom, before.zoom);
        EXPECT_EQ(model_.filter_version(), filter);
    }
}

}  // namespace
}  // namespace atlas
