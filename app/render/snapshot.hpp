#pragma once
// Offscreen images of any size up to 16384 x 16384: the image is cut into tiles
// no larger than the GPU allows (or a cap), each tile renders the same view
// shifted by whole pixels into a multisampled RenderTarget, and the tiles are
// assembled into one RGBA buffer. PNG output is deterministic (no timestamps,
// fixed compression): the same inputs give the same bytes.
//
// Things drawn in screen space that must not clip or repeat at tile seams
// (labels, overlays) are laid out once for the whole image and drawn per tile
// shifted by the tile's origin (SnapshotTile::x, y).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "model/map_view.hpp"
#include "render/overlays.hpp"

namespace atlas {

class MapRenderer;
struct MapTheme;

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;  // top row first, tightly packed
    [[nodiscard]] const uint8_t* pixel(int x, int y) const {
        return rgba.data() + (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
    }
};

struct SnapshotTile {
    int x = 0, y = 0, width = 0, height = 0;  // the tile within the image, pixels
    int image_width = 0, image_height = 0;
};

// Draws a tile: the framebuffer is bound with a viewport of tile.width x tile.height.
using SceneFn = std::function<void(const MapView& tile_view, const SnapshotTile& tile)>;

struct SnapshotOptions {
    int samples = 4;        // multisampling
    int max_tile = 0;       // tile side cap (lowered further to the GPU's limit); 0: by the image's
                            // size: one tile up to kOneTileSide a side (the pixels of a screen of
                            // that size), else tiles of kAutoTileSmall squared pixels up to
                            // kAutoTileArea pixels (twice as wide as tall: a shorter band of
                            // rows), kAutoTileLarge a side above
};

inline constexpr int kMaxSnapshotSide = 16384;
// Small multisampled tiles cost Mesa's rasteriser no time (it works in small
// blocks anyway) and keep memory low: a 3840x2160 snapshot takes 204 MB in
// 512-pixel tiles, 423 MB in 2048-pixel ones, in the same time. Past about 16
// megapixels the per-tile work shows, so larger images use 1024.
inline constexpr int kOneTileSide = 2048, kAutoTileSmall = 512, kAutoTileLarge = 1024;
inline constexpr double kAutoTileArea = 16.0e6;

// The view of a tile: the image's view re-centred on the tile, same scale.
[[nodiscard]] MapView tile_view(const MapView& image, const SnapshotTile& tile);

// Receives the image a band of whole rows at a time, top to bottom: `rows` rows
// of RGBA (alpha 255) starting at image row `first_row`, tightly packed.
using RowSink = std::function<void(const uint8_t* rgba, int first_row, int rows)>;

// Renders `view` (width_px x height_px is the image size) tile by tile, one row
// of tiles at a time, handing each finished band of rows to `sink`: memory is
// one tile plus one band, whatever the image's height. Needs a current GL
// context. Throws atlas::Error for sizes outside 1..16384.
void render_tiled_rows(const MapView& view, const SceneFn& scene, const SnapshotOptions& options, const RowSink& sink);

// render_tiled_rows into one image.
[[nodiscard]] Image render_tiled(const MapView& view, const SceneFn& scene, const SnapshotOptions& options = {});
// render_tiled_rows straight into PNG bytes (encode_png of render_tiled, without the image in memory).
[[nodiscard]] std::vector<uint8_t> render_tiled_png(const MapView& view, const SceneFn& scene,
                                                    const SnapshotOptions& options = {});
// render_tiled_rows encoded straight into a PNG file (written as write_atomically
// does; the path is checked before anything is drawn). Memory: one tile, one band
// of rows and the encoder's window, however large the image.
void write_tiled_png(const MapView& view, const SceneFn& scene, const std::filesystem::path& path,
                     const SnapshotOptions& options = {});

// The basemap with labels and overlays placed for the whole image; `extra`
// draws on top of the labels in each tile (event markers, story highlights).
[[nodiscard]] Image render_map_snapshot(MapRenderer& map, const MapView& view, const MapTheme& theme,
                                        const OverlayOptions& overlays, const SceneFn& extra = {},
                                        const SnapshotOptions& options = {});

// The basemap of the last image map_snapshot_scene drew with it, kept for the
// next image of the same view, map and overlays' boxes (an animation's frames,
// which move only the time): its labels are placed once and, for an image of
// one tile, its pixels drawn once and put back after. The same pixels as
// drawing anew.
struct SnapshotBasemapReuse {
    struct Held;
    std::shared_ptr<Held> held;
    uint64_t placed = 0, drawn = 0, reused = 0;  // label placements, tiles drawn, tiles put back
};

// The tile pass render_map_snapshot uses: the basemap with labels and overlays
// placed once for the whole of `view`, `extra` on top of the labels in each tile.
// `map` and `theme` must outlive it, and `reuse` (if given) the pass.
[[nodiscard]] SceneFn map_snapshot_scene(MapRenderer& map, const MapView& view, const MapTheme& theme,
                                         const OverlayOptions& overlays, const SceneFn& extra = {},
                                         SnapshotBasemapReuse* reuse = nullptr);

// render_map_snapshot as PNG bytes, encoded band by band (encode_png of the image, same bytes).
[[nodiscard]] std::vector<uint8_t> render_map_snapshot_png(MapRenderer& map, const MapView& view, const MapTheme& theme,
                                                           const OverlayOptions& overlays, const SceneFn& extra = {},
                                                           const SnapshotOptions& options = {});
// render_map_snapshot written to a PNG file band by band (write_tiled_png).
void write_map_snapshot_png(MapRenderer& map, const MapView& view, const MapTheme& theme, const OverlayOptions& overlays,
                            const SceneFn& extra, const std::filesystem::path& path, const SnapshotOptions& options = {});

// PNG through libpng: RGB when every pixel is opaque, RGBA otherwise.
[[nodiscard]] std::vector<uint8_t> encode_png(const Image& image);
// Writes atomically (core/file_io AtomicFile), encoding as it writes. Throws atlas::Error naming the path.
void write_png(const Image& image, const std::filesystem::path& path);

}  // namespace atlas
