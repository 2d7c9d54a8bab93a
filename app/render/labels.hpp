#pragma once
// Map text: a glyph atlas of our own baked with stb_truetype (DejaVu Sans with
// Latin, Cyrillic and Kazakh letters, at a few sizes) in a texture of our own,
// screen-space text batches drawn with our own shader (so offscreen snapshots
// contain them), and label placement without overlaps. Nothing here is ImGui's.
//
// Placement runs in the pixel frame of the whole image (a snapshot's full size,
// or the map panel), once per view change; drawing a placed set into a tile of
// that image only shifts it, so labels neither clip nor repeat at tile seams.
#include <glad/gl.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/gl.hpp"
#include "render/style.hpp"
#include "core/utf8.hpp"

namespace atlas {

// Upper case for Latin, Latin-1, Cyrillic and Kazakh letters; others unchanged.
[[nodiscard]] char32_t to_upper(char32_t c) noexcept;

class LabelFont {
public:
    // Needs a current GL context. Throws atlas::Error when the regular face cannot be read;
    // an empty `bold_ttf` uses the regular face for bold. With a `cache_dir`, the
    // packed atlas (glyph boxes and mipmapped pixels) is kept there between runs,
    // named by a hash of the fonts' bytes and the packing's settings.
    LabelFont(const std::string& regular_ttf, const std::string& bold_ttf, const std::filesystem::path& cache_dir = {});
    ~LabelFont();
    LabelFont(const LabelFont&) = delete;
    LabelFont& operator=(const LabelFont&) = delete;

    struct Glyph {
        float x0, y0, x1, y1;  // quad relative to the pen, y down from the baseline, in pixels at `px`
        float u0, v0, u1, v1;
        float advance;
        bool visible;
    };
    // A glyph at size `px` (the nearest baked face is scaled); falls back to '?' when missing.
    [[nodiscard]] Glyph glyph(char32_t c, float px, bool bold) const;
    [[nodiscard]] bool has_glyph(char32_t c) const;
    [[nodiscard]] float advance(std::u32string_view text, float px, bool bold, float spacing_em = 0) const;
    [[nodiscard]] float ascent(float px) const;   // baseline below the top of a line
    [[nodiscard]] float descent(float px) const;  // negative
    [[nodiscard]] GLuint texture() const noexcept { return texture_.id(); }
    [[nodiscard]] float white_u() const noexcept { return white_u_; }
    [[nodiscard]] float white_v() const noexcept { return white_v_; }
    // The program TextBatch draws with (compiled on first use, freed with the font).
    [[nodiscard]] const gl::Program& text_program() const;

private:
    static constexpr int kFaces = 4;
    // Baked sizes: text is drawn from the nearest size at or above (mipmapped when smaller).
    static constexpr float kFacePx[kFaces] = {13.0f, 19.0f, 30.0f, 64.0f};
    struct Baked;  // the faces' metrics and packed glyphs (stb_truetype), labels.cpp
    bool pack(std::vector<unsigned char>& pixels);  // every face and size into one atlas
    std::unique_ptr<Baked> baked_;
    gl::Texture texture_;
    float white_u_ = 0, white_v_ = 0;
    mutable std::unique_ptr<gl::Program> program_;
};

// Triangles in pixel coordinates of an image (origin top-left, y down), drawn
// with the font texture: glyph quads, and solid shapes through the atlas's white pixel.
class TextBatch {
public:
    struct Vertex {
        float x, y, u, v;
        uint32_t rgba;
    };
    void clear() noexcept {
        vertices_.clear();
        held_by_gpu_ = false;
        dirty_ = true;
    }
    [[nodiscard]] bool empty() const noexcept { return vertex_count() == 0; }
    [[nodiscard]] size_t vertex_count() const noexcept { return held_by_gpu_ ? uploaded_ : vertices_.size(); }
    void add_triangle(const LabelFont& font, float x0, float y0, float x1, float y1, float x2, float y2, Rgba c);
    void add_rect(const LabelFont& font, float x0, float y0, float x1, float y1, Rgba c);
    // One glyph whose pen sits at (x, y) on the baseline, turned by `angle` radians about the pen.
    void add_glyph(const LabelFont::Glyph& g, float x, float y, float angle, Rgba c);
    // A straight run of text with its baseline starting at (x, y). Returns the advance.
    float add_text(const LabelFont& font, std::u32string_view text, float x, float y, float px, bool bold, Rgba c,
                   float spacing_em = 0);
    // Draws into the bound framebuffer of `width` x `height` pixels whose top-left
    // is at (offset_x, offset_y) in the batch's frame. Once uploaded, the
    // vertices live in the GPU's buffer only (a 4K snapshot's labels and
    // halos are megabytes); adding to the batch without clear() reads them back.
    void draw(const LabelFont& font, double width, double height, double offset_x = 0, double offset_y = 0);
    // Vertices the last draw() sent: a tile draws only the blocks of the batch that reach it.
    [[nodiscard]] size_t drawn_vertices() const noexcept { return drawn_; }

private:
    // The vertices to append to: the GPU's copy read back first if the batch
    // was handed over by draw().
    std::vector<Vertex>& editable();
    std::vector<Vertex> vertices_;
    // The box (batch frame) of each block of kBlockVertices uploaded vertices,
    // so that a tile of a large image draws only the blocks that reach it.
    struct Block {
        float x0, y0, x1, y1;
    };
    static constexpr size_t kBlockVertices = 96;  // whole triangles
    std::vector<Block> blocks_;
    std::vector<GLint> firsts_;    // scratch for glMultiDrawArrays
    std::vector<GLsizei> counts_;
    gl::Buffer vbo_;
    gl::VertexArray vao_;
    size_t uploaded_ = 0, drawn_ = 0;
    bool held_by_gpu_ = false;  // vertices_ was emptied after the upload
    bool dirty_ = true;
};

// Offsets at which a text is drawn in its halo colour before the text itself:
// a ring of radius `r` pixels (denser as it grows, so large print halos stay
// smooth) and an inner ring that fills thin strokes.
[[nodiscard]] std::vector<std::pair<float, float>> halo_offsets(float r);

// [SECTION] Placement
enum class LabelShape : uint8_t { Point, Line, Area };

struct LabelRequest {
    std::u32string text;
    LabelShape shape = LabelShape::Point;
    int priority = 0;
    float size_px = 12;            // final pixel size (theme, projector scale and pixel ratio applied)
    bool bold = false;
    bool upper = false;
    Rgba colour;
    // Point: path[0] is the anchor and symbol_px the radius of its symbol.
    // Line: the polyline in image pixels. Area: path[0] is the label point.
    std::vector<float> path;       // x0,y0,x1,y1,... image pixels
    float symbol_px = 0;
    float min_extent_px = 0;       // area: skip when the area's on-screen width is below this
    float repeat_px = 0;           // same text closer than this (pixels) is not placed again
};

struct LabelPlacementOptions {
    double width = 0, height = 0;  // the whole image in pixels
    float halo_px = 1.6f;
    Rgba halo;
    float pixel_ratio = 1.0f;
    size_t max_labels = 2000;
    std::vector<std::array<float, 4>> keep_clear;  // x0,y0,x1,y1 no label may cover (scale bar, north arrow)
};

struct PlacedLabels {
    TextBatch batch;
    size_t placed = 0, considered = 0;
    std::vector<std::u32string> texts;      // in placement order (tests, debugging)
    std::vector<std::array<float, 4>> boxes;  // x0,y0,x1,y1 of each placed label
    // The boxes collisions were checked against (each glyph of a line label, the
    // text and symbol of a point label), with the label each belongs to.
    std::vector<std::array<float, 4>> collision_boxes;
    std::vector<uint32_t> collision_owner;
};

// Places requests in priority order (higher first), each only where it overlaps
// nothing placed before and lies wholly inside the image.
void place_labels(const LabelFont& font, std::vector<LabelRequest>& requests, const LabelPlacementOptions& options,
                  PlacedLabels& out);

}  // namespace atlas
