#include "render/snapshot.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>
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

Image render_tiled(const MapView& view, const SceneFn& scene, const SnapshotOptions& options) {
    const double w = std::round(view.width_px), h = std::round(view.height_px);
    if (!(w >= 1 && h >= 1 && w <= kMaxSnapshotSide && h <= kMaxSnapshotSide))
        throw Error("snapshot size " + std::to_string(static_cast<long long>(w)) + "x" +
                    std::to_string(static_cast<long long>(h)) + " is outside 1..16384 pixels a side");
    Image img;
    img.width = static_cast<int>(w);
    img.height = static_cast<int>(h);
    img.rgba.assign(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4, 0);
    const int tile = std::max(16, std::min(options.max_tile, gl::max_render_size()));
    const int tw = std::min(tile, img.width), th = std::min(tile, img.height);

    GLint prev_fbo = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    gl::RenderTarget target;
    target.resize(tw, th, options.samples);
    std::vector<uint8_t> buf(static_cast<size_t>(tw) * static_cast<size_t>(th) * 4);
    for (int y = 0; y < img.height; y += th) {
        for (int x = 0; x < img.width; x += tw) {
            // Edge tiles keep the full tile size (same rasterisation everywhere); only their used part is copied.
            SnapshotTile t{x, y, tw, th, img.width, img.height};
            target.bind();
            scene(tile_view(view, t), t);
            target.resolve();
            target.read_pixels(buf.data());
            const int cw = std::min(tw, img.width - x), ch = std::min(th, img.height - y);
            for (int row = 0; row < ch; ++row)
                std::memcpy(img.rgba.data() + (static_cast<size_t>(y + row) * static_cast<size_t>(img.width) + static_cast<size_t>(x)) * 4,
                            buf.data() + static_cast<size_t>(row) * static_cast<size_t>(tw) * 4, static_cast<size_t>(cw) * 4);
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    // The map is opaque: alpha carries no information, keep it exactly 255.
    for (size_t i = 3; i < img.rgba.size(); i += 4) img.rgba[i] = 255;
    return img;
}

Image render_map_snapshot(MapRenderer& map, const MapView& view, const MapTheme& theme, const OverlayOptions& overlays,
                          const SceneFn& extra, const SnapshotOptions& options) {
    TextBatch furniture;
    std::vector<std::array<float, 4>> covered;
    if (map.font()) covered = build_overlays(*map.font(), view, theme, overlays, furniture);
    PlacedLabels labels;
    map.place_labels(view, theme, labels, covered);
    return render_tiled(
        view,
        [&](const MapView& tv, const SnapshotTile& t) {
            map.clear_background(theme);
            map.draw_geometry(view, theme, t.x, t.y, t.width, t.height);
            map.draw_labels(labels, t.width, t.height, t.x, t.y);
            if (extra) extra(tv, t);
            if (map.font()) furniture.draw(*map.font(), t.width, t.height, t.x, t.y);
        },
        options);
}

namespace {
void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* p = static_cast<const uint8_t*>(data);
    out->insert(out->end(), p, p + size);
}
}  // namespace

std::vector<uint8_t> encode_png(const Image& image) {
    std::vector<uint8_t> out;
    if (image.width <= 0 || image.height <= 0) return out;
    // stb writes no timestamp or text chunk: the bytes depend only on the pixels.
    if (!stbi_write_png_to_func(append, &out, image.width, image.height, 4, image.rgba.data(), image.width * 4))
        throw Error("PNG encoding of a " + std::to_string(image.width) + "x" + std::to_string(image.height) + " image failed");
    return out;
}

void write_png(const Image& image, const std::filesystem::path& path) {
    const std::vector<uint8_t> bytes = encode_png(image);
    write_atomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace atlas
