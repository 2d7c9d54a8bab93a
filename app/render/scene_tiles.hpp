#pragma once
// The scene's tile pass for code that runs the tiled basemap snapshot itself
// (the snapshot command's scene hook): everything SceneRenderer::render draws
// above the basemap, laid out once for the image. Includes render/style.hpp.
#include <memory>
#include <string>

#include "render/overlays.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"

namespace atlas {

struct SceneRenderer::TilePass {
    OverlayOptions overlays;   // the basemap's furniture: title, time window, scale bar, north arrow, attribution
    SceneFn draw;              // events and the scene's own furniture (legend, a lone time window), per tile
    std::shared_ptr<void> state;  // keeps what `draw` uses alive
};

// Lays out the furniture for the image model.map_view and returns the pass.
// `renderer` and `model` must outlive the returned pass's use.
[[nodiscard]] SceneRenderer::TilePass make_tile_pass(SceneRenderer& renderer, AppModel& model, Theme theme,
                                                    const SceneOverlays& overlays);

}  // namespace atlas
