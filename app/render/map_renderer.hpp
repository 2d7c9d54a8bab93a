#pragma once
// The basemap on the GPU. Each layer's geometry is built and uploaded once
// (add_layer): polygon fills tessellated, lines expanded into quads with round
// joins and caps whose widths are applied in the vertex shader in screen
// pixels, points as symbol quads. Vertices are float offsets from the layer's
// local origin in Web Mercator metres; the camera offset is computed in double
// on the CPU and passed as a uniform, so street level stays precise.
//
// A frame walks classes and spatial cells of each layer (a few hundred bounding
// boxes), never features. Style (theme) and per-layer options are uniforms:
// changing them needs no re-upload. Labels are placed when the view changes.
//
//   MapRenderer map({font_regular, font_bold});        // needs a current GL 3.3 context
//   map.add_layer(load_shapefile("roads.shp"));        // classes from OSM `fclass`
//   map.fit_all(view);
//   target.bind(); map.draw(view, theme(Theme::Light));
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "model/map_view.hpp"
#include "render/gl.hpp"
#include "render/labels.hpp"
#include "render/style.hpp"

namespace atlas {

// What a user may change per layer at run time (the layer panel edits these).
struct LayerOptions {
    std::string title;            // shown in the layer panel; default: the layer's name
    bool visible = true;
    int order = 0;                // lower draws first (below); add_layer picks one by content when 0
    bool custom_colour = false;   // paint every class of the layer in `colour`
    Rgba colour = rgb(0x3366CC);
    float width = 1.0f;           // line and outline width, times the style's
    float opacity = 1.0f;
    bool labels = true;
    std::string label_field;      // empty: by language (name_en / name_ru / name_kk, else name)
    bool user = false;            // added by the user (saved in the project, off on slides that do not name it)
};

struct MapRendererOptions {
    std::string font_regular;     // TrueType files with Cyrillic; empty: no labels
    std::string font_bold;
    // Prepared layer geometry is kept here between runs, one file per layer
    // content (the layer's coordinates, parts and attributes, hashed with the
    // builder's version): a layer seen before is read back instead of built.
    // Empty: paths::cache_dir()/geometry. `geometry_cache` false: always built.
    bool geometry_cache = true;
    std::filesystem::path geometry_cache_dir;
    // After a write, the least recently used files go until the folder holds
    // no more than this (the file just written always stays). A file read back
    // counts as used.
    uint64_t geometry_cache_limit_bytes = uint64_t{512} << 20;
    // The label font's packed atlas is kept here (one file per pair of fonts,
    // about 6 MB). Empty: paths::cache_dir()/fonts when `geometry_cache` is on
    // with the default folder, else no font cache.
    std::filesystem::path font_cache_dir;
};

struct RenderStats {
    size_t layers = 0, vertices = 0, indices = 0;  // built
    size_t gpu_bytes = 0;                          // uploaded
    // Geometry is built (or read from the cache) by add_layer, and goes to the
    // GPU in chunks (a class's fills, points, or lines at one level of detail)
    // when a frame first draws them.
    double build_ms = 0;                 // last add_layer
    double total_build_ms = 0;           // every add_layer so far
    double total_upload_ms = 0;          // every chunk uploaded so far (glBufferData)
    size_t chunks_uploaded = 0, chunks_refused = 0;  // refused: damaged, or no room on the GPU
    size_t cache_hits = 0, cache_writes = 0;         // layers read from / written to the geometry cache
    size_t cache_pruned = 0;                         // old cache files deleted to stay under the limit
    size_t draw_calls = 0;               // last frame
    size_t triangles_drawn = 0;          // last frame
    size_t label_placements = 0;         // times draw() placed labels (idle frames place none)
};

class MapRenderer {
public:
    explicit MapRenderer(const MapRendererOptions& options = {});
    ~MapRenderer();
    MapRenderer(const MapRenderer&) = delete;
    MapRenderer& operator=(const MapRenderer&) = delete;

    // Builds the layer's geometry (or reads it from the cache); returns its
    // index. The GPU gets each part of it when a frame first draws that part.
    size_t add_layer(Layer layer, LayerOptions options = {});
    void remove_layer(size_t index);
    void clear();
    [[nodiscard]] size_t layer_count() const noexcept;
    [[nodiscard]] const Layer& layer(size_t index) const;
    [[nodiscard]] LayerOptions& options(size_t index);     // edit freely between frames
    [[nodiscard]] const LayerOptions& options(size_t index) const;
    // Layer indices sorted by drawing order (bottom first).
    [[nodiscard]] std::vector<size_t> draw_order() const;
    // Swaps `index` with its neighbour in drawing order (delta -1: down, +1: up).
    void move_layer(size_t index, int delta);
    // Classes present in a layer and how many features each holds.
    [[nodiscard]] std::vector<std::pair<StyleClass, size_t>> classes(size_t index) const;

    [[nodiscard]] BoundsLL layer_bounds(size_t index) const;
    [[nodiscard]] BoundsLL all_bounds() const;  // visible layers
    void fit_layer(MapView& view, size_t index, double margin_px = 24) const;
    void fit_all(MapView& view, double margin_px = 24) const;

    void set_language(LabelLanguage lang) noexcept;
    [[nodiscard]] LabelLanguage language() const noexcept { return language_; }
    void set_labels_enabled(bool on) noexcept;
    [[nodiscard]] bool labels_enabled() const noexcept { return labels_enabled_; }

    // Everything: background, geometry, labels (placed again only when the view,
    // theme, language or options changed). Into the bound framebuffer of
    // view.width_px x view.height_px (it must have a stencil buffer: RenderTarget has one).
    // `keep_clear`: boxes (x0, y0, x1, y1, view pixels) no label may cover (a
    // slide's cards); labels are placed again when they change.
    void draw(const MapView& view, const MapTheme& theme, const std::vector<std::array<float, 4>>& keep_clear = {});
    // Whether draw() with these arguments would paint what the last draw()
    // painted: the same view, theme, layers, options and keep-clear boxes, and
    // labels placed for exactly this view. A caller that kept a copy of that
    // picture (taken at draw_serial()) may put it back instead of drawing.
    [[nodiscard]] bool would_repeat_last_draw(const MapView& view, const MapTheme& theme,
                                              const std::vector<std::array<float, 4>>& keep_clear = {}) const;
    // Counts draw() calls: a copy of a picture stands for the last draw only
    // while this is the count it was taken at.
    [[nodiscard]] uint64_t draw_serial() const noexcept { return draw_serial_; }

    // The parts, for snapshots that render one image in tiles:
    void clear_background(const MapTheme& theme) const;
    void draw_geometry(const MapView& view, const MapTheme& theme);
    // Only the tile (tile_x, tile_y, tile_w, tile_h) of the image `view`, into a
    // bound framebuffer of tile_w x tile_h: tiles join exactly (no seams).
    void draw_geometry(const MapView& view, const MapTheme& theme, double tile_x, double tile_y, double tile_w,
                       double tile_h);
    // Places labels for the whole image `view` (pixel frame of that image).
    // `keep_clear`: boxes (x0,y0,x1,y1, image pixels) no label may cover, e.g. from build_overlays.
    void place_labels(const MapView& view, const MapTheme& theme, PlacedLabels& out,
                      const std::vector<std::array<float, 4>>& keep_clear = {}) const;
    // Draws labels placed for an image into the bound framebuffer showing its
    // tile of `tile_width` x `tile_height` pixels at (tile_x, tile_y).
    void draw_labels(PlacedLabels& labels, double tile_width, double tile_height, double tile_x = 0,
                     double tile_y = 0) const;

    // Places on the map (Web Mercator) that labels keep clear of, each a square
    // of 2 * radius_px (logical pixels, scaled by the view's pixel ratio): the
    // event markers, so a street or place name never hides under one. Setting
    // other ones places labels again.
    void set_label_obstacles(std::vector<MercatorXY> points, float radius_px = 10.0f);

    [[nodiscard]] const LabelFont* font() const noexcept { return font_.get(); }
    // The labels the last draw() showed (view pixels of its placement).
    [[nodiscard]] const PlacedLabels& labels_drawn() const noexcept { return cached_labels_; }
    [[nodiscard]] const RenderStats& stats() const noexcept { return stats_; }
    // Bumped whenever options, layers or language change (lets callers cache).
    [[nodiscard]] uint64_t revision() const noexcept { return revision_; }
    void touch() noexcept { ++revision_; }
    // A hash of every layer's options (the layers panel edits some in place,
    // without touch()): with revision(), what the map would draw for a view.
    [[nodiscard]] uint64_t options_hash() const;

    struct GpuLayer;

private:
    std::filesystem::path cache_dir_;  // empty: no geometry cache
    uint64_t cache_limit_bytes_ = 0;
    std::vector<std::unique_ptr<GpuLayer>> layers_;
    std::unique_ptr<LabelFont> font_;
    gl::Program program_;
    LabelLanguage language_ = LabelLanguage::English;
    bool labels_enabled_ = true;
    RenderStats stats_;
    uint64_t revision_ = 1;
    int next_order_ = 0;
    std::vector<MercatorXY> label_obstacles_;
    float label_obstacle_px_ = 10.0f;

    // Interactive label cache.
    PlacedLabels cached_labels_;
    MapView cached_view_;
    const MapTheme* cached_theme_ = nullptr;
    uint64_t cached_revision_ = 0;
    uint64_t cached_options_hash_ = 0;
    std::vector<std::array<float, 4>> cached_keep_clear_;
    MapView last_view_;  // the previous frame's view: placing again once panning stops
    // What the last draw() was asked to paint.
    uint64_t draw_serial_ = 0;
    MapView drawn_view_;
    const MapTheme* drawn_theme_ = nullptr;
    uint64_t drawn_revision_ = 0, drawn_options_hash_ = 0;
    std::vector<std::array<float, 4>> drawn_keep_clear_;
};

// A copy of the basemap a caller last drew (geometry and labels, every colour
// sample), kept so that a frame over the same view and map (scrubbing,
// playing, hovering, a slide holding still, a transition that only moves the
// time) puts it back and draws only what goes over it.
struct BasemapCopy {
    gl::SampleCopy pixels;
    uint64_t serial = 0;             // MapRenderer::draw_serial() when it was taken
    uint64_t drawn = 0, reused = 0;  // frames that drew the basemap, and that put it back
};

// map.draw(view, theme, keep_clear) into the bound framebuffer, which has
// `samples` samples per pixel, or `copy` put back instead when that draw would
// paint what the map's last draw painted and the copy was taken from that
// draw. The copy is taken when a draw repeats the one before (the map holds
// still), never while it moves. The same pixels either way, and the map's
// labels stay placed as the draw would leave them.
void draw_or_put_back(MapRenderer& map, const MapView& view, const MapTheme& theme,
                      const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy, int samples);
// Whether draw_or_put_back with these arguments would put the copy back (into
// a framebuffer of the copy's size): the map would paint what it painted when
// the copy was taken, and nothing has drawn with it since.
[[nodiscard]] bool would_put_back(const MapRenderer& map, const MapView& view, const MapTheme& theme,
                                  const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy);

}  // namespace atlas
