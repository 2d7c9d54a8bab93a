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
#include "render/scene_tiles.hpp"

namespace atlas::cli {

void register_snapshot_events(CLI::App& app, Context&) {
    CLI::App* sub = app.get_subcommand("snapshot");
    if (!sub) return;
    std::shared_ptr<OverlayFlags> flags = add_overlay_flags(*sub);

    set_snapshot_scene_hook([flags](const SnapshotRequest& rq, SnapshotScene& scene) {
        struct State {
            AppModel model;
            std::unique_ptr<SceneRenderer> renderer;
            SceneRenderer::TilePass pass;
        };
        auto st = std::make_shared<State>();
        load_project_into(st->model, rq.project);
        AppModel& model = st->model;
        model.map_view = *scene.view;

        // Framed on nothing in particular: frame the events, as the explorer opens.
        if (!rq.center && !rq.bbox && rq.layers.empty() && model.data_bounds().valid()) {
            const double zoom = model.map_view.zoom;
            model.map_view.fit(model.data_bounds(), 90 * model.map_view.pixel_ratio);
            if (rq.zoom) model.map_view.zoom = zoom;
        }
        std::string title = rq.title, caption;
        if (!rq.story.empty() || rq.slide >= 0) {
            const Story& story = find_story(model.dataset(), rq.story);
            if (story.slides.empty()) throw Error("story '" + story.id + "' has no slides");
            const int n = rq.slide < 0 ? 1 : rq.slide;
            if (n < 1 || static_cast<size_t>(n) > story.slides.size())
                throw Error("--slide " + std::to_string(n) + ": story '" + story.id + "' has slides 1.." +
                            std::to_string(story.slides.size()));
            const Slide& slide = story.slides[static_cast<size_t>(n - 1)];
            const MapView framed = model.map_view;
            apply_slide(model, slide, scene.map);
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
