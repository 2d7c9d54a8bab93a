#include "render/snapshot.hpp"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <vector>

#include <algorithm>
#include <array>
#include <cstring>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace atlas {

MapView tile_view(const MapView& image, const SnapshotTile& t) {
    MapView v = image;
    const double mpp = image.metres_per_pixel();
    v.width_px = t.width;
    v.height_px = t.height;
    v.center.x = image.center.x + (t.x + t.width / 2.0 - image.width_px / 2.0) * mpp;
    v.center.y = image.center.y - (t.y + t.height / 2.0 - image.height_px / 2.0) * mpp;
    return v;
}

namespace {

constexpr size_t kBandBytes = size_t{64} << 20;

// The image size of `view`, checked against the limits.
void image_size(const MapView& view, int& width, int& height) {
    const double w = std::round(view.width_px), h = std::round(view.height_px);
    if (!(w >= 1 && h >= 1 && w <= kMaxSnapshotSide && h <= kMaxSnapshotSide))
        throw Error("snapshot size " + std::to_string(static_cast<long long>(w)) + "x" +
                    std::to_string(static_cast<long long>(h)) + " is outside 1..16384 pixels a side");
    width = static_cast<int>(w);
    height = static_cast<int>(h);
}

// PNG encoding through libpng, fed a band of rows at a time, handing the
// encoded bytes to a sink as they come (a vector, or a file being written).
// Deterministic: no time or text chunks, fixed compression level and filters.
// libpng reports errors by longjmp: every call into it goes through guarded(),
// which holds no C++ object that would need unwinding; an exception from the
// sink is kept and thrown again once libpng has returned.
class PngEncoder {
public:
    using Sink = std::function<void(const uint8_t* data, size_t n)>;
    // `alpha`: keep the alpha channel (RGBA); otherwise the image is opaque and written as RGB.
    PngEncoder(int width, int height, bool alpha, Sink sink)
        : width_(width), height_(height), alpha_(alpha), sink_(std::move(sink)) {
        png_ = png_create_write_struct(PNG_LIBPNG_VER_STRING, this, on_error, on_warning);
        if (png_) info_ = png_create_info_struct(png_);
        // A constructor that throws runs no destructor: libpng's state goes first.
        if (!png_ || !info_) {
            png_destroy_write_struct(&png_, &info_);
            fail("out of memory");
        }
        if (!guarded(&PngEncoder::start_c, nullptr, 0)) {
            png_destroy_write_struct(&png_, &info_);
            fail(error_);
        }
    }
    PngEncoder(const PngEncoder&) = delete;
    PngEncoder& operator=(const PngEncoder&) = delete;
    ~PngEncoder() { png_destroy_write_struct(&png_, &info_); }

    // `rows` rows of RGBA, top first, each `width` pixels tightly packed.
    void rows(const uint8_t* rgba, int rows) {
        if (!guarded(&PngEncoder::rows_c, rgba, rows)) fail(error_);
    }
    void finish() {
        if (!guarded(&PngEncoder::end_c, nullptr, 0)) fail(error_);
    }

private:
    using Step = void (*)(PngEncoder*, const uint8_t*, int);
    bool guarded(Step step, const uint8_t* rgba, int rows) {
        if (setjmp(png_jmpbuf(png_))) return false;
        step(this, rgba, rows);
        return true;
    }
    static void start_c(PngEncoder* self, const uint8_t*, int) {
        png_structp p = self->png_;
        png_set_write_fn(p, self, on_write, nullptr);
        png_set_IHDR(p, self->info_, static_cast<png_uint_32>(self->width_), static_cast<png_uint_32>(self->height_), 8,
                     self->alpha_ ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        // Level 3 with the Sub and Up filters: a 3840x2160 snapshot takes 1.28 s instead
        // of 1.72 s with level 6 and every filter tried per row, for a file of about
        // the same size (1.78 MB against 1.77 MB; the map's flat areas compress either way).
        png_set_compression_level(p, 3);
        png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
        png_write_info(p, self->info_);
        if (!self->alpha_) png_set_filler(p, 0, PNG_FILLER_AFTER);  // RGBA in, RGB out
    }
    static void rows_c(PngEncoder* self, const uint8_t* rgba, int rows) {
        const size_t stride = static_cast<size_t>(self->width_) * 4;
        for (int r = 0; r < rows; ++r)
            png_write_row(self->png_, const_cast<png_bytep>(rgba + static_cast<size_t>(r) * stride));
    }
    static void end_c(PngEncoder* self, const uint8_t*, int) { png_write_end(self->png_, nullptr); }

    static void on_write(png_structp p, png_bytep data, size_t n) {
        auto* self = static_cast<PngEncoder*>(png_get_io_ptr(p));
        try {
            self->sink_(data, n);
        } catch (...) {
            self->sink_error_ = std::current_exception();
        }
        // Outside the handler: libpng's longjmp must not skip the end of a catch.
        if (self->sink_error_) png_error(p, "the encoded bytes could not be written");
    }
    static void on_error(png_structp p, png_const_charp msg) {
        auto* self = static_cast<PngEncoder*>(png_get_error_ptr(p));
        std::snprintf(self->error_, sizeof self->error_, "%s", msg ? msg : "unknown error");
        png_longjmp(p, 1);
    }
    static void on_warning(png_structp, png_const_charp) {}

    [[noreturn]] void fail(const char* why) const {
        if (sink_error_) std::rethrow_exception(sink_error_);
        throw Error("PNG encoding of a " + std::to_string(width_) + "x" + std::to_string(height_) +
                    " image failed: " + why);
    }

    int width_, height_;
    bool alpha_;
    Sink sink_;
    std::exception_ptr sink_error_;
    png_structp png_ = nullptr;
    png_infop info_ = nullptr;
    char error_[256] = "unknown error";
};

// Encodes each band of rows on a thread while the renderer draws the next
// band, instead of the two waiting for each other: the band is copied (the
// renderer reuses its buffer), so memory grows by one band. The bytes and
// their order are those of encoding in line.
class EncoderBehind {
public:
    EncoderBehind(PngEncoder& png, int width) : png_(png), stride_(static_cast<size_t>(width) * 4) {}
    EncoderBehind(const EncoderBehind&) = delete;
    EncoderBehind& operator=(const EncoderBehind&) = delete;
    ~EncoderBehind() {
        if (job_.valid()) job_.wait();  // never leave a thread reading our buffer
    }
    void rows(const uint8_t* rgba, int rows) {
        wait();
        band_.assign(rgba, rgba + static_cast<size_t>(rows) * stride_);
        job_ = std::async(std::launch::async, [this, rows] { png_.rows(band_.data(), rows); });
    }
    // Waits for the band being encoded; its failure is thrown here.
    void wait() {
        if (job_.valid()) job_.get();
    }

private:
    PngEncoder& png_;
    size_t stride_;
    std::vector<uint8_t> band_;
    std::future<void> job_;
};

PngEncoder::Sink into(std::vector<uint8_t>& out) {
    return [&out](const uint8_t* data, size_t n) { out.insert(out.end(), data, data + n); };
}
PngEncoder::Sink into(AtomicFile& file) {
    return [&file](const uint8_t* data, size_t n) { file.write(std::string_view(reinterpret_cast<const char*>(data), n)); };
}

}  // namespace

void render_tiled_rows(const MapView& view, const SceneFn& scene, const SnapshotOptions& options, const RowSink& sink) {
    int width = 0, height = 0;
    image_size(view, width, height);
    // By default an image a screen could show is one tile, so that it holds the
    // screen's very pixels; larger ones go in small tiles.
    const int cap = options.max_tile > 0                                   ? options.max_tile
                    : std::max(width, height) <= kOneTileSide              ? std::max(width, height)
                    : static_cast<double>(width) * height <= kAutoTileArea ? kAutoTileSmall
                                                                           : kAutoTileLarge;
    const int tile = std::max(16, std::min(cap, gl::max_render_size()));
    // Automatic small tiles are twice as wide and half as tall (the same pixels,
    // so the same multisampled buffer): the band of rows waiting for the PNG
    // encoder is half as tall (a 3840x2160 image: 3.75 MiB instead of 7.5).
    const bool flat = options.max_tile <= 0 && cap == kAutoTileSmall && width > kAutoTileSmall &&
                      2 * kAutoTileSmall <= gl::max_render_size();
    // Tiles as wide as the cap allows; as tall as keeps one band of rows within
    // kBandBytes (a 16384-wide image: tiles 2048 x 1024, a 64 MiB band).
    const int band_rows = static_cast<int>(std::max<size_t>(16, kBandBytes / (static_cast<size_t>(width) * 4)));
    const int tw = std::min(flat ? 2 * tile : tile, width), th = std::min({flat ? tile / 2 : tile, height, band_rows});

    GLint prev_fbo = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    gl::RenderTarget target;
    target.resize(tw, th, options.samples);
    std::vector<uint8_t> buf(static_cast<size_t>(tw) * static_cast<size_t>(th) * 4);
    // One row of tiles at a time: memory grows with the image's width, not its area.
    std::vector<uint8_t> band(static_cast<size_t>(width) * static_cast<size_t>(th) * 4);
    for (int y = 0; y < height; y += th) {
        const int ch = std::min(th, height - y);
        for (int x = 0; x < width; x += tw) {
            // Edge tiles keep the full tile size (same rasterisation everywhere); only their used part is copied.
            SnapshotTile t{x, y, tw, th, width, height};
            target.bind();
            scene(tile_view(view, t), t);
            target.resolve();
            target.read_pixels(buf.data());
            const int cw = std::min(tw, width - x);
            for (int row = 0; row < ch; ++row)
                std::memcpy(band.data() + (static_cast<size_t>(row) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4,
                            buf.data() + static_cast<size_t>(row) * static_cast<size_t>(tw) * 4, static_cast<size_t>(cw) * 4);
        }
        // The map is opaque: alpha carries no information, keep it exactly 255.
        const size_t used = static_cast<size_t>(width) * static_cast<size_t>(ch) * 4;
        for (size_t i = 3; i < used; i += 4) band[i] = 255;
        sink(band.data(), y, ch);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
}

Image render_tiled(const MapView& view, const SceneFn& scene, const SnapshotOptions& options) {
    Image img;
    image_size(view, img.width, img.height);
    img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
    render_tiled_rows(view, scene, options, [&](const uint8_t* rgba, int first_row, int rows) {
        std::memcpy(img.rgba.data() + static_cast<size_t>(first_row) * static_cast<size_t>(img.width) * 4, rgba,
                    static_cast<size_t>(rows) * static_cast<size_t>(img.width) * 4);
    });
    return img;
}

std::vector<uint8_t> render_tiled_png(const MapView& view, const SceneFn& scene, const SnapshotOptions& options) {
    int width = 0, height = 0;
    image_size(view, width, height);
    std::vector<uint8_t> out;
    PngEncoder png(width, height, false, into(out));  // render_tiled_rows gives opaque rows
    EncoderBehind behind(png, width);
    render_tiled_rows(view, scene, options, [&](const uint8_t* rgba, int, int rows) { behind.rows(rgba, rows); });
    behind.wait();
    png.finish();
    return out;
}

void write_tiled_png(const MapView& view, const SceneFn& scene, const std::filesystem::path& path,
                     const SnapshotOptions& options) {
    int width = 0, height = 0;
    image_size(view, width, height);
    AtomicFile file(path);  // refuses an unwritable path before anything is drawn
    PngEncoder png(width, height, false, into(file));
    EncoderBehind behind(png, width);
    render_tiled_rows(view, scene, options, [&](const uint8_t* rgba, int, int rows) { behind.rows(rgba, rows); });
    behind.wait();
    png.finish();
    file.commit();
}

struct SnapshotBasemapReuse::Held {
    // What the basemap was drawn from.
    MapView view;
    const MapTheme* theme = nullptr;
    uint64_t revision = 0, options = 0;
    std::vector<std::array<float, 4>> covered;
    PlacedLabels labels;
    int draws = 0;           // whole-image tiles drawn from it
    gl::SampleCopy pixels;   // taken at the second
};

// The basemap's tile pass: labels and overlays laid out once for the whole image.
SceneFn map_snapshot_scene(MapRenderer& map, const MapView& view, const MapTheme& theme, const OverlayOptions& overlays,
                  const SceneFn& extra, SnapshotBasemapReuse* reuse) {
    auto furniture = std::make_shared<TextBatch>();
    std::vector<std::array<float, 4>> covered;
    if (map.font()) covered = build_overlays(*map.font(), view, theme, overlays, *furniture);
    std::shared_ptr<SnapshotBasemapReuse::Held> held;
    std::shared_ptr<PlacedLabels> labels;
    if (reuse) {
        held = reuse->held;
        const uint64_t options = map.options_hash();
        if (!held || held->view != view || held->theme != &theme || held->revision != map.revision() ||
            held->options != options || held->covered != covered) {
            held = std::make_shared<SnapshotBasemapReuse::Held>();
            held->view = view;
            held->theme = &theme;
            held->revision = map.revision();
            held->options = options;
            held->covered = covered;
            map.place_labels(view, theme, held->labels, covered);
            ++reuse->placed;
            reuse->held = held;
        }
        labels = std::shared_ptr<PlacedLabels>(held, &held->labels);
    } else {
        labels = std::make_shared<PlacedLabels>();
        map.place_labels(view, theme, *labels, covered);
    }
    return [&map, view, &theme, extra, furniture, labels, held, reuse](const MapView& tv, const SnapshotTile& t) {
        // One tile holding the whole image: its basemap can be kept.
        const bool whole = held && t.x == 0 && t.y == 0 && t.width == t.image_width && t.height == t.image_height;
        const int samples = whole ? gl::draw_framebuffer_samples() : 0;
        if (whole && held->pixels.put_back(t.width, t.height, samples)) {
            ++reuse->reused;
        } else {
            map.clear_background(theme);
            map.draw_geometry(view, theme, t.x, t.y, t.width, t.height);
            map.draw_labels(*labels, t.width, t.height, t.x, t.y);
            if (reuse) ++reuse->drawn;
            // Copied the second time (the view holds still): a copy of every
            // frame of a moving camera would only slow it.
            if (whole && ++held->draws == 2) held->pixels.take(t.width, t.height, samples);
        }
        if (extra) extra(tv, t);
        if (map.font()) furniture->draw(*map.font(), t.width, t.height, t.x, t.y);
    };
}

Image render_map_snapshot(MapRenderer& map, const MapView& view, const MapTheme& theme, const OverlayOptions& overlays,
                          const SceneFn& extra, const SnapshotOptions& options) {
    return render_tiled(view, map_snapshot_scene(map, view, theme, overlays, extra), options);
}

std::vector<uint8_t> render_map_snapshot_png(MapRenderer& map, const MapView& view, const MapTheme& theme,
                                             const OverlayOptions& overlays, const SceneFn& extra,
                                             const SnapshotOptions& options) {
    return render_tiled_png(view, map_snapshot_scene(map, view, theme, overlays, extra), options);
}

void write_map_snapshot_png(MapRenderer& map, const MapView& view, const MapTheme& theme, const OverlayOptions& overlays,
                            const SceneFn& extra, const std::filesystem::path& path, const SnapshotOptions& options) {
    write_tiled_png(view, map_snapshot_scene(map, view, theme, overlays, extra), path, options);
}

namespace {
bool opaque(const Image& image) {
    for (size_t i = 3; i < image.rgba.size(); i += 4)
        if (image.rgba[i] != 255) return false;
    return true;
}
}  // namespace

std::vector<uint8_t> encode_png(const Image& image) {
    if (image.width <= 0 || image.height <= 0) return {};
    std::vector<uint8_t> out;
    PngEncoder png(image.width, image.height, !opaque(image), into(out));
    png.rows(image.rgba.data(), image.height);
    png.finish();
    return out;
}

void write_png(const Image& image, const std::filesystem::path& path) {
    if (image.width <= 0 || image.height <= 0) {
        write_atomically(path, {});
        return;
    }
    AtomicFile file(path);
    PngEncoder png(image.width, image.height, !opaque(image), into(file));
    png.rows(image.rgba.data(), image.height);
    png.finish();
    file.commit();
}

}  // namespace atlas
