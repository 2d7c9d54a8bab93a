#include "render/slide_frame.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>

#include "render/event_layer.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace atlas {

SlideFrameRenderer::SlideFrameRenderer(const std::string& font_regular, const std::string& font_bold)
    : overlay_(std::make_unique<SlideOverlay>(font_regular, font_bold)),
      events_(std::make_shared<EventLayer>()),
      basemap_copy_(std::make_unique<BasemapCopy>()) {}

SlideFrameRenderer::~SlideFrameRenderer() = default;

void SlideFrameRenderer::set_basemap(SlideBasemapFn f, SlideBasemapProbeFn would_put_back) {
    basemap_ = std::move(f);
    basemap_probe_ = std::move(would_put_back);
    last_.target = 0;
}

void SlideFrameRenderer::set_event_layer(std::shared_ptr<EventLayer> layer) {
    events_ = std::move(layer);
    last_.target = 0;
}

bool SlideFrameRenderer::FrameKey::operator==(const FrameKey& o) const noexcept {
    const StoryFrame& a = frame;
    const StoryFrame& b = o.frame;
    return target == o.target && story == o.story && a.camera == b.camera && a.time_cursor == b.time_cursor &&
           a.window_begin == b.window_begin && a.slide == b.slide && a.slide_count == b.slide_count &&
           a.black == b.black && a.transitioning == b.transitioning && a.progress == b.progress &&
           view == o.view && look == o.look && pixel_ratio == o.pixel_ratio &&
           marker_radius_px == o.marker_radius_px && overlay == o.overlay && clusters == o.clusters &&
           dataset == o.dataset && filter == o.filter && selection == o.selection &&
           window.cursor == o.window.cursor && window.mode == o.window.mode && window.width == o.window.width &&
           hover == o.hover;
}

SlideFrameRenderer::FrameKey SlideFrameRenderer::key_of(const AppModel& model, const StoryPlayer& player,
                                                        const MapView& view, const SlideFrameOptions& options,
                                                        uint64_t target) {
    FrameKey k;
    k.target = target;
    k.story = player.story_serial();
    k.frame = player.current();
    k.view = view;
    k.look = options.look;
    k.pixel_ratio = options.pixel_ratio;
    k.marker_radius_px = options.marker_radius_px;
    k.overlay = options.overlay;
    k.clusters = options.clusters;
    k.dataset = model.dataset_version();
    k.filter = model.filter_version();
    k.selection = model.selection_version();
    k.window = model.window();
    k.hover = model.hover();
    return k;
}

bool SlideFrameRenderer::would_repeat_last_draw(const AppModel& model, const StoryPlayer& player, const MapView& view,
                                                const SlideFrameOptions& options, uint64_t target) const {
    if (target == 0 || last_.target != target) return false;
    const FrameKey now = key_of(model, player, view, options, target);
    // Mid-transition every frame moves on; the map's labels may still be riding along.
    if (now.frame.transitioning || !(now == last_)) return false;
    if (now.frame.black || !player.active() || !basemap_) return true;  // nothing of the map's
    if (!basemap_probe_) return false;
    static const std::vector<std::string> kAll;
    const Slide* slide = player.slide();
    return basemap_probe_(view, slide ? slide->visible_layers : kAll, last_cards_, *basemap_copy_);
}

MapView slide_frame_view(const MapView& camera, int width, int height, double pixel_ratio) {
    MapView view = camera;
    view.width_px = std::max(1, width);
    view.height_px = std::max(1, height);
    view.pixel_ratio = pixel_ratio > 0 ? pixel_ratio : std::max(1.0, view.height_px / 1080.0);
    return view;
}

void SlideFrameRenderer::draw(const AppModel& model, const StoryPlayer& player, const MapView& view,
                              const SlideFrameOptions& options, uint64_t target) {
    const int width = static_cast<int>(view.width_px), height = static_cast<int>(view.height_px);
    glViewport(0, 0, width, height);
    const StoryFrame frame = player.current();
    ++frames_drawn_;
    last_ = key_of(model, player, view, options, target);
    last_cards_.clear();

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
    // The card is laid out first, so that the map's labels keep clear of it.
    std::vector<std::array<float, 4>>& cards = last_cards_;
    if (options.overlay) {
        overlay_->build(make_slide_card(model.dataset(), player), width, height, options.look);
        const SlideOverlayLayout& l = overlay_->layout();
        for (const SlideOverlayLayout::Box& b : {l.title_panel, l.quote_card})
            if (b[2] > b[0] && b[3] > b[1]) cards.push_back(b);
    }
    if (basemap_) {
        static const std::vector<std::string> kAll;
        const Slide* slide = player.slide();
        basemap_(view, slide ? slide->visible_layers : kAll, cards, *basemap_copy_);
    }
    glViewport(0, 0, width, height);

    EventLayerStyle style;
    style.dark = is_dark(options.look);
    style.marker_radius_px = options.marker_radius_px;
    style.fade_seconds = slide_fade_seconds(frame.time_cursor, frame.window_begin);
    style.show_clusters = options.clusters;
    events_->draw(model, view, style);

    if (options.overlay) overlay_->draw(width, height);
    // Blending leaves alpha below 1 where translucent things were drawn: the frame
    // is a screen, opaque, so that the window shows it and an image of it alike.
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

bool present_frame(SlideFrameRenderer& frames, AppModel& model, StoryPlayer& player, StorySync& sync,
                   gl::RenderTarget& target, int width, int height, const SlideFrameOptions& options) {
    target.resize(width, height, 4);
    player.set_viewport(width, height);
    model.map_view = slide_frame_view(model.map_view, target.width(), target.height(), options.pixel_ratio);
    sync.apply(model, player);
    if (frames.would_repeat_last_draw(model, player, model.map_view, options, target.serial())) {
        frames.count_repeat();
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return false;
    }
    target.bind();
    frames.draw(model, player, model.map_view, options, target.serial());
    target.resolve();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return true;
}

}  // namespace atlas
