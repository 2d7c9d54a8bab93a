#pragma once
// The map scene as one function of the application state, drawn the same way
// in every place that shows it: the basemap (geometry, then labels), the
// events through the GPU time filter, then the optional map furniture (title,
// time window, legend, scale bar, north arrow, attribution). The snapshot
// exporter, the animation exporter and the export window call this; an image
// of any size is rendered in tiles (render/snapshot.hpp) with labels and
// furniture laid out once for the whole image.
//
// The map panel (ui/map_panel.cpp) draws through the same instance as the
// export window (draw(), with its marker style set here and no overlays): its
// legend and the "N of M events" box are ImGui widgets over the image, where
// exports draw the legend into the image with the label font. The CLI
// snapshot draws no fade-in of the latest events (a still image has no
// timeline to fade along). One EventLayer per GL context may be shared by all.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "model/map_view.hpp"
#include "model/theme.hpp"
#include "render/gl.hpp"

namespace atlas {

class AppModel;
class MapRenderer;
class EventLayer;
struct BasemapCopy;
struct Image;
struct SnapshotOptions;
struct SnapshotBasemapReuse;

// Furniture drawn on top of the map. Sizes are logical pixels: they scale with
// MapView::pixel_ratio (the DPI setting), like lines, markers and labels.
struct SceneOverlays {
    std::string title;            // top-left; empty: none
    std::string caption;          // under the title (a slide's caption)
    bool time_window = false;     // "up to 5 April 2006, 12:00" (under the title, or alone)
    std::string time_text;        // overrides the time window's text when set
    bool legend = false;          // the categories shown: marker shape and colour, label
    bool scale_bar = false;
    bool north_arrow = false;
    bool attribution = false;     // the publishers of the sources shown (the OSM credit is always drawn)
    std::string attribution_text; // overrides the attribution when set
};

// "up to 5 April 2006, 12:00" (cumulative) or "1 March 2006 – 5 April 2006" (sliding).
[[nodiscard]] std::string describe_time_window(const AppModel& model);
// "© OpenStreetMap contributors · Sources: Vlast.kz, RFE/RL" for the visible events.
[[nodiscard]] std::string scene_attribution(const AppModel& model);

// A moment as people read it: "5 April 2006" at midnight, else "5 April 2006, 12:00".
[[nodiscard]] std::string describe_instant(TimePoint t);


// A legend row: a category shown by the current filter.
struct LegendEntry {
    std::string label;
    uint8_t r = 0, g = 0, b = 0;
    uint8_t shape = 0;            // atlas::MarkerShape
    uint32_t visible = 0;         // events of the category visible now
};
// How a category looks (label, colour, shape; core/categories.hpp) as a legend row, visible = 0.
[[nodiscard]] LegendEntry legend_entry_of(std::string_view category_id);
// Categories that have events and pass the filter, in legend order.
[[nodiscard]] std::vector<LegendEntry> legend_entries(const AppModel& model);

class SceneRenderer {
public:
    // Needs a current GL 3.3 context; `map` may be null (events on a plain background).
    // `events`: the events' GPU copy shared in this context (null: its own).
    explicit SceneRenderer(MapRenderer* map, std::shared_ptr<EventLayer> events = nullptr);
    ~SceneRenderer();
    SceneRenderer(const SceneRenderer&) = delete;
    SceneRenderer& operator=(const SceneRenderer&) = delete;

    [[nodiscard]] MapRenderer* map() const noexcept { return map_; }

    // History seconds over which a newly begun event fades in (EventLayerStyle).
    // 0: as the map panel does, 1/60 of the timeline's visible span. A still
    // image outside the explorer has no timeline view: the snapshot command
    // sets 1 (no fade), so the latest events are not drawn pale.
    double fade_seconds = 0;
    // As the map panel's EventLayerStyle (the View menu switches these on screen).
    float marker_radius_px = 9.0f;
    bool show_uncertainty = true;
    bool show_clusters = true;

    // The whole of `view` into the bound framebuffer of its size (the map panel:
    // no overlays, as its legend is ImGui's). Reads the model.
    void draw(const AppModel& model, const MapView& view, Theme theme, const SceneOverlays& overlays);

    // As draw() with no overlays, into a bound framebuffer of `samples` samples
    // per pixel, the basemap drawn or put back from `copy` (draw_or_put_back,
    // render/map_renderer.hpp). The same pixels as draw().
    void draw_reusing_basemap(const AppModel& model, const MapView& view, Theme theme, BasemapCopy& copy,
                              int samples);

    // An image of model.map_view's size (up to 16384 a side), rendered in tiles.
    // `reuse`: the basemap kept from the last image rendered with it, for
    // frames of an animation (render/snapshot.hpp SnapshotBasemapReuse).
    [[nodiscard]] Image render(AppModel& model, Theme theme, const SceneOverlays& overlays,
                               const SnapshotOptions& options, SnapshotBasemapReuse* reuse = nullptr);
    // render() straight into a PNG file, band by band (render/snapshot write_tiled_png):
    // the image never sits in memory whole. Throws atlas::Error naming the file.
    void render_png(AppModel& model, Theme theme, const SceneOverlays& overlays, const std::filesystem::path& path,
                    const SnapshotOptions& options);

    // Only the events of `view` (a tile of the image, or the whole view) into the bound framebuffer.
    void draw_events(const AppModel& model, const MapView& view, Theme theme);

    // What render() does per tile, for callers that drive render_map_snapshot
    // themselves: render/scene_tiles.hpp.
    struct TilePass;

private:
    MapRenderer* map_;
    std::shared_ptr<EventLayer> events_;
};

}  // namespace atlas
