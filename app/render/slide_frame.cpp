#include "render/slide_frame.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>

#include "render/event_layer.hpp"

namespace atlas {

SlideFrameRenderer::SlideFrameRenderer(const std::string& font_regular, const std::string& font_bold)
    : overlay_(std::make_unique<SlideOverlay>(font_regular, font_bold)), events_(std::make_unique<EventLayer>()) {}

SlideFrameRenderer::~SlideFrameRenderer() = default;

void SlideFrameRenderer::draw(AppModel& model, const StoryPlayer& player, StorySync& sync, int width, int height,
                              const SlideFrameOptions& options) {
    width = std::max(1, width);
    height = std::max(1, height);
    glViewport(0, 0, width, height);
    MapView& view = model.map_view;
    view.width_px = width;
    view.height_px = height;
    view.pixel_ratio = options.pixel_ratio > 0 ? options.pixel_ratio : std::max(1.0, height / 1080.0);
    sync.apply(model, player);
    const StoryFrame frame = player.current();

    if (frame.black || !player.active()) {
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
        SlideCard black;
        black.black = true;
        overlay_->build(black, width, height, options.look);  // the layout says so; nothing to draw
        return;
    }
    const auto bg = slide_background(options.look);
    glClearColor(bg[0], bg[1], bg[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    if (basemap_) {
        static const std::vector<std::string> kAll;
        const Slide* slide = player.slide();
        basemap_(view, slide ? slide->visible_layers : kAll);
    }
    glViewport(0, 0, width, height);

    EventLayerStyle style;
    style.dark = slide_look_dark(options.look);
    style.marker_radius_px = options.marker_radius_px;
    style.fade_seconds = slide_fade_seconds(frame.time_cursor, frame.window_begin);
    style.show_clusters = options.clusters;
    events_->draw(model, style);

    if (options.overlay) {
        overlay_->build(make_slide_card(model.dataset(), player), width, height, options.look);
        overlay_->draw(width, height);
    }
}

}  // namespace atlas
