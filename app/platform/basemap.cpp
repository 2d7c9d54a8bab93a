#include "platform/basemap.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "geo/shapefile.hpp"
#include "platform/window.hpp"
#include "render/map_renderer.hpp"
#include "render/style.hpp"
#include "render/fonts.hpp"

namespace atlas::platform {

namespace fs = std::filesystem;

Basemap::Basemap(const fs::path& dir, std::string& problems) {
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    renderer_ = std::make_unique<MapRenderer>(mo);
    const std::vector<fs::path> files = shapefiles_in(dir);
    if (files.empty()) problems += "no basemap shapefiles in " + dir.string() + "\n";
    for (const auto& f : files) {
        try {
            renderer_->add_layer(load_shapefile(f));
        } catch (const Error& e) {
            problems += std::string(e.what()) + "\n";  // one bad layer leaves the others
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
