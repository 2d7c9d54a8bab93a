// The Layers window's "add a shapefile" path: a user's layer joins the basemap
// and frames the view; a file that cannot be read leaves the map as it was and
// says which file and why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/paths.hpp"
#include "platform/basemap.hpp"
#include "render/gl_fixture.hpp"
#include "platform/layers_window.hpp"
#include "render/map_renderer.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

class LayersWindow : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        context_ = test::try_gl_context(why);
        if (!context_) GTEST_SKIP() << "no OpenGL context: " << why;
        std::string problems;
        basemap_ = std::make_unique<platform::Basemap>(paths::geodata_dir(), problems);
        ASSERT_GT(basemap_->layer_count(), 0u) << problems;
    }
    std::unique_ptr<platform::HeadlessContext> context_;
    std::unique_ptr<platform::Basemap> basemap_;
};

TEST_F(LayersWindow, AddingAShapefileAddsALayerAndFramesIt) {
    const size_t before = basemap_->layer_count();
    MapView view;
    view.zoom = 5;  // far out: fitting the layer must zoom in
    bool ok = false;
    const std::string msg =
        platform::add_user_layer(*basemap_, (paths::geodata_dir() / "railways.shp").string(), view, ok);
    EXPECT_TRUE(ok) << msg;
    EXPECT_EQ(basemap_->layer_count(), before + 1);
    EXPECT_NE(msg.find("features"), std::string::npos) << msg;
    EXPECT_GT(view.zoom, 9.0);
    const LatLon c = WebMercator::inverse(view.center);
    EXPECT_NEAR(c.lat, 43.3, 0.2);
    EXPECT_NEAR(c.lon, 76.95, 0.3);
}

TEST_F(LayersWindow, AFileThatCannotBeReadIsNamedAndNothingIsAdded) {
    const fs::path bad = fs::temp_directory_path() / "atlas-layers-window-bad.shp";
    {
        std::ofstream out(bad, std::ios::binary);
        out << "<html>not a shapefile</html>";
    }
    const size_t before = basemap_->layer_count();
    MapView view;
    const MapView untouched = view;
    bool ok = true;
    const std::string msg = platform::add_user_layer(*basemap_, bad.string(), view, ok);
    EXPECT_FALSE(ok);
    EXPECT_EQ(basemap_->layer_count(), before);
    EXPECT_NE(msg.find(bad.filename().string()), std::string::npos) << msg;
    EXPECT_EQ(view.center, untouched.center);
    fs::remove(bad);

    ok = true;
    EXPECT_FALSE(platform::add_user_layer(*basemap_, "", view, ok).empty());
    EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace atlas
