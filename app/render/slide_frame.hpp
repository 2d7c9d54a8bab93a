#pragma once
// One frame of a presented story, at any size, into the bound framebuffer:
// the background, the basemap, the events (highlighted ones selected, the
// slide's categories and time window applied, newly passed events fading in)
// and the slide's words (render/slide_overlay.hpp). The presentation view
// draws its frames with this; the snapshot and animation exporters call the
// same function, so exported slides and frames match what the audience saw.
//
//   SlideFrameRenderer frames(font_regular, font_bold);   // needs a current GL 3.3 context
//   frames.set_basemap([&](const MapView& v, const std::vector<std::string>& layers, const auto& keep_clear,
//                          BasemapCopy& copy) {
//       draw_slide_basemap(map_renderer, v, Theme::Projector, layers, keep_clear, &copy); });
//   StoryPlayer player;  player.start(story);  StorySync sync;  sync.start(model);
//   model.map_view = slide_frame_view(model.map_view, 1920, 1080);
//   sync.apply(model, player);                             // the model, not the renderer, follows the story
//   target.resize(1920, 1080, 4);  target.bind();
//   frames.draw(model, player, model.map_view);            // then target.resolve()
//   player.update(1.0 / fps);                              // next frame of a transition
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/app_model.hpp"
#include "model/slide_view.hpp"
#include "model/story_player.hpp"
#include "render/slide_overlay.hpp"

namespace atlas {

class EventLayer;

// Draws the basemap for a view into the bound framebuffer (the caller picks the
// theme); `visible_layers` names the layers the slide shows (empty: all);
// `keep_clear` are the boxes of the slide's cards (x0, y0, x1, y1, image
// pixels), which no map label may cover; `copy` is the frame renderer's copy
// of the basemap it last drew, to put back when the map would paint the same
// again. draw_slide_basemap (render/slide_overlay.hpp) does this for a MapRenderer.
using SlideBasemapFn = std::function<void(const MapView& view, const std::vector<std::string>& visible_layers,
                                          const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy)>;
// Whether that draw, with these arguments, would put `copy` back: the map would
// paint what it painted at the copy and nothing drew with it since.
// slide_basemap_would_put_back (render/slide_overlay.hpp) answers it for a MapRenderer.
using SlideBasemapProbeFn =
    std::function<bool(const MapView& view, const std::vector<std::string>& visible_layers,
                       const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy)>;

struct SlideFrameOptions {
    Theme look = Theme::Projector;
    // Device pixels per logical pixel of the frame; 0: the frame's height over 1080
    // (at least 1), so a 4K projector shows what a 1080p one does, only sharper.
    double pixel_ratio = 0;
    float marker_radius_px = 12.0f;  // logical pixels: larger than at the desk
    bool overlay = true;             // the slide's words and the progress mark
    // Cluster badges where markers overlap (highlighted events are drawn above
    // them). Off: events inside a cluster are not drawn at all.
    bool clusters = true;
};

// The view of a slide frame width x height pixels: the camera of `camera`, and
// device pixels per logical pixel `pixel_ratio` (0: SlideFrameOptions' rule).
[[nodiscard]] MapView slide_frame_view(const MapView& camera, int width, int height, double pixel_ratio = 0);

class SlideFrameRenderer {
public:
    // Needs a current GL context. Throws atlas::Error when the font cannot be read.
    SlideFrameRenderer(const std::string& font_regular, const std::string& font_bold);
    ~SlideFrameRenderer();
    SlideFrameRenderer(const SlideFrameRenderer&) = delete;
    SlideFrameRenderer& operator=(const SlideFrameRenderer&) = delete;

    // With `would_put_back`, a frame that would repeat the last one exactly
    // need not be drawn (would_repeat_last_draw); without it, every frame is.
    void set_basemap(SlideBasemapFn f, SlideBasemapProbeFn would_put_back = {});
    // The events' GPU copy shared in this GL context (by default its own).
    void set_event_layer(std::shared_ptr<EventLayer> layer);

    // Draws what `player` shows now, the model's events as seen in `view`, into
    // the bound framebuffer of the view's size (it needs a stencil buffer:
    // gl::RenderTarget has one). Reads the model; StorySync::apply is the
    // caller's, before this.
    // `target`: RenderTarget::serial() of the framebuffer drawn into (0: not known).
    void draw(const AppModel& model, const StoryPlayer& player, const MapView& view,
              const SlideFrameOptions& options = {}, uint64_t target = 0);
    // Whether draw() with these arguments into `target` (RenderTarget::serial(),
    // not 0) would paint exactly what the last draw() painted there, which the
    // target still holds: the same story, slide and moment (not mid-transition),
    // view, options, events, filter, selection and time window, and a basemap
    // that would be put back unchanged. A presentation held still, or a story
    // export's held slide, then skips the frame.
    [[nodiscard]] bool would_repeat_last_draw(const AppModel& model, const StoryPlayer& player, const MapView& view,
                                              const SlideFrameOptions& options, uint64_t target) const;
    // Frames drawn, and frames skipped by present_frame as repeats.
    [[nodiscard]] uint64_t frames_drawn() const noexcept { return frames_drawn_; }
    [[nodiscard]] uint64_t frames_repeated() const noexcept { return frames_repeated_; }
    void count_repeat() noexcept { ++frames_repeated_; }

    [[nodiscard]] SlideOverlay& overlay() noexcept { return *overlay_; }
    // The basemap kept between frames (how many frames drew it and put it back).
    [[nodiscard]] const BasemapCopy& basemap_copy() const noexcept { return *basemap_copy_; }
    [[nodiscard]] const SlideOverlayLayout& layout() const noexcept { return overlay_->layout(); }

private:
    std::unique_ptr<SlideOverlay> overlay_;
    std::shared_ptr<EventLayer> events_;
    SlideBasemapFn basemap_;
    SlideBasemapProbeFn basemap_probe_;
    std::unique_ptr<BasemapCopy> basemap_copy_;

    // What a frame is drawn from, as far as it can change while a slide is shown.
    struct FrameKey {
        uint64_t target = 0, story = 0;
        StoryFrame frame;
        MapView view;
        Theme look = Theme::Projector;
        double pixel_ratio = 0;
        float marker_radius_px = 0;
        bool overlay = true, clusters = true;
        uint64_t dataset = 0, filter = 0, selection = 0;
        TimeWindow window;
        std::optional<uint32_t> hover;
        bool operator==(const FrameKey& o) const noexcept;
    };
    [[nodiscard]] static FrameKey key_of(const AppModel& model, const StoryPlayer& player, const MapView& view,
                                         const SlideFrameOptions& options, uint64_t target);
    FrameKey last_;                                  // target 0: nothing to repeat
    std::vector<std::array<float, 4>> last_cards_;  // the boxes the last frame's labels kept clear of
    uint64_t frames_drawn_ = 0, frames_repeated_ = 0;
};

namespace gl {
class RenderTarget;
}

// A frame as presenting shows it on a screen of width x height pixels, into
// `target` (resized): the player and the model's view sized to the screen, the
// story applied to the model through `sync`, then drawn and resolved, unless
// the target already holds exactly this frame (SlideFrameRenderer::
// would_repeat_last_draw). Returns whether it drew. The presentation view, the
// story export and `snapshot --presented` call this.
bool present_frame(SlideFrameRenderer& frames, AppModel& model, StoryPlayer& player, StorySync& sync,
                   gl::RenderTarget& target, int width, int height, const SlideFrameOptions& options = {});

}  // namespace atlas
