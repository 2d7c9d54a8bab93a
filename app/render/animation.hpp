#pragma once
// Animations of the scene: the timeline played over a span (the cursor moving
// linearly from A to B), or a whole story with its transitions (StoryPlayer
// stepped at 1/fps, each slide held a while). Every frame is the scene of
// render/scene.hpp at the animation's size, as the map shows it on screen.
// Frames go to sinks: numbered PNG files, and an MP4 (H.264, yuv420p) made by
// piping raw RGBA frames to ffmpeg.
//
//   AnimationOptions o{...};
//   PngFrameWriter png("frames/");
//   Mp4Writer mp4("out.mp4", 1920, 1080, 30);
//   render_timeline(scene, model, {from, to, 10.0}, o, {&png, &mp4});
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"

namespace atlas {

class FrameSink {
public:
    virtual ~FrameSink() = default;
    // Frame `index` counts from 0.
    virtual void write(const Image& frame, size_t index) = 0;
    // Frame `index`, the very picture of the frame before it (`frame` holds
    // it: a story's slide held still). A sink may reuse what it made of that one.
    virtual void write_again(const Image& frame, size_t index) { write(frame, index); }
    // After the last frame; throws atlas::Error when the output is incomplete.
    virtual void finish() {}
};

// frame_00001.png, frame_00002.png, ... in `dir` (created when missing).
class PngFrameWriter : public FrameSink {
public:
    explicit PngFrameWriter(std::filesystem::path dir);
    void write(const Image& frame, size_t index) override;
    // A copy of the previous frame's file, not encoded again.
    void write_again(const Image& frame, size_t index) override;
    [[nodiscard]] static std::string file_name(size_t index);  // "frame_00001.png" for index 0
private:
    std::filesystem::path dir_;
};

// Whether an `ffmpeg` executable is on PATH.
[[nodiscard]] bool ffmpeg_available();

// Pipes frames to `ffmpeg -f rawvideo -pix_fmt rgba -s WxH -r FPS -i - -c:v libx264
// -pix_fmt yuv420p OUT` (odd sizes are padded by a pixel: yuv420p needs even ones).
// Throws atlas::Error when ffmpeg is not on PATH, cannot start, or fails; a video
// not finished (finish() not reached, or ffmpeg failing) is removed.
class Mp4Writer : public FrameSink {
public:
    Mp4Writer(std::filesystem::path out, int width, int height, double fps);
    ~Mp4Writer() override;
    Mp4Writer(const Mp4Writer&) = delete;
    Mp4Writer& operator=(const Mp4Writer&) = delete;
    void write(const Image& frame, size_t index) override;
    void finish() override;

private:
    std::filesystem::path out_;
    int width_, height_;
    FILE* pipe_ = nullptr;
};

struct AnimationOptions {
    double fps = 30;
    Theme theme{};
    SceneOverlays overlays;        // the title is replaced by each slide's in a story
    SnapshotOptions snapshot;
    // Stories: draw each frame as the presentation does (render/slide_frame.hpp:
    // the slide's title, caption, quotation card and progress mark, markers at
    // presentation size), with these TrueType fonts. Empty fonts, or frames
    // larger than the GPU renders in one pass: the scene with the slide's title
    // and caption as overlays.
    std::string slide_font_regular, slide_font_bold;
    // Called after each frame with (frames done, frames in all); may be empty.
    std::function<void(size_t, size_t)> progress;
};

struct TimelineSpan {
    TimePoint from = 0, to = 0;    // the cursor moves linearly from `from` to `to`
    double duration_s = 10;
};
// round(duration * fps) frames, at least one; the first at `from`, the last at `to`.
[[nodiscard]] size_t timeline_frame_count(const TimelineSpan& span, double fps);
[[nodiscard]] TimePoint timeline_cursor(const TimelineSpan& span, size_t frame, size_t count);

// The timeline played over the span at model.map_view (size and pixel ratio
// set by the caller), with the model's filter and window mode. Returns the
// frame count. The model's cursor is left at the span's end.
size_t render_timeline(SceneRenderer& scene, AppModel& model, const TimelineSpan& span, const AnimationOptions& options,
                       const std::vector<FrameSink*>& sinks);

// A whole story: each slide held `hold_s` seconds, moves between slides as the
// presentation makes them (StoryPlayer, stepped at 1/fps), at model.map_view's
// size. Returns the frame count. The model's state is restored afterwards when
// slide frames are drawn (StorySync), else left at the last slide.
inline constexpr double kDefaultSlideHoldSeconds = 3.0;
size_t render_story(SceneRenderer& scene, AppModel& model, const Story& story, const AnimationOptions& options,
                    const std::vector<FrameSink*>& sinks, double hold_s = kDefaultSlideHoldSeconds);

}  // namespace atlas
