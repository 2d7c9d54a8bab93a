#pragma once
// The map panel: the scene (basemap, then events) rendered into an offscreen
// target and shown with ImGui::Image. Pan by drag or arrow keys, zoom with the
// wheel about the pointer, +/- keys, double-click; hover for a tooltip, click
// to select, click a cluster to zoom into it; a legend of categories.
#include <functional>
#include <memory>

#include <imgui.h>

#include "model/app_model.hpp"
#include "render/event_layer.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "ui/theme.hpp"

namespace atlas::ui {

class MapPanel {
public:
    MapPanel();  // needs a current GL context

    // The scene renderer of this GL context (basemap and the shared events),
    // the one the export window draws with too; by default one without a basemap.
    void set_scene(std::shared_ptr<SceneRenderer> scene) { scene_ = std::move(scene); }
    // Draws the panel's content into the current ImGui window, filling `size`.
    void draw(AppModel& model, Theme theme, ImVec2 size);

    // Renders the scene for model.map_view into `target`: SceneRenderer::draw
    // with no furniture (the legend and counts are ImGui's, over the image) and
    // the panel's marker style, so an export at this size and view is the same
    // picture. A frame whose view and map are as before puts the last basemap
    // back and draws only the events (scrubbing, playing, hovering).
    void render_scene(const AppModel& model, Theme theme, gl::RenderTarget& target);
    [[nodiscard]] const BasemapCopy& basemap_copy() const noexcept { return basemap_; }

    [[nodiscard]] ImVec2 screen_origin() const noexcept { return origin_; }  // top-left of the image
    [[nodiscard]] ImVec2 size() const noexcept { return size_; }
    // Frames all events once the panel knows its size (after opening a project).
    void request_fit() noexcept { fit_pending_ = true; }
    bool show_legend = true;
    bool legend_open_ = false;  // folded legend (small map) shown while the pointer is on it
    EventLayerStyle style;

    // True while the map still glides after a drag (the loop keeps drawing).
    [[nodiscard]] bool gliding() const noexcept { return fling_vx_ * fling_vx_ + fling_vy_ * fling_vy_ > 400.0; }

private:
    void handle_input(AppModel& model, float ratio);
    double fling_vx_ = 0, fling_vy_ = 0;  // device pixels per second
    void draw_legend(const AppModel& model, Theme theme);
    void draw_tooltip(const AppModel& model, uint32_t row);

    std::shared_ptr<SceneRenderer> scene_;
    BasemapCopy basemap_;
    gl::RenderTarget target_;
    ImVec2 origin_{0, 0}, size_{0, 0};
    uint64_t followed_selection_ = 0;
    bool selection_from_map_ = false;
    bool fit_pending_ = false;  // a click here needs no recentring
};

}  // namespace atlas::ui
