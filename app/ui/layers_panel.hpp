#pragma once
// The layer panel: each basemap and user layer with visibility, drawing order,
// colour, width, opacity, label field and "fit to layer"; the map style and the
// label language. Draws the panel's contents only: the caller owns Begin/End.
#include "model/map_view.hpp"
#include "render/map_renderer.hpp"
#include "render/style.hpp"

namespace atlas::ui {

struct LayersPanelResult {
    bool changed = false;  // anything that needs a redraw (options, style, language, view)
};

// Edits the renderer's layer options in place; "fit" buttons re-frame `view`.
LayersPanelResult draw_layers_panel(MapRenderer& map, Theme& style, MapView& view);

}  // namespace atlas::ui
