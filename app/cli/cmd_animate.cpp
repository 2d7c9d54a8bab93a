// almaty-atlas animate [FILE.atlas] --out DIR|FILE.mp4 --size WxH --fps N
//                      (--from A --to B --duration S | --story NAME) [--frames DIR]
//                      [--center LAT,LON --zoom Z | --bbox W,S,E,N] [--window-width DAYS]
//                      [--style NAME] [--dpi N] [--title T] [--no-slide-frames] [overlay flags]
// Renders the timeline playback over a span, or a whole story with its
// transitions, without showing a window: numbered PNG frames, or an MP4
// (H.264) made by ffmpeg from frames piped to it.
#include <algorithm>
#include <chrono>
#include <future>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "render/fonts.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/overlay_flags.hpp"
#include "cli/scene_setup.hpp"
#include "core/error.hpp"
#include "model/story_player.hpp"
#include "render/animation.hpp"
#include "render/map_renderer.hpp"

namespace atlas::cli {
namespace fs = std::filesystem;

namespace {

struct AnimateArgs {
    std::string project, out, frames_dir;
    std::string size = "1280x720";
    double fps = 30;
    std::string from, to;
    double duration = 10;
    std::string story;
    double hold = kDefaultSlideHoldSeconds;
    std::optional<double> window_days;  // a sliding window of this many days (none: cumulative)
    std::string center, bbox;
    double zoom = 0;
    bool zoom_given = false;
    std::string style = "light";
    double dpi = 96;
    std::string title;
    int samples = 4;
    bool slide_frames = true;        // stories drawn as the presentation draws them
    std::shared_ptr<OverlayFlags> overlays;
};

bool parse_size(const std::string& s, int& w, int& h) { return cli::parse_size(s, w, h, kMaxSnapshotSide); }

// Limits on what one run may produce, checked before the first frame so that a
// mistyped number never runs until the disk is full.
constexpr double kMaxVideoSeconds = 3600;     // --duration
constexpr double kMaxHoldSeconds = 600;       // --hold, per slide
constexpr double kMaxWindowDays = 36500;      // --window-width
constexpr double kMaxFrames = 108000;         // an hour at 30 fps
constexpr double kMaxPixels = 4.0e11;         // frames x width x height: an hour of 1080p at 50 fps

void refuse_oversize(double frames, int width, int height) {
    const double pixels = frames * width * height;
    if (frames > kMaxFrames || pixels > kMaxPixels) {
        char why[256];
        std::snprintf(why, sizeof why,
                      "the animation would have %.0f frames of %dx%d; the limit is %.0f frames and %.0f "
                      "gigapixels in all: lower --fps, --duration, --hold or --size",
                      frames, width, height, kMaxFrames, kMaxPixels / 1e9);
        throw CLI::ValidationError("--out", why);
    }
}

TimePoint begin_of(const std::string& option, const std::string& text) {
    std::string why;
    auto t = parse_time(text, &why);
    if (!t) throw CLI::ValidationError(option, "cannot read the date '" + text + "'" + (why.empty() ? "" : ": " + why));
    return t->begin;
}

int run_animate(const AnimateArgs& a, const Context& ctx) {
    int width = 0, height = 0;
    if (!parse_size(a.size, width, height))
        throw CLI::ValidationError("--size", "'" + a.size + "': expected WxH with each side 1..16384");
    if (!(a.fps > 0 && a.fps <= 240)) throw CLI::ValidationError("--fps", "expected a rate in (0, 240]");
    if (!(a.dpi >= 24 && a.dpi <= 1200)) throw CLI::ValidationError("--dpi", "expected 24..1200");
    Theme theme_id{};
    if (!parse_theme(a.style, theme_id)) throw CLI::ValidationError("--style", "expected light, dark or projector");
    const bool story_mode = !a.story.empty();
    if (story_mode && (!a.from.empty() || !a.to.empty()))
        throw CLI::ValidationError("--story", "plays a story: leave out --from/--to");
    if (!story_mode && !(a.duration > 0 && a.duration <= kMaxVideoSeconds))
        throw CLI::ValidationError("--duration", "expected seconds in (0, 3600]");
    if (!(a.hold > 0 && a.hold <= kMaxHoldSeconds)) throw CLI::ValidationError("--hold", "expected seconds in (0, 600]");
    if (a.window_days && !(std::isfinite(*a.window_days) && *a.window_days > 0 && *a.window_days <= kMaxWindowDays))
        throw CLI::ValidationError("--window-width", "expected days in (0, 36500]");
    if (!(a.samples >= 1 && a.samples <= 16)) throw CLI::ValidationError("--samples", "expected 1..16");
    if (!story_mode) refuse_oversize(a.duration * a.fps, width, height);
    const bool mp4 = fs::path(a.out).extension() == ".mp4";
    // Fail before any rendering when the MP4 cannot be made.
    if (mp4 && !ffmpeg_available())
        throw Error(a.out, 0, "writing an MP4 needs ffmpeg on PATH (install the 'ffmpeg' package), or give a folder for PNG frames");

    const auto t0 = std::chrono::steady_clock::now();
    std::future<FolderLayers> basemap = read_basemap();  // meanwhile: the project, the GL context, the shaders
    AppModel model;
    const ProjectContents project = load_project_into(model, a.project);

    const std::unique_ptr<OffscreenGl> context = ctx.offscreen_gl();
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    MapRenderer map(mo);
    add_basemap(map, basemap.get(), "animate: ");
    load_user_layers(map, project);

    MapView& view = model.map_view;
    view.width_px = width;
    view.height_px = height;
    view.pixel_ratio = a.dpi / 96.0;
    std::vector<double> v;
    if (!a.bbox.empty()) {
        if (!parse_numbers(a.bbox, v, 4) || v[0] >= v[2] || v[1] >= v[3])
            throw CLI::ValidationError("--bbox", "'" + a.bbox + "': expected W,S,E,N with W<E and S<N");
        BoundsLL b;
        b.extend(v[0], v[1]);
        b.extend(v[2], v[3]);
        view.fit(b, 0);
    } else if (!a.center.empty()) {
        if (!parse_numbers(a.center, v, 2) || std::fabs(v[0]) > 90 || std::fabs(v[1]) > 180)
            throw CLI::ValidationError("--center", "'" + a.center + "': expected LAT,LON in degrees");
        view.set_camera({v[0], v[1], a.zoom_given ? a.zoom : 13.0});
    } else {
        // As the snapshot command and the explorer open: the events framed, else the basemap.
        if (model.data_bounds().valid())
            view.fit(model.data_bounds(), 90 * view.pixel_ratio);
        else
            map.fit_all(view);
        if (a.zoom_given) view.zoom = std::clamp(a.zoom, MapView::kMinZoom, MapView::kMaxZoom);
    }

    AnimationOptions o;
    o.fps = a.fps;
    o.theme = theme_id;
    a.overlays->fill(o.overlays);
    o.overlays.title = a.title;
    o.snapshot.samples = std::clamp(a.samples, 1, 16);
    if (a.slide_frames) {
        o.slide_font_regular = mo.font_regular;
        o.slide_font_bold = mo.font_bold;
    }
    o.progress = [](size_t done, size_t all) {
        if (done % 25 == 0) std::fprintf(stderr, "animate: frame %zu of ~%zu\n", done, all);
    };

    std::unique_ptr<PngFrameWriter> png;
    std::unique_ptr<Mp4Writer> video;
    std::vector<FrameSink*> sinks;
    if (mp4) {
        video = std::make_unique<Mp4Writer>(a.out, width, height, a.fps);
        sinks.push_back(video.get());
        if (!a.frames_dir.empty()) png = std::make_unique<PngFrameWriter>(a.frames_dir);
    } else {
        png = std::make_unique<PngFrameWriter>(a.frames_dir.empty() ? a.out : a.frames_dir);
    }
    if (png) sinks.push_back(png.get());

    SceneRenderer scene(&map);
    size_t frames = 0;
    if (story_mode) {
        const Story& story = find_story(model.dataset(), a.story);
        // Holds plus the longest transitions: the most frames the story can take.
        const double slides = static_cast<double>(story.slides.size());
        refuse_oversize(slides * std::max(1.0, std::round(a.hold * a.fps)) +
                            std::max(0.0, slides - 1) * std::ceil(StoryPlayer::kMaxTransitionSeconds * a.fps),
                        width, height);
        frames = render_story(scene, model, story, o, sinks, a.hold);
    } else {
        if (a.window_days) {
            TimeWindow w = model.window();
            w.mode = WindowMode::Sliding;
            w.width = static_cast<TimePoint>(std::llround(*a.window_days * 86400));
            model.set_window(w);
        }
        TimelineSpan span;
        span.from = a.from.empty() ? model.data_begin() : begin_of("--from", a.from);
        span.to = a.to.empty() ? model.data_end() : cursor_for(a.to);
        span.duration_s = a.duration;
        if (span.to < span.from) throw CLI::ValidationError("--to", "the span ends before it begins");
        frames = render_timeline(scene, model, span, o, sinks);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "animate: %zu frames %dx%d at %g fps to %s in %.1f s (%s)\n", frames, width, height, a.fps,
                 a.out.c_str(), secs, context->description().c_str());
    return kOk;
}

}  // namespace

void register_animate(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("animate", "Render the timeline playback or a story to PNG frames or an MP4");
    auto a = std::make_shared<AnimateArgs>();
    sub->add_option("project", a->project, "Project file (*.atlas); default: the embedded Almaty dataset");
    sub->add_option("--out,-o", a->out, "Folder for numbered PNG frames, or FILE.mp4 (needs ffmpeg)")->required();
    sub->add_option("--frames", a->frames_dir, "With an .mp4 --out: keep the PNG frames in this folder too");
    sub->add_option("--size", a->size, "Frame size WxH in pixels (default 1280x720)");
    sub->add_option("--fps", a->fps, "Frames per second (default 30)");
    sub->add_option("--from", a->from, "Timeline: the cursor's start (default: the first event)");
    sub->add_option("--to", a->to, "Timeline: the cursor's end (default: the last event)");
    sub->add_option("--duration", a->duration, "Timeline: seconds of video from --from to --to (default 10)");
    sub->add_option("--window-width", a->window_days, "Timeline: a sliding window of this many days, more than 0 (default: cumulative)");
    sub->add_option("--story", a->story, "Play this story (id or title) with its transitions");
    sub->add_option("--hold", a->hold, "Story: seconds each slide stays still, up to 600 (default 3)");
    sub->add_flag("!--no-slide-frames", a->slide_frames,
                  "Story: draw the map with the overlay flags instead of the presentation's slide frames");
    sub->add_option("--center", a->center, "Centre LAT,LON (with --zoom)");
    auto* zopt = sub->add_option("--zoom", a->zoom, "Web-map zoom level (3..20)");
    sub->add_option("--bbox", a->bbox, "Frame W,S,E,N (degrees)");
    sub->add_option("--style", a->style, "light, dark or projector");
    sub->add_option("--dpi", a->dpi, "Dots per inch: 96 is the screen");
    sub->add_option("--title", a->title, "Title written on every frame (a story shows its slides' titles)");
    sub->add_option("--samples", a->samples, "Multisampling (1..16, default 4; at most what the driver offers)");
    a->overlays = add_overlay_flags(*sub);
    sub->callback([&ctx, a, zopt] {
        a->zoom_given = zopt->count() > 0;
        try {
            ctx.exit_code = run_animate(*a, ctx);
        } catch (const CLI::ValidationError& e) {
            std::fprintf(stderr, "almaty-atlas animate: %s\n", e.what());
            ctx.exit_code = kUsageError;
        } catch (const Error& e) {
            std::fprintf(stderr, "almaty-atlas animate: %s\n", e.what());
            ctx.exit_code = kDataError;
        }
    });
}

}  // namespace atlas::cli
