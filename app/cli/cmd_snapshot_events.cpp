// The events, the time window and stories in `almaty-atlas snapshot`: the
// scene hook the snapshot command calls once its basemap is loaded and framed,
// and the overlay options the scene adds to that command.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/overlay_flags.hpp"
#include "cli/scene_setup.hpp"
#include "cli/snapshot_scene.hpp"
#include "core/error.hpp"
#include "model/slide_view.hpp"
#include "model/story_player.hpp"
#include "render/fonts.hpp"
#include "render/gl.hpp"
#include "render/slide_frame.hpp"
#include "render/scene_tiles.hpp"
#include "render/slide_overlay.hpp"

namespace atlas::cli {

namespace {

size_t slide_index(const Story& story, int slide_1based) {
    if (story.slides.empty()) throw Error("story '" + story.id + "' has no slides");
    const int n = slide_1based < 0 ? 1 : slide_1based;
    if (n < 1 || static_cast<size_t>(n) > story.slides.size())
        throw Error("--slide " + std::to_string(n) + ": story '" + story.id + "' has slides 1.." +
                    std::to_string(story.slides.size()));
    return static_cast<size_t>(n - 1);
}

// --presented: the frame the presentation view draws for the slide on a
// screen of the requested size (render/slide_frame.hpp present_frame), with
// the basemap as the program sets it up (labels keep clear of the markers).
void presented_slide(const SnapshotRequest& rq, SnapshotScene& scene, std::shared_ptr<AppModel> model_ptr) {
    const Story& story = find_story(model_ptr->dataset(), rq.story);
    const size_t index = slide_index(story, rq.slide);
    MapRenderer* map = scene.map;
    map->set_label_obstacles(model_ptr->marker_positions());
    const int width = rq.width, height = rq.height;
    scene.frame = [model_ptr, map, story, index, width, height] {
        AppModel& model = *model_ptr;
        SlideFrameRenderer frames(find_ui_font(false), find_ui_font(true));
        frames.set_basemap([map](const MapView& v, const std::vector<std::string>& layers,
                                 const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy&) {
            draw_slide_basemap(*map, v, Theme::Projector, layers, keep_clear);
        });
        StoryPlayer player;
        player.set_viewport(width, height);
        player.start(story, index);
        StorySync sync;
        sync.start(model);
        gl::RenderTarget target;
        SlideFrameOptions options;
        options.look = Theme::Projector;
        present_frame(frames, model, player, sync, target, width, height, options);
        Image img;
        img.width = target.width();
        img.height = target.height();
        img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
        target.read_pixels(img.rgba.data());
        return img;
    };
    std::fprintf(stderr, "snapshot: slide %zu of %zu of story '%s' as presented\n", index + 1, story.slides.size(),
                 story.id.c_str());
}

}  // namespace

void register_snapshot_events(CLI::App& app, Context&) {
    CLI::App* sub = app.get_subcommand("snapshot");
    if (!sub) return;
    std::shared_ptr<OverlayFlags> flags = add_overlay_flags(*sub);

    set_snapshot_scene_hook([flags](const SnapshotRequest& rq, SnapshotScene& scene) {
        struct State {
            AppModel model;
            std::unique_ptr<SceneRenderer> renderer;
            SceneRenderer::TilePass pass;
            std::unique_ptr<ScopedSlideLayers> layers;  // the slide's layers while the image renders
        };
        auto st = std::make_shared<State>();
        const ProjectContents project = load_project_into(st->model, rq.project);
        if (scene.map) load_user_layers(*scene.map, project);
        AppModel& model = st->model;
        model.map_view = *scene.view;
        if (rq.presented) return presented_slide(rq, scene, std::shared_ptr<AppModel>(st, &st->model));

        // Framed on nothing in particular: frame the events, as the explorer opens.
        if (!rq.center && !rq.bbox && rq.layers.empty() && model.data_bounds().valid()) {
            const double zoom = model.map_view.zoom;
            model.map_view.fit(model.data_bounds(), 90 * model.map_view.pixel_ratio);
            if (rq.zoom) model.map_view.zoom = zoom;
        }
        std::string title = rq.title, caption;
        if (!rq.story.empty() || rq.slide >= 0) {
            const Story& story = find_story(model.dataset(), rq.story);
            const Slide& slide = story.slides[slide_index(story, rq.slide)];
            const MapView framed = model.map_view;
            apply_slide(model, slide);
            if (scene.map) st->layers = std::make_unique<ScopedSlideLayers>(*scene.map, slide.visible_layers);
            // A view asked for on the command line wins over the slide's camera.
            if (rq.center || rq.bbox) {
                model.map_view.center = framed.center;
                model.map_view.zoom = framed.zoom;
            }
            if (title.empty()) title = slide.title;
            caption = slide.caption;
        }
        if (!rq.time.empty()) apply_time(model, rq.time);
        if (!rq.window.empty()) apply_window(model, rq.window);
        *scene.view = model.map_view;

        SceneOverlays o;
        flags->fill(o);
        // The time as it was asked for: "up to March 2006" rather than its last second.
        if (!rq.time.empty() && rq.window.empty()) o.time_text = "up to " + describe_time(*parse_time(rq.time));
        o.title = title;
        o.caption = caption;
        st->renderer = std::make_unique<SceneRenderer>(scene.map);
        st->renderer->fade_seconds = 1;  // a still image: no fade-in of the latest events
        st->pass = make_tile_pass(*st->renderer, model, rq.style, o);
        // The basemap's furniture as the scene lays it out.
        *scene.overlays = st->pass.overlays;
        scene.draw = [st](const MapView& tv, const SnapshotTile& t) { st->pass.draw(tv, t); };
        std::fprintf(stderr, "snapshot: %zu of %zu events shown (%s)\n", model.visible_count(), model.event_count(),
                     describe_time_window(model).c_str());
    });
}

}  // namespace atlas::cli
