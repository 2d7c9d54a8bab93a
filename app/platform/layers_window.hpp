#pragma once
// The Layers window: the basemap's layer panel (visibility, order, colour,
// width, opacity, label field, fit), the map style and label language, and
// adding a user's own shapefile as a layer.
#include <string>

#include "model/map_view.hpp"
#include "ui/theme.hpp"

namespace atlas {
class UserLayers;
}
namespace atlas::ui {
class FileDialogs;
}

namespace atlas::platform {

class Basemap;

struct LayersWindowState {
    bool open = false;
    std::string add_path;   // shapefile typed by the user
    std::string message;    // result of the last add: loaded, or the loader's error
    bool message_is_error = false;
    ui::FileDialogs* files = nullptr;  // "Browse..." asks here (none when null)
    bool add_requested = false;        // a file was chosen (dialog, drop): added at the next draw
};

// Draws the window when state.open; returns true when the map needs redrawing.
// `user`: the layers the user added (listed with Remove, missing files with their note).
bool draw_layers_window(LayersWindowState& state, Basemap& basemap, UserLayers& user, Theme& theme, MapView& view);

// Loads `path` with the shapefile loader and adds it on top of the basemap
// (OSM free-shapefile layers are styled by fclass), marked as the user's (saved
// in the project); frames the view on it.
// Returns a one-line message; `ok` says whether the layer was added.
std::string add_user_layer(Basemap& basemap, const std::string& path, MapView& view, bool& ok);

}  // namespace atlas::platform
