#pragma once
// The basemap behind the explorer: the shipped shapefiles (geodata/*.shp)
// drawn by MapRenderer, behind a small interface so the program's
// composition (platform/app.cpp) needs none of the renderer's headers.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/map_view.hpp"
#include "model/theme.hpp"

namespace atlas {
class MapRenderer;
}

namespace atlas::platform {

enum class BasemapLanguage : uint8_t { English, Russian, Kazakh };

class Basemap {
public:
    // Loads every *.shp in `dir`; a layer that fails is skipped and named in
    // `problems` (one line each). Throws atlas::Error when no renderer can be made.
    Basemap(const std::filesystem::path& dir, std::string& problems);
    ~Basemap();
    Basemap(const Basemap&) = delete;
    Basemap& operator=(const Basemap&) = delete;

    void draw(const MapView& view, Theme theme);
    void set_language(BasemapLanguage lang);
    [[nodiscard]] size_t layer_count() const;
    // Labels keep clear of these places (the event markers).
    void set_label_obstacles(std::vector<MercatorXY> points);
    // The renderer itself (presenting shows only the layers a slide names).
    [[nodiscard]] MapRenderer& renderer() noexcept { return *renderer_; }

private:
    std::unique_ptr<MapRenderer> renderer_;
};

}  // namespace atlas::platform
