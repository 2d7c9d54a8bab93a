// almaty-atlas snapshot: renders the map offscreen (EGL with no display, or a
// hidden window under xvfb-run) to a PNG of any size up to 16384 pixels a side.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <sstream>

#include "render/fonts.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/scene_setup.hpp"
#include "cli/snapshot_scene.hpp"
#include "core/error.hpp"
#include "core/paths.hpp"
#include "geo/geojson.hpp"
#include "geo/shapefile.hpp"

namespace atlas::cli {
namespace fs = std::filesystem;

namespace {
SnapshotSceneHook& scene_hook() {
    static SnapshotSceneHook hook;
    return hook;
}


bool parse_size(const std::string& s, int& w, int& h) { return cli::parse_size(s, w, h, kMaxSnapshotSide); }
}  // namespace

void set_snapshot_scene_hook(SnapshotSceneHook hook) { scene_hook() = std::move(hook); }

int run_snapshot(const SnapshotRequest& rq, const OffscreenGlFactory& offscreen_gl) {
    const auto t0 = std::chrono::steady_clock::now();
    // Phase times for --timings (milliseconds since the last mark).
    auto last = t0;
    std::string phases;
    auto mark = [&](const char* what) {
        const auto now = std::chrono::steady_clock::now();
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s%s %.0f ms", phases.empty() ? "" : ", ", what,
                      std::chrono::duration<double, std::milli>(now - last).count());
        phases += buf;
        last = now;
    };
    // The basemap's shapefiles are read on another thread meanwhile.
    std::future<FolderLayers> basemap_read = read_basemap();
    const std::unique_ptr<OffscreenGl> context = offscreen_gl();
    mark("OpenGL context");
    MapRendererOptions mo;
    if (rq.labels) {
        mo.font_regular = find_ui_font(false);
        mo.font_bold = find_ui_font(true);
        if (mo.font_regular.empty()) std::fprintf(stderr, "snapshot: %s: labels left out\n", missing_font_message().c_str());
    }
    MapRenderer map(mo);
    map.set_language(rq.language);
    map.set_labels_enabled(rq.labels);
    mark("map renderer (shaders, label font)");

    // The embedded basemap: every shapefile in geodata/, in name order.
    FolderLayers read = basemap_read.get();
    const double waited = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - last).count();
    add_basemap(map, std::move(read), "snapshot: ");
    const size_t basemap_layers = map.layer_count();
    {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%sbasemap %.0f ms (waiting for the reading thread %.0f, geometry %.0f)",
                      phases.empty() ? "" : ", ",
                      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - last).count(), waited,
                      map.stats().total_build_ms);
        phases += buf;
        last = std::chrono::steady_clock::now();
    }
    for (const std::string& f : rq.layers) {
        // A layer the user asked for: failing to read it is an error. A GeoJSON
        // file mixing kinds of geometry is a layer of each.
        for (Layer& l : load_map_layers(f)) {
            for (const auto& w : l.warnings.items) std::fprintf(stderr, "%s\n", w.str().c_str());
            map.add_layer(std::move(l));
        }
    }

    MapView view;
    view.width_px = rq.width;
    view.height_px = rq.height;
    view.pixel_ratio = rq.dpi / 96.0;
    if (rq.bbox) {
        view.fit(*rq.bbox, 0);
    } else if (rq.center) {
        view.set_camera({rq.center->lat, rq.center->lon, rq.zoom.value_or(13.0)});
    } else if (map.layer_count() > basemap_layers) {
        // Extra layers given: frame them.
        BoundsLL b;
        for (size_t i = basemap_layers; i < map.layer_count(); ++i) {
            const BoundsLL& lb = map.layer_bounds(i);
            if (!lb.valid()) continue;
            b.extend(lb.min_lon, lb.min_lat);
            b.extend(lb.max_lon, lb.max_lat);
        }
        view.fit(b, 24 * view.pixel_ratio);
    } else {
        map.fit_all(view);
    }
    if (rq.zoom && !rq.center && !rq.bbox) view.zoom = std::clamp(*rq.zoom, MapView::kMinZoom, MapView::kMaxZoom);

    OverlayOptions overlays;
    overlays.title = rq.title;
    overlays.attribution = default_attribution();
    SnapshotScene scene{&view, &overlays, &map, {}, {}, {}};
    if (scene_hook()) {
        scene_hook()(rq, scene);
    } else {
        // No event layer is linked in: say what the image does not show.
        if (!rq.project.empty()) scene.not_drawn.push_back("events of " + rq.project);
        if (!rq.time.empty()) scene.not_drawn.push_back("--time " + rq.time);
        if (!rq.window.empty()) scene.not_drawn.push_back("--window " + rq.window);
        if (!rq.story.empty() || rq.slide >= 0 || rq.presented) scene.not_drawn.push_back("--story/--slide/--presented");
    }
    for (const auto& s : scene.not_drawn) std::fprintf(stderr, "snapshot: not drawn yet: %s\n", s.c_str());
    mark("project and events");

    SnapshotOptions so;
    so.samples = rq.samples;
    so.max_tile = rq.max_tile;
    int width = 0, height = 0;
    if (scene.frame) {
        const Image img = scene.frame();
        write_png(img, rq.out);
        width = img.width;
        height = img.height;
    } else {
        // Band by band into the file: a 16384² image never sits in memory whole.
        write_map_snapshot_png(map, view, theme(rq.style), overlays, scene.draw, rq.out, so);
        width = static_cast<int>(std::lround(view.width_px));
        height = static_cast<int>(std::lround(view.height_px));
    }
    mark("drawing and PNG");
    {
        char buf[128];
        std::snprintf(buf, sizeof buf, " (of which geometry sent to the GPU %.0f ms: %.1f MB in %zu chunks)",
                      map.stats().total_upload_ms, static_cast<double>(map.stats().gpu_bytes) / 1e6,
                      map.stats().chunks_uploaded);
        phases += buf;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rq.timings) std::fprintf(stderr, "snapshot: timings: %s\n", phases.c_str());
    std::fprintf(stderr, "snapshot: %s %dx%d, %zu layers, %.2f s (%s)\n", rq.out.c_str(), width, height,
                 map.layer_count(), secs, context->description().c_str());
    return kOk;
}

void register_snapshot(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("snapshot", "Render the map to a PNG without showing a window");
    auto rq = std::make_shared<SnapshotRequest>();
    auto size = std::make_shared<std::string>("1600x1000");
    auto center = std::make_shared<std::string>();
    auto bbox = std::make_shared<std::string>();
    auto style = std::make_shared<std::string>("light");
    auto lang = std::make_shared<std::string>("en");
    auto zoom = std::make_shared<double>(0);
    sub->add_option("project", rq->project, "Project file (*.atlas); default: the embedded Almaty dataset");
    sub->add_option("--out,-o", rq->out, "PNG file to write")->required();
    sub->add_option("--size", *size, "Image size WxH in pixels, each side 1..16384 (default 1600x1000)");
    sub->add_option("--center", *center, "Centre LAT,LON (with --zoom)");
    auto* zopt = sub->add_option("--zoom", *zoom, "Web-map zoom level (3..20)");
    sub->add_option("--bbox", *bbox, "Frame W,S,E,N (degrees)");
    auto* sopt = sub->add_option("--style", *style, "light, dark or projector");
    sub->add_option("--lang", *lang, "Label language: en, ru or kk");
    sub->add_option("--layer", rq->layers, "Extra layer, a shapefile or a GeoJSON file (repeatable); OSM free-shapefile layers are styled by fclass");
    sub->add_option("--dpi", rq->dpi, "Dots per inch: 96 is the screen; 300 scales lines, symbols and type for print");
    sub->add_option("--time", rq->time, "Show the events at this time");
    sub->add_option("--window", rq->window, "Show the events in the time window A/B");
    sub->add_option("--story", rq->story, "Story to take the view from");
    sub->add_option("--slide", rq->slide, "Slide number of the story, from 1 (default story: the project's first)")
        ->check(CLI::Range(1, 100000));
    sub->add_flag("--presented", rq->presented,
                  "The slide (--story, --slide) exactly as presenting shows it on a screen of --size: the projector "
                  "look, the slide's words and progress mark");
    sub->add_option("--title", rq->title, "Title written on the image");
    sub->add_flag("!--no-labels", rq->labels, "Leave out map labels");
    sub->add_flag("--timings", rq->timings, "Say where the time went, phase by phase (on standard error)");
    sub->add_option("--samples", rq->samples, "Multisampling (1..16, default 4; at most what the driver offers)");
    sub->add_option("--tile", rq->max_tile, "Largest tile side in pixels, at least 64 (default: one tile up to 2048 a side, else tiles of 1024x256, or 1024x1024 past 16 megapixels)");
    sub->callback([&ctx, rq, size, center, bbox, style, lang, zoom, zopt, sopt] {
        auto usage = [&](const std::string& msg) {
            std::fprintf(stderr, "almaty-atlas snapshot: %s\n", msg.c_str());
            ctx.exit_code = kUsageError;
        };
        if (!parse_size(*size, rq->width, rq->height))
            return usage("--size '" + *size + "': expected WxH with each side 1..16384");
        std::vector<double> v;
        if (!center->empty()) {
            if (!parse_numbers(*center, v, 2) || std::fabs(v[0]) > 90 || std::fabs(v[1]) > 180)
                return usage("--center '" + *center + "': expected LAT,LON in degrees");
            rq->center = LatLon{v[0], v[1]};
        }
        if (zopt->count() > 0) {
            if (!(*zoom >= MapView::kMinZoom && *zoom <= MapView::kMaxZoom)) return usage("--zoom: expected 3..20");
            rq->zoom = *zoom;
        }
        if (!bbox->empty()) {
            if (!parse_numbers(*bbox, v, 4) || v[0] >= v[2] || v[1] >= v[3])
                return usage("--bbox '" + *bbox + "': expected W,S,E,N with W<E and S<N");
            BoundsLL b;
            b.extend(v[0], v[1]);
            b.extend(v[2], v[3]);
            rq->bbox = b;
        }
        if (rq->center && rq->bbox) return usage("--center and --bbox both frame the view: give one");
        if (rq->presented) {
            // The frame presenting draws: its camera, time and look are the slide's.
            for (const auto& [given, name] : {std::pair{rq->center.has_value(), "--center"}, {rq->bbox.has_value(), "--bbox"},
                                              {zopt->count() > 0, "--zoom"}, {!rq->time.empty(), "--time"},
                                              {!rq->window.empty(), "--window"}, {!rq->title.empty(), "--title"},
                                              {!rq->layers.empty(), "--layer"}})
                if (given) return usage(std::string("--presented shows the slide as presented: ") + name + " does not apply");
            if (sopt->count() > 0 && *style != "projector") return usage("--presented uses the projector look, as presenting does: leave out --style");
            if (rq->width > 8192 || rq->height > 8192) return usage("--presented: the screen is at most 8192 pixels a side");
        }
        if (!parse_theme(*style, rq->style)) return usage("--style '" + *style + "': expected light, dark or projector");
        if (!parse_language(*lang, rq->language)) return usage("--lang '" + *lang + "': expected en, ru or kk");
        if (!(rq->dpi >= 24 && rq->dpi <= 1200)) return usage("--dpi: expected 24..1200");
        if (rq->samples < 1 || rq->samples > 16) return usage("--samples: expected 1..16");
        if (rq->max_tile != 0 && rq->max_tile < 64) return usage("--tile: expected at least 64");
        run_reporting(ctx, "almaty-atlas snapshot: ", [&] { return run_snapshot(*rq, [&ctx] { return ctx.offscreen_gl(); }); });
    });
}

}  // namespace atlas::cli
