#include "platform/basemap.hpp"

#include <algorithm>
#include <future>
#include <vector>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "platform/window.hpp"
#include "render/map_renderer.hpp"
#include "render/style.hpp"
#include "render/fonts.hpp"

namespace atlas::platform {

namespace fs = std::filesystem;

Basemap::Basemap(const fs::path& dir, std::string& problems) {
    // The shapefiles are read on another thread while the renderer compiles
    // its shaders and builds the label font here.
    std::future<FolderLayers> reading =
        std::async(std::launch::async, [dir] { return load_shapefiles_in(dir, paths::cache_dir() / "layers"); });
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    renderer_ = std::make_unique<MapRenderer>(mo);
    FolderLayers read = reading.get();
    for (const std::string& p : read.problems) problems += p + "\n";
    for (Layer& layer : read.layers) {
        try {
            renderer_->add_layer(std::move(layer));
        } catch (const Error& e) {
            problems += std::string(e.what()) + "\n";
        }
    }
}

Basemap::~Basemap() = default;

void Basemap::draw(const MapView& view, Theme t) {
    renderer_->draw(view, theme(t));
}

void Basemap::set_language(BasemapLanguage lang) {
    renderer_->set_language(lang == BasemapLanguage::Russian ? LabelLanguage::Russian
                            : lang == BasemapLanguage::Kazakh ? LabelLanguage::Kazakh : LabelLanguage::English);
}

size_t Basemap::layer_count() const { return renderer_->layer_count(); }

void Basemap::set_label_obstacles(std::vector<MercatorXY> points) { renderer_->set_label_obstacles(std::move(points)); }

}  // namespace atlas::platform
