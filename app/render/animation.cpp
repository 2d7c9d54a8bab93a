#include "render/animation.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <memory>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "core/error.hpp"
#include "model/app_model.hpp"
#include "model/slide_view.hpp"
#include "model/story_player.hpp"
#include "render/gl.hpp"
#include "render/slide_frame.hpp"
#include "render/slide_overlay.hpp"
#include "render/style.hpp"

namespace atlas {
namespace fs = std::filesystem;

// [SECTION] PNG frames

PngFrameWriter::PngFrameWriter(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_)) throw Error(dir_.string(), 0, "cannot create the frames folder: " + ec.message());
}

std::string PngFrameWriter::file_name(size_t index) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "frame_%05zu.png", index + 1);
    return buf;
}

void PngFrameWriter::write(const Image& frame, size_t index) { write_png(frame, dir_ / file_name(index)); }

void PngFrameWriter::write_again(const Image& frame, size_t index) {
    std::error_code ec;
    const fs::path to = dir_ / file_name(index);
    if (index == 0 || !fs::copy_file(dir_ / file_name(index - 1), to, fs::copy_options::overwrite_existing, ec))
        write(frame, index);  // nothing to copy (or the copy failed): encoded, or an error naming the file
}

// [SECTION] MP4 through ffmpeg

bool ffmpeg_available() {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        const fs::path exe = fs::path(dir) / "ffmpeg";
        if (::access(exe.c_str(), X_OK) == 0 && !fs::is_directory(exe)) return true;
    }
    return false;
}

namespace {
std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}
}  // namespace

Mp4Writer::Mp4Writer(fs::path out, int width, int height, double fps) : out_(std::move(out)), width_(width), height_(height) {
    if (!ffmpeg_available())
        throw Error(out_.string(), 0,
                    "writing an MP4 needs ffmpeg on PATH (install the 'ffmpeg' package), or give a folder for PNG frames");
    if (!(fps > 0 && fps <= 240)) throw Error(out_.string(), 0, "frame rate must be in (0, 240]");
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.6g", fps);
    const std::string cmd = "ffmpeg -nostdin -y -loglevel error -f rawvideo -pix_fmt rgba -s " + std::to_string(width) + "x" +
                            std::to_string(height) + " -r " + rate +
                            " -i - -vf 'pad=ceil(iw/2)*2:ceil(ih/2)*2' -c:v libx264 -pix_fmt yuv420p " +
                            shell_quote(out_.string());
    pipe_ = ::popen(cmd.c_str(), "w");
    if (!pipe_) throw Error(out_.string(), 0, std::string("cannot start ffmpeg: ") + std::strerror(errno));
}

Mp4Writer::~Mp4Writer() {
    // Never finished (an error on the way): no half-written video is left behind.
    if (!pipe_) return;
    struct sigaction ignore{}, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    ::pclose(pipe_);
    ::sigaction(SIGPIPE, &previous, nullptr);
    std::error_code ec;
    fs::remove(out_, ec);
}

void Mp4Writer::write(const Image& frame, size_t index) {
    if (!pipe_) throw Error(out_.string(), 0, "frame written after the video was finished");
    if (frame.width != width_ || frame.height != height_)
        throw Error(out_.string(), 0, "frame " + std::to_string(index + 1) + " is " + std::to_string(frame.width) + "x" +
                                          std::to_string(frame.height) + ", the video " + std::to_string(width_) + "x" +
                                          std::to_string(height_));
    // A dead ffmpeg must not kill us with SIGPIPE: the write fails and we say so.
    struct sigaction ignore{}, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const size_t n = std::fwrite(frame.rgba.data(), 1, frame.rgba.size(), pipe_);
    ::sigaction(SIGPIPE, &previous, nullptr);
    if (n != frame.rgba.size()) {
        ::pclose(pipe_);
        pipe_ = nullptr;
        std::error_code ec;
        fs::remove(out_, ec);
        throw Error(out_.string(), 0, "ffmpeg stopped reading at frame " + std::to_string(index + 1));
    }
}

void Mp4Writer::finish() {
    if (!pipe_) return;
    struct sigaction ignore{}, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const int status = ::pclose(pipe_);
    ::sigaction(SIGPIPE, &previous, nullptr);
    pipe_ = nullptr;
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::error_code ec;
        fs::remove(out_, ec);
        throw Error(out_.string(), 0,
                    "ffmpeg failed (exit status " +
                        std::to_string(status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                        "); is libx264 available?");
    }
}

// [SECTION] Timeline

size_t timeline_frame_count(const TimelineSpan& span, double fps) {
    const double n = std::round(span.duration_s * fps);
    return n >= 1 && std::isfinite(n) ? static_cast<size_t>(n) : 1;
}

TimePoint timeline_cursor(const TimelineSpan& span, size_t frame, size_t count) {
    if (count <= 1) return span.to;
    const double f = static_cast<double>(frame) / static_cast<double>(count - 1);
    return span.from + static_cast<TimePoint>(std::llround(static_cast<double>(span.to - span.from) * f));
}

namespace {
void emit(const Image& img, size_t index, const std::vector<FrameSink*>& sinks) {
    for (FrameSink* s : sinks) s->write(img, index);
}
void emit_again(const Image& img, size_t index, const std::vector<FrameSink*>& sinks) {
    for (FrameSink* s : sinks) s->write_again(img, index);
}
void finish(const std::vector<FrameSink*>& sinks) {
    for (FrameSink* s : sinks) s->finish();
}
}  // namespace

size_t render_timeline(SceneRenderer& scene, AppModel& model, const TimelineSpan& span, const AnimationOptions& o,
                       const std::vector<FrameSink*>& sinks) {
    const size_t n = timeline_frame_count(span, o.fps);
    // New events fade in as they do on the explorer's timeline showing this span.
    model.timeline_begin = std::min(span.from, span.to);
    model.timeline_end = std::max(model.timeline_begin + 1, std::max(span.from, span.to));
    SnapshotBasemapReuse basemap;  // the camera stays: the basemap is drawn once
    for (size_t i = 0; i < n; ++i) {
        model.set_cursor(timeline_cursor(span, i, n));
        emit(scene.render(model, o.theme, o.overlays, o.snapshot, &basemap), i, sinks);
        if (o.progress) o.progress(i + 1, n);
    }
    finish(sinks);
    return n;
}

// [SECTION] Story

namespace {
// The presentation's frames (render/slide_frame.hpp), one per player state.
size_t render_story_slides(SceneRenderer& scene, AppModel& model, const Story& story, const AnimationOptions& o,
                           const std::vector<FrameSink*>& sinks, size_t hold) {
    const int w = static_cast<int>(std::lround(model.map_view.width_px));
    const int h = static_cast<int>(std::lround(model.map_view.height_px));
    SlideFrameRenderer frames(o.slide_font_regular, o.slide_font_bold);
    SlideFrameOptions fo;
    fo.look = o.theme;
    if (MapRenderer* map = scene.map()) {
        const Theme look = fo.look;
        frames.set_basemap([map, look](const MapView& v, const std::vector<std::string>& layers,
                                       const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy) {
            draw_slide_basemap(*map, v, look, layers, keep_clear, &copy);
        }, [map, look](const MapView& v, const std::vector<std::string>& layers,
                       const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy) {
            return slide_basemap_would_put_back(*map, v, look, layers, keep_clear, copy);
        });
    }
    StoryPlayer player;
    player.set_viewport(w, h);
    player.start(story, 0);
    StorySync sync;
    sync.start(model);
    const MapView explorer_view = model.map_view;
    GLint prev_fbo = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    gl::RenderTarget target;  // sized by present_frame, as the presentation's
    Image img;
    img.width = w;
    img.height = h;
    img.rgba.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    const double dt = 1.0 / o.fps;
    const size_t estimate =
        story.slides.size() * hold +
        (story.slides.size() - 1) * static_cast<size_t>(std::ceil(StoryPlayer::kMaxTransitionSeconds * o.fps));
    size_t index = 0;
    auto frame = [&] {
        // A slide held still is drawn once: the target, and `img`, still hold it.
        if (present_frame(frames, model, player, sync, target, w, h, fo) || index == 0) {
            target.read_pixels(img.rgba.data());
            for (size_t i = 3; i < img.rgba.size(); i += 4) img.rgba[i] = 255;  // opaque, as snapshots are
            emit(img, index++, sinks);
        } else {
            emit_again(img, index++, sinks);
        }
        if (o.progress) o.progress(index, std::max(index, estimate));
    };
    for (size_t s = 0; s < story.slides.size(); ++s) {
        if (s > 0) {
            player.next();
            while (player.transitioning()) {
                player.update(dt);
                frame();
            }
        }
        for (size_t k = 0; k < hold; ++k) frame();
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    sync.restore(model);
    model.map_view = explorer_view;
    finish(sinks);
    return index;
}
}  // namespace

size_t render_story(SceneRenderer& scene, AppModel& model, const Story& story, const AnimationOptions& o,
                    const std::vector<FrameSink*>& sinks, double hold_s) {
    if (story.slides.empty()) throw Error("story '" + story.id + "' has no slides");
    const double dt = 1.0 / o.fps;
    const auto hold = static_cast<size_t>(std::max(1.0, std::round(hold_s * o.fps)));
    const double w = model.map_view.width_px, h = model.map_view.height_px;
    if (!o.slide_font_regular.empty() && w <= gl::max_render_size() && h <= gl::max_render_size())
        return render_story_slides(scene, model, story, o, sinks, hold);
    StoryPlayer player;
    // Transitions are planned in logical pixels, as on the presentation screen.
    player.set_viewport(model.map_view.width_px / model.map_view.pixel_ratio,
                        model.map_view.height_px / model.map_view.pixel_ratio);
    player.start(story, 0);
    // An estimate for the progress callback: holds plus the longest transitions.
    const size_t estimate =
        story.slides.size() * hold +
        (story.slides.size() - 1) * static_cast<size_t>(std::ceil(StoryPlayer::kMaxTransitionSeconds * o.fps));
    size_t index = 0;
    std::unique_ptr<ScopedSlideLayers> layers;  // the slide's layers while its frames render
    SnapshotBasemapReuse basemap;               // a slide held still draws its basemap once
    auto frame = [&](const StoryFrame& f, const Slide& slide) {
        apply_story_frame(model, f.camera, f.time_cursor, f.window_begin, slide.cumulative);
        SceneOverlays ov = o.overlays;
        ov.title = slide.title;
        ov.caption = slide.caption;
        emit(scene.render(model, o.theme, ov, o.snapshot, &basemap), index, sinks);
        ++index;
        if (o.progress) o.progress(index, std::max(index, estimate));
    };
    for (size_t s = 0; s < story.slides.size(); ++s) {
        if (s > 0) {
            player.next();
            // The target slide's highlights, categories and layers from the start of the move.
            apply_slide(model, story.slides[s]);
            layers.reset();
            if (scene.map()) layers = std::make_unique<ScopedSlideLayers>(*scene.map(), story.slides[s].visible_layers);
            while (player.transitioning()) {
                player.update(dt);
                frame(player.current(), story.slides[s]);
            }
        } else {
            apply_slide(model, story.slides[0]);
            if (scene.map()) layers = std::make_unique<ScopedSlideLayers>(*scene.map(), story.slides[0].visible_layers);
        }
        for (size_t k = 0; k < hold; ++k) frame(player.current(), story.slides[s]);
    }
    finish(sinks);
    return index;
}

}  // namespace atlas
